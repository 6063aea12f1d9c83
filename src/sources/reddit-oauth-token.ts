import { z } from 'zod';
import { fetchSourceJson } from './fetch-source-json';
import type { SourceFailure, SourceIo } from './source-adapter';

/** The app-only token an adapter holds between crawls; one per adapter, replaced when it expires. */
export interface RedditTokenCache {
  current: { clientId: string; accessToken: string; expiresAt: number } | null;
}

const tokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().positive().default(3600) });

/** Tokens are renewed this long before Reddit says they expire, so a crawl never sends a dying one. */
const renewEarlyMs = 5 * 60 * 1000;

/**
 * An application-only OAuth token (RFC 6749 §4.4 client_credentials, HTTP Basic with the operator's
 * client id and secret) from `www.reddit.com/api/v1/access_token`, reused until shortly before it
 * expires (Reddit grants 24 h). The secret and the token never appear in a failure message.
 */
export async function obtainRedditToken(
  io: SourceIo,
  credentials: { clientId: string; clientSecret: string },
  cache: RedditTokenCache,
  limits: { tokenUrl: string; timeoutMs: number; userAgent: string },
): Promise<{ kind: 'ok'; accessToken: string } | { kind: 'failed'; error: SourceFailure }> {
  const held = cache.current;
  if (held !== null && held.clientId === credentials.clientId && held.expiresAt - renewEarlyMs > io.now) {
    return { kind: 'ok', accessToken: held.accessToken };
  }
  cache.current = null;
  const result = await fetchSourceJson(io, {
    url: limits.tokenUrl,
    method: 'POST',
    headers: { authorization: `Basic ${btoa(`${credentials.clientId}:${credentials.clientSecret}`)}`, 'content-type': 'application/x-www-form-urlencoded', 'user-agent': limits.userAgent },
    body: 'grant_type=client_credentials',
    timeoutMs: limits.timeoutMs,
    // The token endpoint does not redirect; following one would be trusting a host the operator did not name.
    maxRedirects: 0,
  });
  if (result.kind === 'failed') {
    const refused = result.error.httpStatus === 401 || result.error.httpStatus === 403;
    return refused ? { kind: 'failed', error: { ...result.error, message: `Reddit refused the client id and secret (HTTP ${result.error.httpStatus})` } } : result;
  }
  const parsed = tokenSchema.safeParse(result.kind === 'ok' ? result.value : null);
  if (!parsed.success) {
    return { kind: 'failed', error: { kind: 'http', message: 'Reddit token endpoint answered without a token (check the app type: it must be a script or web app)' } };
  }
  cache.current = { clientId: credentials.clientId, accessToken: parsed.data.access_token, expiresAt: io.now + parsed.data.expires_in * 1000 };
  return { kind: 'ok', accessToken: parsed.data.access_token };
}
