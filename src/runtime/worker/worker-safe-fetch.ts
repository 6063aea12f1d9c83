import { defaultFetchLimits, earshotUserAgent } from '../../http/fetch-defaults';
import { parseRequestUrl } from '../../http/parse-request-url';
import { extendRedirectChain, isRedirect, nextHopRequest, resolveLocation, withDefaultHeaders, type HopRequest } from '../../http/redirect-policy';
import type { RedirectChain, SafeFetch, SafeFetchErrorKind, SafeFetchFailure, SafeFetchResult } from '../../http/safe-fetch';
import { checkUrl, type GuardPolicy } from '../../http/url-guard';

export interface WorkerSafeFetchOptions extends GuardPolicy {
  userAgent?: string;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** The platform fetch; injectable so tests can prove which URLs reach it. */
  fetch?: typeof fetch;
  /** Inflate `Content-Encoding: deflate` bodies here; defaults to true on workerd, whose fetch leaves them compressed. */
  inflateDeflate?: boolean;
}

/**
 * workerd's fetch decodes gzip and br but hands a `Content-Encoding: deflate` body over still compressed
 * (found by test/worker/feeds-in-workerd.test.ts: such feeds failed to parse in workerd only); Node's
 * fetch, used for this module's unit tests, decodes all three.
 */
function platformLeavesDeflate(): boolean {
  return (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent === 'Cloudflare-Workers';
}

/**
 * SafeFetch on the platform `fetch` (Cloudflare Workers). A Worker cannot see the address a name
 * resolves to, so the guard checks each hop's literal host (redirects are followed by hand with
 * `redirect: 'manual'`); Cloudflare's egress does not route to private networks, which covers names.
 * The body is read as a stream and abandoned at the byte cap; the platform has already decompressed it.
 */
export function createWorkerSafeFetch(options: WorkerSafeFetchOptions): SafeFetch {
  const platformFetch = options.fetch ?? fetch;
  const defaults = { 'user-agent': options.userAgent ?? earshotUserAgent };
  return async (request) => {
    const timeoutMs = request.timeoutMs ?? options.timeoutMs ?? defaultFetchLimits.timeoutMs;
    const maxBytes = request.maxBytes ?? options.maxBytes ?? defaultFetchLimits.maxBytes;
    const maxRedirects = request.maxRedirects ?? options.maxRedirects ?? defaultFetchLimits.maxRedirects;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let hop: HopRequest = { method: request.method ?? 'GET', headers: withDefaultHeaders(defaults, request.headers), body: request.body };
    try {
      let url = parseRequestUrl(request.url);
      if (url === null) return failure('invalid-url', 'not a valid URL');
      let chain: RedirectChain = 'none';
      for (let redirects = 0; ; redirects += 1) {
        const verdict = checkUrl(url, options);
        if (verdict.kind === 'refused') return failure(verdict.invalid ? 'invalid-url' : 'blocked', verdict.reason);
        const response = await platformFetch(url.href, { method: hop.method, headers: hop.headers, body: hop.body, redirect: 'manual', signal: controller.signal });
        const location = response.headers.get('location');
        if (!isRedirect(response.status, location)) return await readBody(response, url, chain, maxBytes, options.inflateDeflate ?? platformLeavesDeflate());
        await response.body?.cancel();
        if (redirects >= maxRedirects) return failure('redirect-limit', `more than ${maxRedirects} redirects`);
        const next = resolveLocation(location, url);
        if (next === null) return failure('invalid-url', 'redirect to an invalid URL');
        hop = nextHopRequest(response.status, hop, url, next);
        chain = extendRedirectChain(chain, response.status);
        url = next;
      }
    } catch (error) {
      if (controller.signal.aborted) return failure('timeout', 'no complete response before the deadline');
      return failure('network', error instanceof Error ? error.message : String(error));
    } finally {
      clearTimeout(timer);
    }
  };
}

async function readBody(response: Response, url: URL, redirectChain: RedirectChain, maxBytes: number, inflateDeflate: boolean): Promise<SafeFetchResult> {
  const declared = Number(response.headers.get('content-length'));
  if (!response.headers.has('content-encoding') && declared > maxBytes) {
    await response.body?.cancel();
    return failure('too-large', `Content-Length ${declared} exceeds ${maxBytes} bytes`);
  }
  const read = await readCapped(response.body, maxBytes);
  if (read.kind === 'failed' || !inflateDeflate || response.headers.get('content-encoding')?.trim().toLowerCase() !== 'deflate') {
    return read.kind === 'failed' ? read : { kind: 'response', status: response.status, headers: response.headers, body: read.body, url: url.href, redirectChain };
  }
  try {
    const inflated = await readCapped(new Blob([read.body as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream(deflateFormat(read.body))), maxBytes);
    return inflated.kind === 'failed' ? inflated : { kind: 'response', status: response.status, headers: response.headers, body: inflated.body, url: url.href, redirectChain };
  } catch (error) {
    return failure('network', `body could not be decoded: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * "deflate" means zlib-wrapped (RFC 9110 §8.4.1.2), but old IIS and PHP servers send raw deflate under that
 * name; as on Node, the first bytes decide (a zlib header is CM=8 with a check value ≡ 0 mod 31).
 */
function deflateFormat(bytes: Uint8Array): 'deflate' | 'deflate-raw' {
  const [first = 0, second = 0] = bytes;
  return (first & 0x0f) === 8 && ((first << 8) | second) % 31 === 0 ? 'deflate' : 'deflate-raw';
}

/** The whole stream, or too-large as soon as it passes maxBytes (the rest is never read). */
async function readCapped(stream: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<{ kind: 'read'; body: Uint8Array } | SafeFetchFailure> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream?.getReader();
  for (;;) {
    const chunk = reader === undefined ? { done: true as const, value: undefined } : await reader.read();
    if (chunk.done) break;
    total += chunk.value.byteLength;
    if (total > maxBytes) {
      await reader?.cancel();
      return failure('too-large', `body exceeds ${maxBytes} decoded bytes`);
    }
    chunks.push(chunk.value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { kind: 'read', body };
}

function failure(kind: SafeFetchErrorKind, message: string): SafeFetchFailure {
  return { kind: 'failed', error: { kind, message } };
}
