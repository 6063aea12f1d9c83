import { parseRetryAfter } from '../http/retry-after';
import type { SafeFetchFailure, SafeResponse } from '../http/safe-fetch';
import type { SourceFailure } from './source-adapter';

/** A SafeFetch failure as the source error stored on the source (and shown in its health). */
export function failureFromFetch(failure: SafeFetchFailure): SourceFailure {
  const { kind, message } = failure.error;
  switch (kind) {
    case 'timeout':
    case 'network':
    case 'blocked':
    case 'too-large':
      return { kind, message };
    case 'invalid-url':
      return { kind: 'blocked', message };
    case 'redirect-limit':
      return { kind: 'http', message };
  }
}

/**
 * A non-2xx answer as a source error. 429, and 503 when it says when to come back, are rate limits:
 * the crawl must not ask again before Retry-After (seconds or HTTP date), whatever its backoff says.
 */
export function failureFromStatus(response: SafeResponse, now: number): SourceFailure {
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
  const status = response.status;
  if (status === 429 || (status === 503 && retryAfterMs !== null)) {
    return { kind: 'rate-limited', message: `HTTP ${status}`, httpStatus: status, ...(retryAfterMs === null ? {} : { retryAfterMs }) };
  }
  return { kind: 'http', message: `HTTP ${status}`, httpStatus: status, ...(retryAfterMs === null ? {} : { retryAfterMs }) };
}
