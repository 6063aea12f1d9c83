import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isolateName } from '../domain/isolate-name';

export type ApiErrorCode =
  | 'validation_failed'
  | 'invalid_json'
  | 'unsupported_media_type'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unavailable'
  | 'internal';

export interface ProblemDetail {
  /** Where the problem is: `body.url`, `query.limit`, `path.id`. */
  path: string;
  message: string;
}

/** The one shape of every non-2xx answer. */
export interface ErrorEnvelope {
  error: { code: ApiErrorCode; message: string; details?: ProblemDetail[] };
}

/**
 * An expected refusal. Thrown from handlers (Hono's HTTPException idiom) and turned into the
 * envelope by `app.onError`; anything else that reaches onError is a bug and answers 500.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: ProblemDetail[],
  ) {
    super(message);
  }
}

export function notFound(what: string): ApiError {
  return new ApiError(404, 'not_found', `${what} not found`);
}

export function conflict(message: string): ApiError {
  return new ApiError(409, 'conflict', message);
}

export function invalid(details: ProblemDetail[]): ApiError {
  const message = details.map((d) => (d.path ? `${showPath(d.path)}: ${d.message}` : d.message)).join('; ');
  return new ApiError(400, 'validation_failed', message || 'invalid request', details);
}

/**
 * A place as the message names it. Paths of the schema's own field names are printable ASCII, which
 * carries no direction, and are shown as they are; one that holds a client's key (a record key, a
 * query parameter's name) may hold an override, and is isolated like any name (see isolateName).
 * The `path` of each detail stays as it is: clients match on it.
 */
function showPath(path: string): string {
  return /^[\x20-\x7e]*$/.test(path) ? path : isolateName(path);
}

export function sendError(c: Context, error: ApiError, headers: Record<string, string> = {}): Response {
  const body: ErrorEnvelope = { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } };
  return c.json(body, error.status, headers);
}

/**
 * SQLite (and D1, which reports SQLite's messages) refuses a duplicate with this text. A race between
 * our own duplicate check and the insert lands here, and must still be a 409, not a 500.
 */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && /UNIQUE constraint failed/i.test(error.message);
}

export function isForeignKeyViolation(error: unknown): boolean {
  return error instanceof Error && /FOREIGN KEY constraint failed/i.test(error.message);
}
