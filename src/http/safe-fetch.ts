/**
 * The outbound HTTP port. Every request Earshot makes to a URL a user gave (feeds, APIs, webhooks)
 * goes through one of these: timeout, response byte cap, redirect cap, and the URL guard
 * (loopback, private, link-local, CGNAT and metadata addresses refused; the operator may allow all but
 * IPv4 link-local and metadata addresses).
 * Expected failures are values, never throws.
 */
export type SafeFetch = (request: SafeRequest) => Promise<SafeFetchResult>;

export interface SafeRequest {
  url: string;
  method?: 'GET' | 'POST' | 'HEAD';
  headers?: Record<string, string>;
  body?: string;
  /** Whole exchange, connect to last byte. */
  timeoutMs?: number;
  /** Decoded body bytes beyond which the response is abandoned as too-large. */
  maxBytes?: number;
  maxRedirects?: number;
}

export interface SafeResponse {
  kind: 'response';
  status: number;
  headers: Headers;
  body: Uint8Array;
  /** After redirects. */
  url: string;
  /** How `url` was reached: see RedirectChain. */
  redirectChain: RedirectChain;
}

/**
 * What the redirects followed to the answer said: none, each one a permanent move (301 or 308: the
 * resource has a new URL for good, RFC 9110 §15.4.2 and §15.4.9, so a client may use it from now on),
 * or at least one temporary (302, 303, 307: ask the first URL again next time).
 */
export type RedirectChain = 'none' | 'all-permanent' | 'some-temporary';

export type SafeFetchErrorKind = 'timeout' | 'network' | 'blocked' | 'too-large' | 'redirect-limit' | 'invalid-url';

export interface SafeFetchFailure {
  kind: 'failed';
  error: { kind: SafeFetchErrorKind; message: string };
}

export type SafeFetchResult = SafeResponse | SafeFetchFailure;
