import type { MiddlewareHandler } from 'hono';
import type { Db } from '../storage/database';
import { listApiKeyHashes } from '../storage/api-key-store';
import { ApiError, sendError } from './api-error';

/** SHA-256 hex of a key, with Web Crypto so it runs on Workers as well as Node. */
export async function hashApiKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Compares two hex digests without an early exit. Both sides are hashes of fixed length, so timing
 * reveals neither the key nor how much of a guess matched.
 */
export function isSameDigest(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i += 1) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}

// RFC 6750 §2.1: the scheme is case-insensitive; the token is b64token characters.
const bearer = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * `Authorization: Bearer <key>`, checked against every stored hash (no early exit either, so the
 * number of keys tried does not depend on which one matched). Refusals carry `WWW-Authenticate`
 * (RFC 6750 §3) in the usual envelope.
 */
export function requireApiKey(db: Db): MiddlewareHandler {
  return async (c, next) => {
    const match = bearer.exec(c.req.header('authorization') ?? '');
    if (!match) {
      return sendError(c, new ApiError(401, 'unauthorized', 'an API key is required: Authorization: Bearer <key>'), {
        'WWW-Authenticate': 'Bearer realm="earshot"',
      });
    }
    const presented = await hashApiKey(match[1]!);
    let accepted = false;
    for (const stored of await listApiKeyHashes(db)) accepted = isSameDigest(presented, stored) || accepted;
    if (!accepted) {
      return sendError(c, new ApiError(401, 'unauthorized', 'the API key is not valid'), {
        'WWW-Authenticate': 'Bearer realm="earshot", error="invalid_token"',
      });
    }
    await next();
  };
}
