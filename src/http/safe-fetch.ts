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
}

export type SafeFetchErrorKind = 'timeout' | 'network' | 'blocked' | 'too-large' | 'redirect-limit' | 'invalid-url';

export interface SafeFetchFailure {
  kind: 'failed';
  error: { kind: SafeFetchErrorKind; message: string };
}

export type SafeFetchResult = SafeResponse | SafeFetchFailure;
