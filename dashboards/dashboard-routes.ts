import { Hono } from 'hono';
import { dashboardHtml } from './dashboard-page';
import { dashboardJs } from './dashboard-script';
import { dashboardCss } from './dashboard-styles';

/**
 * Only our own script and stylesheet, only our own API, no frames, no forms posting elsewhere:
 * if scraped text ever did reach the DOM as markup, an injected script or beacon still could not run.
 */
export const dashboardCsp = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const pageHeaders = {
  'Content-Security-Policy': dashboardCsp,
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-cache',
};

/** The single-page dashboard at `/`; it reads the JSON API like any other client. */
export function dashboardRoutes(): Hono {
  const app = new Hono();
  app.get('/', (c) => c.html(dashboardHtml, 200, pageHeaders));
  app.get('/dashboard.js', (c) => c.body(dashboardJs, 200, { ...pageHeaders, 'Content-Type': 'text/javascript; charset=utf-8' }));
  app.get('/dashboard.css', (c) => c.body(dashboardCss, 200, { ...pageHeaders, 'Content-Type': 'text/css; charset=utf-8' }));
  return app;
}
