import type { Context } from 'hono';
import { z } from 'zod';
import { ApiError, invalid, type ProblemDetail } from './api-error';

/** Where a value came from, so every problem names its place: `body.url`, `query.limit`, `path.id`. */
type Place = 'body' | 'query' | 'path';

export function toProblems(error: z.ZodError, place: Place): ProblemDetail[] {
  return error.issues.map((issue) => ({
    path: [place, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, place: Place): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalid(toProblems(result.error, place));
  return result.data;
}

/** The JSON body, validated; malformed JSON is a 400 of its own kind so clients can tell the two apart. */
export async function parseJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const text = await c.req.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', text.trim() === '' ? 'request body must be a JSON object' : 'request body is not valid JSON');
  }
  return parseWith(schema, value, 'body');
}

/** Query parameters (the first value of each), validated. */
export function parseSearchParams<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parseWith(schema, c.req.query(), 'query');
}

/** Path parameters, validated. */
export function parsePathParams<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parseWith(schema, c.req.param(), 'path');
}

/** A row id: a positive safe integer written in plain decimal ("007", "1e3", "-1" and "1.0" are refused). */
export const idString = z
  .string()
  .regex(/^[1-9][0-9]{0,15}$/, 'must be a positive whole number')
  .transform(Number)
  .refine((n) => Number.isSafeInteger(n), 'is too large');

export const idParams = z.object({ id: idString });

export function parseId(c: Context): number {
  return parsePathParams(c, idParams).id;
}

/** `1..max`, default when absent. */
export function limitString(max: number, fallback: number) {
  return z
    .string()
    .regex(/^[0-9]{1,4}$/, `must be a whole number from 1 to ${max}`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, `must be a whole number from 1 to ${max}`)
    .default(fallback);
}

/** Latest instant we accept: the end of year 9999, far beyond any feed but inside Date's range. */
const maxInstant = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A point in time as epoch milliseconds or ISO 8601. A date-time must carry `Z` or an offset:
 * without one, `Date.parse` would read it in the server's time zone and answers would depend on the host.
 */
export const instantString = z.string().transform((value, ctx) => {
  let at = Number.NaN;
  if (/^[0-9]{1,15}$/.test(value)) at = Number(value);
  else if (isoDate.test(value) || isoDateTime.test(value)) at = Date.parse(value);
  else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) {
    ctx.addIssue({ code: 'custom', message: 'an ISO date-time needs Z or a ±hh:mm offset' });
    return z.NEVER;
  }
  if (!Number.isFinite(at) || at < 0 || at > maxInstant) {
    ctx.addIssue({ code: 'custom', message: 'must be epoch milliseconds or an ISO 8601 date (2026-01-31 or 2026-01-31T12:00:00Z)' });
    return z.NEVER;
  }
  return at;
});

/** Adds a problem when both ends are given and the range is empty or reversed. */
export function checkRange(value: { from?: number | undefined; to?: number | undefined }, ctx: z.RefinementCtx): void {
  if (value.from !== undefined && value.to !== undefined && value.from >= value.to) {
    ctx.addIssue({ code: 'custom', path: ['from'], message: 'must be before to' });
  }
}
