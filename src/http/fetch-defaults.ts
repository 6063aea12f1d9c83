/**
 * A descriptive User-Agent with a contact URL: Reddit's API rules require one, and feed hosts
 * (miniflux does the same) use it to tell a reader from a scraper before they rate-limit.
 */
export const earshotUserAgent = 'Earshot/0.1 (+https://github.com/earshot/earshot)';

/** Limits every SafeFetch applies when a request does not set its own. */
export const defaultFetchLimits = {
  /** Connect to last byte, across every redirect hop. */
  timeoutMs: 20_000,
  /** Decoded bytes. Real feeds are well under 5 MB; a larger body is a mistake or an attack. */
  maxBytes: 10 * 1024 * 1024,
  /** Browsers allow 20; feeds that need more than 5 are misconfigured. */
  maxRedirects: 5,
} as const;
