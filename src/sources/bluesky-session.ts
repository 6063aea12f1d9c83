import { z } from 'zod';
import { callXrpc } from './bluesky-xrpc';
import type { SourceFailure, SourceIo } from './source-adapter';

/** The session an adapter holds between crawls. createSession is limited (30 per 5 minutes, 300 a day), so it is reused. */
export interface BlueskySessionCache {
  current: { key: string; accessJwt: string; refreshJwt: string } | null;
}

export interface BlueskyCredentials {
  identifier: string;
  appPassword: string;
}

const sessionSchema = z.object({ accessJwt: z.string().min(1), refreshJwt: z.string().min(1), did: z.string().optional() });

type SessionResult = { kind: 'ok'; accessJwt: string } | { kind: 'failed'; error: SourceFailure };

/** The held session's access token, or a new session from the app password. */
export async function obtainBlueskySession(
  io: SourceIo,
  service: string,
  credentials: BlueskyCredentials,
  cache: BlueskySessionCache,
  timeoutMs: number,
): Promise<SessionResult> {
  const key = `${service} ${credentials.identifier}`;
  if (cache.current?.key === key) return { kind: 'ok', accessJwt: cache.current.accessJwt };
  const result = await callXrpc(io, {
    service,
    method: 'com.atproto.server.createSession',
    input: { identifier: credentials.identifier, password: credentials.appPassword },
    timeoutMs,
  });
  return storeSession(result, key, cache, 'Bluesky refused the identifier and app password');
}

/**
 * After `ExpiredToken`: a new access token from the refresh token (`refreshSession`); when that is
 * refused too, a new session from the app password.
 */
export async function renewBlueskySession(
  io: SourceIo,
  service: string,
  credentials: BlueskyCredentials,
  cache: BlueskySessionCache,
  timeoutMs: number,
): Promise<SessionResult> {
  const held = cache.current;
  cache.current = null;
  if (held !== null) {
    const result = await callXrpc(io, { service, method: 'com.atproto.server.refreshSession', token: held.refreshJwt, post: true, timeoutMs });
    const renewed = storeSession(result, held.key, cache, 'Bluesky refused the refresh token');
    if (renewed.kind === 'ok' || renewed.error.kind === 'rate-limited') return renewed;
  }
  return obtainBlueskySession(io, service, credentials, cache, timeoutMs);
}

function storeSession(result: Awaited<ReturnType<typeof callXrpc>>, key: string, cache: BlueskySessionCache, refusal: string): SessionResult {
  if (result.kind === 'failed') {
    const status = result.error.httpStatus;
    return status === 400 || status === 401 ? { kind: 'failed', error: { ...result.error, message: `${refusal} (HTTP ${status})` } } : result;
  }
  const session = sessionSchema.safeParse(result.value);
  if (!session.success) return { kind: 'failed', error: { kind: 'parse', message: 'Bluesky session answer has no tokens' } };
  cache.current = { key, accessJwt: session.data.accessJwt, refreshJwt: session.data.refreshJwt };
  return { kind: 'ok', accessJwt: session.data.accessJwt };
}
