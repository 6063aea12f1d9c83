import { z } from 'zod';

/**
 * Opaque page cursors: base64url of a small JSON keyset. Clients must treat them as strings; the
 * codec only exists so the keyset can change without breaking anyone who follows the rules.
 * btoa/atob rather than Buffer so the same code runs on Workers.
 */
export function encodeCursor(keyset: unknown): string {
  return btoa(JSON.stringify(keyset)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The keyset, or undefined for anything that is not a cursor we issued in this shape. */
export function decodeCursor<S extends z.ZodType>(cursor: string, schema: S): z.output<S> | undefined {
  if (cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  try {
    const json = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const result = schema.safeParse(JSON.parse(json));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

const keyPart = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** A cursor query parameter decoded with `schema`, or a validation problem. */
export function cursorString<S extends z.ZodType>(schema: S) {
  return z.string().transform((value, ctx): z.output<S> => {
    const keyset = decodeCursor(value, schema);
    if (keyset === undefined) {
      ctx.addIssue({ code: 'custom', message: 'is not a cursor from a previous page' });
      return z.NEVER;
    }
    return keyset;
  });
}

/** Mentions page by (bucket time, id), newest first. */
export const mentionKeyset = z.tuple([keyPart, keyPart.min(1)]);
/** Alerts page by id, newest first. */
export const alertKeyset = z.tuple([keyPart.min(1)]);
