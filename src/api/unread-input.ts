import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { invalid } from './api-error';
import { isolateName } from '../domain/isolate-name';
import { parseJsonBody } from './parse-request';

/**
 * Route-level guards for input a route does not read. Without them `DELETE /api/topics/1?force=true`
 * or `POST /api/alerts/1/ack` with `{"status":"resolved"}` answered as if the parameter or field had
 * been honoured, and the client believed it had asked for something that was never done. Every other
 * route refuses what it does not know (strict schemas), so these refuse too. Given as route middleware
 * (`app.delete('/:id', takesNoQuery, takesNoBody, handler)`), they run only once the method matched:
 * a wrong method is still a 405 first.
 */
export const takesNoQuery: MiddlewareHandler = async (c, next) => {
  const names = Object.keys(c.req.queries());
  if (names.length > 0) {
    const given = names.slice(0, 5).map((name) => JSON.stringify(isolateName(name.slice(0, 50)))).join(', ');
    throw invalid([{ path: 'query', message: `this route takes no query parameters (it was given ${given}${names.length > 5 ? ', …' : ''})` }]);
  }
  await next();
};

/** `{}` is let through: some clients send it with every POST, and it asks for nothing. */
const emptyObject = z.strictObject({}, { error: 'this route takes no body: send none (or {})' });

/** No body, or `{}`; anything else is refused as a body is everywhere (415 for a non-JSON type, invalid_json, 400). */
export const takesNoBody: MiddlewareHandler = async (c, next) => {
  if ((await c.req.arrayBuffer()).byteLength > 0) await parseJsonBody(c, emptyObject);
  await next();
};
