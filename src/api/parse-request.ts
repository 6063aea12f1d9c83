import type { Context } from 'hono';
import { z } from 'zod';
import { ApiError, invalid, type ProblemDetail } from './api-error';
import { isolateName } from '../domain/isolate-name';
import { isNestedDeeperThan, maxJsonNesting } from './json-nesting';
import { repeatedJsonKeys } from './repeated-json-keys';

/** Where a value came from, so every problem names its place: `body.url`, `query.limit`, `path.id`. */
type Place = 'body' | 'query' | 'path';

export function toProblems(error: z.ZodError, place: Place): ProblemDetail[] {
  return error.issues.flatMap((issue) => {
    const path = [place, ...issue.path.map(String)].join('.');
    // A bad key of a record: zod reports "Invalid key in record" and keeps the key's own reason inside.
    if (issue.code === 'invalid_key' && issue.issues.length > 0) {
      const key = JSON.stringify(isolateName(String(issue.path.at(-1) ?? '')));
      return issue.issues.map((inner) => ({ path, message: `key ${key} ${inner.message}` }));
    }
    return [{ path, message: isMissing(issue) ? 'is required' : isolateUnknownKeys(issue) }];
  });
}

/**
 * zod's "Unrecognized keys: "a", "b"" quotes the client's keys bare; the same words with each key in
 * its isolate (see isolateName). A schema's own message for unknown keys is kept as it is.
 */
function isolateUnknownKeys(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'unrecognized_keys') return issue.message;
  const quoted = (keys: string[]) => `Unrecognized key${keys.length > 1 ? 's' : ''}: ${keys.map((key) => `"${key}"`).join(', ')}`;
  return issue.message === quoted(issue.keys) ? quoted(issue.keys.map(isolateName)) : issue.message;
}

/** zod says "Invalid input: expected string, received undefined" for a field left out. */
function isMissing(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'invalid_type' && /received undefined$/.test(issue.message);
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, place: Place): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalid(toProblems(result.error, place));
  return result.data;
}

/**
 * The JSON body, validated. Malformed JSON is a 400 of its own kind so clients can tell the two apart;
 * a body that is not sent as JSON is a 415 (a form post from another site is not an API call); text
 * that is not UTF-8, and strings holding control characters or unpaired surrogates, are refused by
 * place instead of being stored as replacement characters or NULs that every reader then trips on; so
 * is a key given twice in one object, of which JSON.parse would keep the last.
 */
export async function parseJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  return parseWith(schema, await readJsonBody(c), 'body');
}

/** The request body as JSON (not yet validated), or the error that says why it is not. */
export async function readJsonBody(c: Context): Promise<unknown> {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  const type = c.req.header('content-type') ?? '';
  if (bytes.length > 0 && !/^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i.test(type)) {
    throw new ApiError(415, 'unsupported_media_type', `send the body as JSON with Content-Type: application/json${type === '' ? '' : ` (it was ${type.slice(0, 100)})`}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError(400, 'invalid_json', 'request body is not valid UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', text.trim() === '' ? 'request body must be a JSON object' : 'request body is not valid JSON');
  }
  if (isNestedDeeperThan(value, maxJsonNesting)) throw invalid([{ path: 'body', message: `must not be nested more than ${maxJsonNesting} levels deep` }]);
  const problems = [...unsafeStrings(value, 'body'), ...repeatedJsonKeys(text, 'body')];
  if (problems.length > 0) throw invalid(problems);
  return value;
}

// C0 controls but tab, line feed and carriage return; DEL and C1 controls.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Every string (keys included) holding a control character or an unpaired surrogate, by place. */
function unsafeStrings(value: unknown, path: string): ProblemDetail[] {
  const check = (text: string, at: string): ProblemDetail[] =>
    CONTROL.test(text) ? [{ path: at, message: 'must not contain control characters' }]
    : LONE_SURROGATE.test(text) ? [{ path: at, message: 'must be valid Unicode (it holds an unpaired surrogate)' }]
    : [];
  if (typeof value === 'string') return check(value, path);
  if (Array.isArray(value)) return value.flatMap((item, i) => unsafeStrings(item, `${path}.${i}`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [...check(key, `${path}.${key}`), ...unsafeStrings(item, `${path}.${key}`)]);
  }
  return [];
}

/**
 * Query parameters, validated. Each is taken once: `limit=1&limit=500` is refused by name rather than
 * read as its first value with the rest dropped, which would answer a request the client did not make.
 */
export function parseSearchParams<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const repeated = Object.entries(c.req.queries())
    .filter(([, values]) => values.length > 1)
    .map(([name, values]) => ({ path: `query.${name}`, message: `is given ${values.length} times; give it once` }));
  const result = schema.safeParse(c.req.query());
  if (result.success && repeated.length === 0) return result.data;
  throw invalid([...repeated, ...(result.success ? [] : toProblems(result.error, 'query'))]);
}

/**
 * The query of a list that is returned whole (topics, sources, webhooks: tens, not thousands). A
 * `limit` or `cursor` there would be silently ignored, and a client would think it paged.
 */
export const wholeListQuery = z.strictObject({}, { error: 'this list is returned whole: it takes no query parameters (limit and cursor are for mentions, alerts and deliveries)' });

/** Path parameters, validated. */
export function parsePathParams<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parseWith(schema, c.req.param(), 'path');
}

/** A row id: a positive safe integer written in plain decimal ("007", "1e3", "-1" and "1.0" are refused). */
export const idString = z
  .string()
  // abort: "abc" is not a whole number; telling it that it is also too large would be wrong.
  .regex(/^[1-9][0-9]*$/, { message: 'must be a positive whole number', abort: true })
  .refine((s) => s.length <= 16 && Number.isSafeInteger(Number(s)), 'is too large: no row has that id')
  .transform(Number);

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
export const maxInstant = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A point in time as epoch milliseconds or ISO 8601. A date-time must carry `Z` or an offset:
 * without one, `Date.parse` would read it in the server's time zone and answers would depend on the host.
 */
export const instantString = z.string().transform((value, ctx) => {
  let at = Number.NaN;
  if (/^[0-9]{1,15}$/.test(value)) at = Number(value);
  else if (isoDate.test(value) || isoDateTime.test(value)) at = isRealTime(value) ? Date.parse(value) : Number.NaN;
  // Only a date-time that really has no zone is told to add one (a 10-digit fraction with Z is wrong otherwise).
  else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) && !/(Z|[+-]\d{2}:?\d{2})$/i.test(value)) {
    // A query string reads an unescaped + as a space: ?from=...T10:00:00+01:00 arrives as "... 01:00".
    const plusAsSpace = isoDateTime.test(value.replace(/ (\d{2}:\d{2})$/, '+$1'));
    ctx.addIssue({ code: 'custom', message: plusAsSpace ? 'its + offset arrived as a space: write + as %2B in a query string' : 'an ISO date-time needs Z or a ±hh:mm offset' });
    return z.NEVER;
  }
  if (!Number.isFinite(at) || at < 0 || at > maxInstant) {
    ctx.addIssue({ code: 'custom', message: 'must be epoch milliseconds or an ISO 8601 date (2026-01-31 or 2026-01-31T12:00:00Z)' });
    return z.NEVER;
  }
  return at;
});

/**
 * Date.parse rolls impossible dates over (2026-02-30 is read as 2 March), so the parts are checked
 * first: a month of 1-12, a day its month has, hours 0-23, minutes and seconds 0-59, an offset under 24 h.
 */
function isRealTime(value: string): boolean {
  const [, y, mo, d, h = '0', mi = '0', sec = '0', oh = '0', om = '0'] =
    /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2})))?$/.exec(value) ?? [];
  if (y === undefined || mo === undefined || d === undefined) return false;
  const month = Number(mo);
  const daysInMonth = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && Number(d) >= 1 && Number(d) <= daysInMonth && Number(h) <= 23 && Number(mi) <= 59 && Number(sec) <= 59 && Number(oh) <= 23 && Number(om) <= 59;
}

/** Adds a problem when both ends are given and the range is empty or reversed. */
export function checkRange(value: { from?: number | undefined; to?: number | undefined }, ctx: z.RefinementCtx): void {
  if (value.from !== undefined && value.to !== undefined && value.from >= value.to) {
    ctx.addIssue({ code: 'custom', path: ['from'], message: 'must be before to' });
  }
}
