import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { dashboardRoutes } from '../../dashboards/dashboard-routes';
import type { Deps } from '../runtime/deps';
import { alertRoutes } from './alert-routes';
import { ApiError, isForeignKeyViolation, isUniqueViolation, sendError } from './api-error';
import { healthRoutes } from './health-routes';
import { isolateName } from '../domain/isolate-name';
import { mentionRoutes } from './mention-routes';
import { refuseCrossSiteWrites, refuseNonLoopbackHosts } from './refuse-foreign-requests';
import { requireApiKey } from './require-api-key';
import type { RouteContext } from './route-context';
import { seriesRoutes } from './series-routes';
import { sourceRoutes } from './source-routes';
import { topicRoutes } from './topic-routes';
import { webhookRoutes } from './webhook-routes';
import { deliveryRoutes } from './delivery-routes';
import { detectionRoutes } from './detection-routes';
import { topicMuteRoutes } from './topic-mute-routes';
import { webhookDeliveryRoutes } from './webhook-delivery-routes';

export interface AppOptions {
  /** The clock for created/updated times and default series windows. */
  now: () => number;
  /**
   * `required: false` only for a loopback binding without EARSHOT_API_KEY; the runtime decides and says so
   * at start. Without a key the app also answers only loopback Host names (DNS rebinding).
   */
  auth: { required: boolean };
  /** EARSHOT_ALLOW_PRIVATE_URLS: lets source and webhook URLs with private literal hosts through validation. */
  allowPrivateUrls: boolean;
}

/** Request bodies are small JSON objects; anything bigger is a mistake or an attack. */
export const maxBodyBytes = 64 * 1024;

/** The HTTP API (and, mounted beside it, the dashboard). Runtime-agnostic: Node serves it, Workers export its fetch. */
export function createApp(deps: Deps, options: AppOptions): Hono {
  const app = new Hono();
  const context: RouteContext = { deps, now: options.now, allowPrivateUrls: options.allowPrivateUrls };

  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    if (c.req.path.startsWith('/api/') || c.req.path === '/health') c.header('Cache-Control', 'no-store');
  });
  if (!options.auth.required) app.use('*', refuseNonLoopbackHosts());
  app.use('/api/*', refuseCrossSiteWrites());
  // The key first: a stranger's body is neither read nor judged, and a 413 would answer them before the 401 does.
  if (options.auth.required) app.use('/api/*', requireApiKey(deps.db));
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) => sendError(c, new ApiError(413, 'payload_too_large', `request body must be at most ${maxBodyBytes} bytes`)),
    }),
  );

  app.route('/health', healthRoutes(context));

  app.route('/api/topics', topicRoutes(context));
  app.route('/api/topics', seriesRoutes(context));
  app.route('/api/topics', detectionRoutes(context));
  app.route('/api/topics', topicMuteRoutes(context));
  app.route('/api/sources', sourceRoutes(context));
  app.route('/api/webhooks', webhookRoutes(context));
  app.route('/api/webhooks', webhookDeliveryRoutes(context));
  app.route('/api/deliveries', deliveryRoutes(context));
  app.route('/api/mentions', mentionRoutes(context));
  app.route('/api/alerts', alertRoutes(context));
  app.route('/', dashboardRoutes());

  app.notFound((c) => sendError(c, new ApiError(404, 'not_found', `no route for ${c.req.method} ${isolateName(c.req.path)}`)));
  app.onError((error, c) => {
    if (error instanceof ApiError) return sendError(c, error);
    // Our own duplicate checks run before writes; a concurrent writer can still win the race.
    if (isUniqueViolation(error)) return sendError(c, new ApiError(409, 'conflict', 'this conflicts with an existing record'));
    if (isForeignKeyViolation(error)) return sendError(c, new ApiError(409, 'conflict', 'this refers to a record that no longer exists'));
    deps.log.error('request failed', { method: c.req.method, path: c.req.path, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    return sendError(c, new ApiError(500, 'internal', 'internal error'));
  });
  return app;
}
