/**
 * How long a response says it stays fresh (RFC 9111 §4.2.1): Cache-Control max-age minus Age, else
 * Expires minus Date. Null when it says nothing; 0 for no-cache/no-store or an unreadable Expires.
 */
export function freshnessLifetimeMs(headers: Headers, now: number): number | null {
  const cacheControl = (headers.get('cache-control') ?? '').toLowerCase();
  if (/(^|[,\s])(no-store|no-cache)\b/.test(cacheControl)) return 0;
  const maxAge = /(?:^|[,\s])max-age\s*=\s*"?(\d{1,10})"?/.exec(cacheControl)?.[1];
  if (maxAge !== undefined) {
    const age = Number(headers.get('age') ?? '0');
    return Math.max(0, Number(maxAge) - (Number.isFinite(age) ? age : 0)) * 1000;
  }
  const expires = headers.get('expires');
  if (expires === null) return null;
  const expiresAt = Date.parse(expires);
  if (Number.isNaN(expiresAt)) return 0;
  const served = Date.parse(headers.get('date') ?? '');
  return Math.max(0, expiresAt - (Number.isNaN(served) ? now : served));
}

export interface NextCheckLimits {
  /** At or below this the scheduler's own interval applies: a server cannot make us poll faster. */
  minMs: number;
  /** A server cannot park a source for longer than this either (a year-long max-age is a mistake). */
  maxMs: number;
}

export const defaultNextCheckLimits: NextCheckLimits = { minMs: 10 * 60 * 1000, maxMs: 12 * 60 * 60 * 1000 };

/**
 * When to check again from what the server and publisher said (freshness lifetime, RSS `<ttl>`), within
 * limits; undefined leaves the scheduler's interval in charge. Like miniflux, this only ever slows polling.
 */
export function nextCheckInMs(lifetimesMs: Array<number | null>, limits: NextCheckLimits = defaultNextCheckLimits): number | undefined {
  const longest = Math.max(0, ...lifetimesMs.filter((value): value is number => value !== null));
  if (longest <= limits.minMs) return undefined;
  return Math.min(longest, limits.maxMs);
}
