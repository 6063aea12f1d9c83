import type { DeliveryOutcome } from '../domain/delivery';
import { parseRetryAfter } from '../http/retry-after';
import type { SafeFetchResult } from '../http/safe-fetch';

/**
 * One send's answer as an outcome (Standard Webhooks, "Delivery success and failure"):
 *
 * | answer                                   | outcome                          |
 * | ---------------------------------------- | -------------------------------- |
 * | 2xx                                      | delivered                        |
 * | 408, 429, 5xx                            | retry (Retry-After honoured)     |
 * | 3xx (redirects are not followed)         | retry                            |
 * | network error, timeout, oversized answer | retry                            |
 * | 410 Gone                                 | rejected, endpoint gone          |
 * | other 4xx                                | rejected                         |
 * | URL refused by the guard, invalid URL    | rejected                         |
 */
export function classifyResponse(response: SafeFetchResult, now: number): DeliveryOutcome {
  if (response.kind === 'failed') {
    if (response.error.kind === 'blocked' || response.error.kind === 'invalid-url') {
      return { status: 'rejected', reason: `${response.error.kind}: ${response.error.message}`, httpStatus: 0 };
    }
    return { status: 'retry', reason: `${response.error.kind}: ${response.error.message}` };
  }
  const status = response.status;
  if (status >= 200 && status < 300) return { status: 'delivered', httpStatus: status };
  const reason = `HTTP ${status}${bodyExcerpt(response.body)}`;
  if (status === 408 || status === 429 || status >= 500 || (status >= 300 && status < 400)) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now) ?? bodyRetryAfterMs(status, response.body);
    return { status: 'retry', reason, httpStatus: status, ...(retryAfterMs !== null ? { retryAfterMs } : {}) };
  }
  return { status: 'rejected', reason, httpStatus: status, ...(status === 410 ? { endpointGone: true } : {}) };
}

/** Slack and Discord explain a refusal in the body ("invalid_payload", {"message": ...}): keep a little of it. */
function bodyExcerpt(body: Uint8Array): string {
  if (body.length === 0) return '';
  const text = new TextDecoder().decode(body.subarray(0, 200)).replace(/\s+/g, ' ').trim();
  return text === '' ? '' : `: ${text}`;
}

/** Discord's 429 body states `retry_after` in (fractional) seconds; used when the header is missing. */
function bodyRetryAfterMs(status: number, body: Uint8Array): number | null {
  if (status !== 429 || body.length === 0) return null;
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(body));
    const seconds = typeof value === 'object' && value !== null ? (value as { retry_after?: unknown }).retry_after : undefined;
    return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? Math.min(Math.ceil(seconds * 1000), 24 * 3_600_000) : null;
  } catch {
    return null;
  }
}
