import { parseRetryAfter } from '../http/retry-after';
import type { SafeRequest, SafeResponse } from '../http/safe-fetch';
import { failureFromFetch, failureFromStatus } from './http-failure';
import type { SourceFailure, SourceIo } from './source-adapter';

export type JsonFetchResult =
  | { kind: 'ok'; value: unknown; response: SafeResponse }
  | { kind: 'not-modified'; response: SafeResponse }
  | { kind: 'failed'; error: SourceFailure };

/** API answers are small; anything past this is a mistake or an attack, and fails as too-large. */
export const defaultApiMaxBytes = 4 * 1024 * 1024;
export const defaultApiTimeoutMs = 20_000;

/**
 * One JSON API request for the social sources: SafeFetch limits, failures classified like the feed
 * source's, a 429 without Retry-After still told when to come back (from the rate-limit headers), and
 * a body that is not JSON reported as a parse error instead of thrown.
 */
export async function fetchSourceJson(io: SourceIo, request: SafeRequest): Promise<JsonFetchResult> {
  const result = await io.fetch({
    timeoutMs: defaultApiTimeoutMs,
    maxBytes: defaultApiMaxBytes,
    ...request,
    headers: { accept: 'application/json', ...request.headers },
  });
  if (result.kind === 'failed') return { kind: 'failed', error: failureFromFetch(result) };
  if (result.status === 304) return { kind: 'not-modified', response: result };
  if (result.status < 200 || result.status > 299) return { kind: 'failed', error: failureFromRateLimitedStatus(result, io.now) };
  try {
    return { kind: 'ok', value: JSON.parse(new TextDecoder('utf-8', { fatal: false }).decode(result.body)) as unknown, response: result };
  } catch (error) {
    return { kind: 'failed', error: { kind: 'parse', message: `not JSON: ${error instanceof Error ? error.message : String(error)}` } };
  }
}

/** failureFromStatus, with the reset time of the rate-limit headers standing in for a missing Retry-After. */
export function failureFromRateLimitedStatus(response: SafeResponse, now: number): SourceFailure {
  const failure = failureFromStatus(response, now);
  if (failure.kind !== 'rate-limited' || failure.retryAfterMs !== undefined) return failure;
  const resetMs = rateLimitResetMs(response.headers, now);
  return resetMs === null ? failure : { ...failure, retryAfterMs: resetMs };
}

/**
 * Milliseconds until the service's rate window resets, from `x-ratelimit-reset` (Reddit: seconds left
 * in the window; Mastodon: an ISO time) or `ratelimit-reset` (Bluesky: epoch seconds; the IETF draft: seconds left). Values
 * that can only be epoch seconds are read as such. Null when absent or unreadable; at most 24 h.
 */
export function rateLimitResetMs(headers: Headers, now: number): number | null {
  const raw = headers.get('x-ratelimit-reset') ?? headers.get('ratelimit-reset');
  if (raw === null) return null;
  // Mastodon states the reset as an ISO 8601 time.
  if (/^\d{4}-\d{2}-\d{2}T/.test(raw.trim())) {
    const at = Date.parse(raw);
    return Number.isNaN(at) ? null : parseRetryAfter(String(Math.max(0, Math.ceil((at - now) / 1000))), now);
  }
  if (!/^\s*\d+(\.\d+)?\s*$/.test(raw)) return null;
  const seconds = Number(raw);
  const ms = seconds > 1_000_000_000 ? seconds * 1000 - now : seconds * 1000;
  return parseRetryAfter(String(Math.max(0, Math.ceil(ms / 1000))), now);
}

/**
 * When the service says the budget is (nearly) spent, the time until it resets, so the next check
 * waits for it instead of earning a 429; undefined while budget remains.
 */
export function waitForRateBudgetMs(headers: Headers, now: number, keepInReserve = 1): number | undefined {
  const remaining = Number(headers.get('x-ratelimit-remaining') ?? headers.get('ratelimit-remaining') ?? 'NaN');
  if (!Number.isFinite(remaining) || remaining > keepInReserve) return undefined;
  return rateLimitResetMs(headers, now) ?? undefined;
}

/** A finite number as the service states it; anything else is unknown (null), never zero. */
export function countOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
