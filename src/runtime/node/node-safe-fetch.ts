import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Transform, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { defaultFetchLimits, earshotUserAgent } from '../../http/fetch-defaults';
import { parseRequestUrl } from '../../http/parse-request-url';
import { extendRedirectChain, isRedirect, nextHopRequest, resolveLocation, withDefaultHeaders, type HopRequest } from '../../http/redirect-policy';
import type { RedirectChain, SafeFetch, SafeFetchErrorKind, SafeFetchFailure, SafeResponse } from '../../http/safe-fetch';
import { checkAddress, checkUrl, hostOf, parseIpLiteral, type GuardPolicy } from '../../http/url-guard';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export interface NodeSafeFetchOptions extends GuardPolicy {
  userAgent?: string;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** DNS, injectable so tests map names to private addresses without asking a real resolver. */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
  /** Called with the vetted address right before a socket is opened; tests use it to prove no connection was tried. */
  beforeConnect?: (address: ResolvedAddress, url: URL) => void;
}

/** Raised inside the socket's DNS lookup when the resolved address is refused, so the request fails before connecting. */
class RefusedAddressError extends Error {}

type Hop = Omit<SafeResponse, 'redirectChain'> | SafeFetchFailure | { kind: 'redirect'; status: number; location: string };

/**
 * SafeFetch on node:http/https. The guard runs twice: on the URL's literal host before each hop, and in
 * the socket's `lookup` on the address actually dialled, so a name that resolves to a public address for
 * the check and to 127.0.0.1 for the connection (DNS rebinding) is still refused.
 */
export function createNodeSafeFetch(options: NodeSafeFetchOptions): SafeFetch {
  const resolve = options.resolve ?? defaultResolve;
  const defaults = { 'user-agent': options.userAgent ?? earshotUserAgent, 'accept-encoding': 'gzip, deflate, br' };
  return async (request) => {
    const deadline = Date.now() + (request.timeoutMs ?? options.timeoutMs ?? defaultFetchLimits.timeoutMs);
    const maxBytes = request.maxBytes ?? options.maxBytes ?? defaultFetchLimits.maxBytes;
    const maxRedirects = request.maxRedirects ?? options.maxRedirects ?? defaultFetchLimits.maxRedirects;
    let hop: HopRequest = { method: request.method ?? 'GET', headers: withDefaultHeaders(defaults, request.headers), body: request.body };
    let url = parseRequestUrl(request.url);
    if (url === null) return failure('invalid-url', 'not a valid URL');
    let chain: RedirectChain = 'none';
    for (let redirects = 0; ; redirects += 1) {
      const verdict = checkUrl(url, options);
      if (verdict.kind === 'refused') return failure(verdict.invalid ? 'invalid-url' : 'blocked', verdict.reason);
      const result = await exchange(url, hop, { deadline, maxBytes, resolve, options });
      if (result.kind === 'response') return { ...result, redirectChain: chain };
      if (result.kind !== 'redirect') return result;
      if (redirects >= maxRedirects) return failure('redirect-limit', `more than ${maxRedirects} redirects`);
      const next = resolveLocation(result.location, url);
      if (next === null) return failure('invalid-url', 'redirect to an invalid URL');
      hop = nextHopRequest(result.status, hop, url, next);
      chain = extendRedirectChain(chain, result.status);
      url = next;
    }
  };
}

interface ExchangeContext {
  deadline: number;
  maxBytes: number;
  resolve: (hostname: string) => Promise<ResolvedAddress[]>;
  options: NodeSafeFetchOptions;
}

function exchange(url: URL, hop: HopRequest, context: ExchangeContext): Promise<Hop> {
  return new Promise<Hop>((settle) => {
    let settled = false;
    const finish = (result: Hop): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      settle(result);
    };
    const host = hostOf(url);
    const literal = parseIpLiteral(host);
    const lookup = createGuardedLookup(url, context);
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.request(
      { hostname: host, port: url.port || undefined, path: `${url.pathname}${url.search}`, method: hop.method, headers: withContentLength(hop), lookup, agent: false },
      (response) => readResponse(url, hop.method, response, context.maxBytes, finish),
    );
    const timer = setTimeout(() => finish(failure('timeout', 'no complete response before the deadline')), Math.max(0, context.deadline - Date.now()));
    request.on('error', (error) => finish(classifyError(error)));
    try {
      // Node dials an IP literal without calling `lookup`, so the connect hook runs here for those.
      if (literal !== null) context.options.beforeConnect?.({ address: literal, family: literal.includes(':') ? 6 : 4 }, url);
    } catch (error) {
      finish(classifyError(error));
      return;
    }
    request.end(hop.body);
  });
}

/** A body goes with its length: token endpoints (OAuth, XRPC sessions) may refuse chunked uploads. */
function withContentLength(hop: HopRequest): Record<string, string> {
  if (hop.body === undefined || Object.keys(hop.headers).some((name) => name.toLowerCase() === 'content-length')) return hop.headers;
  return { ...hop.headers, 'content-length': String(Buffer.byteLength(hop.body)) };
}

function createGuardedLookup(url: URL, context: ExchangeContext): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    const pick = async (): Promise<ResolvedAddress> => {
      const addresses = await context.resolve(hostname);
      const reasons: string[] = [];
      for (const candidate of addresses) {
        const reason = checkAddress(candidate.address, context.options);
        if (reason === null) {
          context.options.beforeConnect?.(candidate, url);
          return candidate;
        }
        reasons.push(reason);
      }
      throw new RefusedAddressError(reasons.length > 0 ? `${hostname} resolves to a refused address: ${reasons.join('; ')}` : `${hostname} has no address`);
    };
    pick().then(
      (chosen) => (lookupOptions.all ? callback(null, [chosen]) : callback(null, chosen.address, chosen.family)),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), ''),
    );
  };
}

function readResponse(url: URL, method: HopRequest['method'], response: http.IncomingMessage, maxBytes: number, finish: (result: Hop) => void): void {
  const status = response.statusCode ?? 0;
  const location = response.headers.location;
  if (isRedirect(status, location)) {
    finish({ kind: 'redirect', status, location });
    return;
  }
  const encoding = (response.headers['content-encoding'] ?? '').trim().toLowerCase();
  const declaredLength = Number(response.headers['content-length']);
  if ((encoding === '' || encoding === 'identity') && declaredLength > maxBytes) {
    finish(failure('too-large', `Content-Length ${declaredLength} exceeds ${maxBytes} bytes`));
    return;
  }
  // A 304, 204 or HEAD answer has no body even when it names a Content-Encoding; zlib fails on empty input.
  const hasBody = method !== 'HEAD' && status !== 204 && status !== 304 && response.headers['content-length'] !== '0';
  const body = hasBody ? decodeStream(response, encoding) : response;
  const chunks: Buffer[] = [];
  let total = 0;
  let ended = false;
  body.on('data', (chunk: Buffer) => {
    total += chunk.length;
    if (total > maxBytes) {
      finish(failure('too-large', `body exceeds ${maxBytes} decoded bytes`));
      body.destroy();
      return;
    }
    chunks.push(chunk);
  });
  body.on('end', () => {
    ended = true;
    finish({ kind: 'response', status, headers: toHeaders(response.headers), body: Buffer.concat(chunks, total), url: url.href });
  });
  body.on('error', (error) => finish(failure('network', `body could not be read: ${error.message}`)));
  response.on('error', (error) => finish(failure('network', `body could not be read: ${error.message}`)));
  response.on('close', () => {
    if (!response.complete && !ended) finish(failure('network', 'connection closed before the body ended'));
  });
}

/** Decompression by Content-Encoding (RFC 9110 §8.4), applied in reverse order of the listed codings. */
function decodeStream(response: http.IncomingMessage, encoding: string): Readable {
  const codings = encoding.split(',').map((coding) => coding.trim()).filter((coding) => coding !== '' && coding !== 'identity');
  let stream: Readable = response;
  for (const coding of codings.reverse()) {
    const decoder = coding === 'gzip' || coding === 'x-gzip' ? zlib.createGunzip() : coding === 'deflate' ? createDeflateDecoder() : coding === 'br' ? zlib.createBrotliDecompress() : null;
    if (decoder === null) continue;
    const source = stream;
    source.on('error', (error) => decoder.destroy(error));
    stream = source.pipe(decoder);
  }
  return stream;
}

/**
 * "deflate" means zlib-wrapped (RFC 9110 §8.4.1.2), but old IIS and PHP servers send raw deflate under that
 * name; browsers accept both, so the first bytes decide (a zlib header is CM=8 with a check value ≡ 0 mod 31).
 */
function createDeflateDecoder(): Transform {
  let inner: zlib.Inflate | zlib.InflateRaw | null = null;
  const outer = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (inner === null) {
        const isZlib = chunk.length >= 2 && ((chunk[0] ?? 0) & 0x0f) === 8 && (((chunk[0] ?? 0) << 8) | (chunk[1] ?? 0)) % 31 === 0;
        inner = isZlib ? zlib.createInflate() : zlib.createInflateRaw();
        inner.on('data', (data: Buffer) => outer.push(data));
        inner.on('error', (error) => outer.destroy(error));
      }
      inner.write(chunk, () => callback());
    },
    flush(callback) {
      if (inner === null) return callback();
      inner.once('end', () => callback());
      inner.end();
    },
    destroy(error, callback) {
      inner?.destroy();
      callback(error);
    },
  });
  return outer;
}

function toHeaders(raw: http.IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      try {
        headers.append(name, item);
      } catch {
        // A header value fetch's Headers will not hold (control characters) is dropped, not fatal.
      }
    }
  }
  return headers;
}

function classifyError(error: unknown): SafeFetchFailure {
  if (error instanceof RefusedAddressError) return failure('blocked', error.message);
  const message = error instanceof Error ? error.message : String(error);
  return failure('network', message);
}

function failure(kind: SafeFetchErrorKind, message: string): SafeFetchFailure {
  return { kind: 'failed', error: { kind, message } };
}

async function defaultResolve(hostname: string): Promise<ResolvedAddress[]> {
  const answers: LookupAddress[] = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.map((answer) => ({ address: answer.address, family: answer.family === 6 ? 6 : 4 }));
}
