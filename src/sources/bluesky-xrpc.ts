import { failureFromFetch } from './http-failure';
import { failureFromRateLimitedStatus } from './fetch-source-json';
import type { SafeResponse } from '../http/safe-fetch';
import type { SourceFailure, SourceIo } from './source-adapter';

export interface XrpcCall {
  service: string;
  /** NSID, e.g. `app.bsky.feed.searchPosts`. */
  method: string;
  params?: Record<string, string>;
  /** A procedure's JSON input; its presence makes the call a POST. */
  input?: unknown;
  /** `Authorization: Bearer` token: the access JWT, or the refresh JWT for refreshSession. */
  token?: string;
  post?: boolean;
  timeoutMs: number;
}

export type XrpcResult =
  | { kind: 'ok'; value: unknown; response: SafeResponse }
  /** `xrpcError` is the error name atproto puts in the body (`ExpiredToken`, `AuthenticationRequired`, ...). */
  | { kind: 'failed'; error: SourceFailure; xrpcError: string | null };

/**
 * One atproto XRPC call (`/xrpc/<nsid>`): queries are GETs, procedures POST JSON. Failures are classified
 * as for every source, plus the error name from the body, which session handling needs. The message
 * carries the status and error name only, never a token or a password.
 */
export async function callXrpc(io: SourceIo, call: XrpcCall): Promise<XrpcResult> {
  const url = new URL(`/xrpc/${call.method}`, call.service);
  if (call.params) url.search = new URLSearchParams(call.params).toString();
  const isPost = call.post === true || call.input !== undefined;
  const result = await io.fetch({
    url: url.href,
    method: isPost ? 'POST' : 'GET',
    headers: {
      accept: 'application/json',
      ...(call.input !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(call.token ? { authorization: `Bearer ${call.token}` } : {}),
    },
    ...(call.input !== undefined ? { body: JSON.stringify(call.input) } : {}),
    timeoutMs: call.timeoutMs,
    maxBytes: 4 * 1024 * 1024,
    // Procedures carry the app password or a refresh token: a 307 would re-send them wherever it points.
    // Queries may follow redirects: SafeFetch drops Authorization when one leaves the origin.
    ...(isPost ? { maxRedirects: 0 } : {}),
  });
  if (result.kind === 'failed') return { kind: 'failed', error: failureFromFetch(result), xrpcError: null };
  const value = parseJson(result.body);
  if (result.status < 200 || result.status > 299) {
    const xrpcError = errorName(value);
    const failure = failureFromRateLimitedStatus(result, io.now);
    return { kind: 'failed', error: { ...failure, message: `${failure.message}${xrpcError ? ` ${xrpcError}` : ''} from ${call.method}` }, xrpcError };
  }
  if (value === undefined) return { kind: 'failed', error: { kind: 'parse', message: `${call.method} answered with something that is not JSON` }, xrpcError: null };
  return { kind: 'ok', value, response: result };
}

function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(body)) as unknown;
  } catch {
    return undefined;
  }
}

/** The `error` field of an XRPC error body, if it is a plain name (nothing from it is echoed otherwise). */
function errorName(value: unknown): string | null {
  const name = typeof value === 'object' && value !== null ? (value as { error?: unknown }).error : undefined;
  return typeof name === 'string' && /^[A-Za-z]{1,64}$/.test(name) ? name : null;
}
