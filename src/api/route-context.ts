import type { Hono } from 'hono';
import type { Deps } from '../runtime/deps';
import { ApiError, sendError } from './api-error';

/** What every route module receives: the dependencies, the clock and the operator's URL policy. */
export interface RouteContext {
  deps: Deps;
  now: () => number;
  allowPrivateUrls: boolean;
}

/**
 * Answers 405 with `Allow` for the methods a path does not serve. Registered after the real
 * handlers, so it only sees what they did not match.
 */
export function refuseOtherMethods(app: Hono, path: string, methods: string[]): void {
  const allow = [...methods, ...(methods.includes('GET') ? ['HEAD'] : [])].join(', ');
  app.all(path, (c) => sendError(c, new ApiError(405, 'method_not_allowed', `${c.req.method} is not allowed here; use ${allow}`), { Allow: allow }));
}
