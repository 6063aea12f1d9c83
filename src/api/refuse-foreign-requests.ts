import type { MiddlewareHandler } from 'hono';
import { isLoopbackHostHeader } from '../http/loopback-host';
import { ApiError, sendError } from './api-error';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cross-site request forgery: a page on another site can make the browser send a simple POST
 * (a form, or fetch in no-cors mode) to this API, and a keyless loopback install would obey it:
 * register the attacker's webhook, acknowledge a live alert. Browsers say where a request comes
 * from (Sec-Fetch-Site, Origin); writes from anywhere but this origin are refused. Clients that are
 * not browsers (curl, scripts) send neither header and are not affected.
 */
export function refuseCrossSiteWrites(): MiddlewareHandler {
  return async (c, next) => {
    if (unsafeMethods.has(c.req.method)) {
      const site = c.req.header('sec-fetch-site');
      const origin = c.req.header('origin');
      const crossSite = site !== undefined ? site !== 'same-origin' && site !== 'none' : origin !== undefined && !isSameOrigin(origin, c.req.url);
      if (crossSite) return sendError(c, new ApiError(403, 'forbidden', 'cross-site writes are refused; call the API from the dashboard or a non-browser client'));
    }
    await next();
  };
}

function isSameOrigin(origin: string, requestUrl: string): boolean {
  try {
    return new URL(origin).origin === new URL(requestUrl).origin;
  } catch {
    return false;
  }
}

/**
 * DNS rebinding: without a key the API trusts whoever reaches the loopback port, and a site whose
 * name re-resolves to 127.0.0.1 reaches it from the browser as its own origin. Such a request still
 * names the site in Host, so a keyless server answers only loopback host names.
 */
export function refuseNonLoopbackHosts(): MiddlewareHandler {
  return async (c, next) => {
    if (!isLoopbackHostHeader(c.req.header('host') ?? new URL(c.req.url).host)) {
      return sendError(c, new ApiError(403, 'forbidden', 'this server has no API key and answers only on a loopback host name (127.0.0.1, localhost, [::1])'));
    }
    await next();
  };
}
