/** Longest wait we accept from a server: a typo'd or hostile Retry-After must not park a source for a year. */
const maxRetryAfterMs = 24 * 60 * 60 * 1000;

/**
 * Milliseconds to wait from a Retry-After header (RFC 9110 §10.2.3: delay-seconds or an HTTP-date),
 * clamped to [0, 24 h]; null when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, maxRetryAfterMs);
  // An HTTP-date always names its weekday or month; a bare "-5" is neither seconds nor a date.
  if (!/[a-z]/i.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(0, at - now), maxRetryAfterMs);
}
