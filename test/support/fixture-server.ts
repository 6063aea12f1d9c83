/**
 * A real HTTP server on 127.0.0.1:0 that serves recorded responses and misbehaves on request.
 *
 *   const server = await startFixtureServer();            // serves test/fixtures
 *   const feed = server.url('/rss/basic');                // http://127.0.0.1:PORT/rss/basic
 *   ...
 *   server.requests;                                      // every request seen: method, path, headers
 *   await server.close();
 *
 * Recorded responses — GET /<source>/<case> serves test/fixtures/<source>/<case>/:
 *   body.*         the body, sent byte for byte (any extension: body.xml, body.json, ...)
 *   headers.json   { "status": 200, "headers": { "content-type": "...", "etag": "\"v1\"", ... } }
 *                  (both optional: no body means an empty body, no headers.json means 200 and no headers)
 * A recorded case answers 304 when the request's If-None-Match equals its ETag, or its If-Modified-Since
 * is at or after its Last-Modified. Query flags on a recorded path:
 *   ?encoding=gzip|deflate|br   compress the body and say so in Content-Encoding
 *   ?encoding=deflate-raw       raw deflate labelled "deflate", as old IIS servers send it
 *   ?truncate                   announce the full Content-Length, send half, then drop the connection
 *
 * Misbehaviour — paths under /_/:
 *   /_/status/<code>[?retry-after=<value>][&encoding=gzip]
 *                                            an empty response with that status (and Retry-After, and a
 *                                            Content-Encoding naming a body that is not there)
 *   /_/hang                                  accept the request and never answer
 *   /_/drip                                  send a byte every 50 ms forever (idle timers never fire)
 *   /_/reset                                 reset the connection (TCP RST) before any response
 *   /_/large[?mb=50][&encoding=gzip]         a generated body of that many MB, streamed with backpressure
 *   /_/redirect?to=<url>[&status=302]        a redirect to any URL (tests point it at private addresses)
 *
 * Routes — other adapters' real API paths: `startFixtureServer({ routes: { '/api/v1/timelines/tag/acme':
 * 'mastodon/tag-page-1' } })` serves that case for that pathname (any query string); an array of cases is
 * served one per request, the last repeating; a function is a plain node:http handler.
 * `fallback` (a case, cases or handler) answers every path no route claims, /_/ paths included; with
 * `fixtureBehaviour('/_/status/429?retry-after=120')` any path misbehaves like that /_/ path, and with
 * `recordedCase('rss/basic')` any path serves that case (the adapter contract suite uses these so an
 * adapter's real API paths all answer one way).
 *
 * The server only ever binds 127.0.0.1, and nothing here opens an outbound connection.
 */
import { once } from 'node:events';
import { readdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

export type FixtureHandler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

export interface FixtureServerOptions {
  /** Directory of recorded cases; defaults to test/fixtures. */
  root?: string;
  routes?: Record<string, string | string[] | FixtureHandler>;
  fallback?: string | string[] | FixtureHandler;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
}

export interface FixtureServer {
  origin: string;
  url(pathAndQuery: string): string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

interface RecordedCase {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const defaultRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

export async function startFixtureServer(options: FixtureServerOptions = {}): Promise<FixtureServer> {
  const root = options.root ?? defaultRoot;
  const requests: RecordedRequest[] = [];
  const served = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((request, response) => {
    const target = new URL(request.url ?? '/', 'http://fixture.invalid');
    requests.push({ method: request.method ?? 'GET', path: `${target.pathname}${target.search}`, headers: request.headers });
    const context: Context = { root, target, request, response, timers };
    handle(context, options.routes?.[target.pathname] ?? options.fallback, served).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(599, { 'content-type': 'text/plain' });
      response.end(`fixture server error: ${String(error)}`);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fixture server has no port');
  const origin = `http://127.0.0.1:${address.port}`;
  return {
    origin,
    url: (pathAndQuery) => `${origin}${pathAndQuery}`,
    requests,
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface Context {
  root: string;
  target: URL;
  request: http.IncomingMessage;
  response: http.ServerResponse;
  timers: Set<NodeJS.Timeout>;
}

async function handle(context: Context, route: string | string[] | FixtureHandler | undefined, served: Map<string, number>): Promise<void> {
  const { target, request, response } = context;
  if (typeof route === 'function') return route(request, response);
  if (route !== undefined) {
    const cases = Array.isArray(route) ? route : [route];
    const key = cases.join('|');
    const count = served.get(key) ?? 0;
    served.set(key, count + 1);
    return serveRecorded(context, cases[Math.min(count, cases.length - 1)] ?? '');
  }
  if (target.pathname.startsWith('/_/')) return misbehave(context);
  return serveRecorded(context, target.pathname.slice(1));
}

/** A handler that behaves like the given /_/ path whatever path it is mounted on. */
export function fixtureBehaviour(pathAndQuery: string): FixtureHandler {
  const target = new URL(pathAndQuery, 'http://fixture.invalid');
  return (request, response) => misbehave({ root: defaultRoot, target, request, response, timers: new Set() });
}

/** A handler that serves one recorded case (with its 304 logic) whatever path it is mounted on. */
export function recordedCase(caseName: string, root = defaultRoot): FixtureHandler {
  return (request, response) => {
    const target = new URL(request.url ?? '/', 'http://fixture.invalid');
    serveRecorded({ root, target, request, response, timers: new Set() }, caseName).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(599, { 'content-type': 'text/plain' });
      response.end(`fixture server error: ${String(error)}`);
    });
  };
}

function misbehave(context: Context): void {
  const { target, request, response, timers } = context;
  const [, , action, argument] = target.pathname.split('/');
  if (action === 'status') {
    const retryAfter = target.searchParams.get('retry-after');
    const encoding = target.searchParams.get('encoding');
    response.writeHead(Number(argument), { ...(retryAfter === null ? {} : { 'retry-after': retryAfter }), ...(encoding === null ? {} : { 'content-encoding': encoding }) });
    response.end();
  } else if (action === 'hang') {
    request.on('close', () => response.destroy());
  } else if (action === 'drip') {
    response.writeHead(200, { 'content-type': 'application/rss+xml' });
    const timer = setInterval(() => response.write(' '), 50);
    timers.add(timer);
    response.on('close', () => clearInterval(timer));
  } else if (action === 'reset') {
    request.socket.resetAndDestroy();
  } else if (action === 'large') {
    streamLarge(context, Number(target.searchParams.get('mb') ?? '50'));
  } else if (action === 'redirect') {
    response.writeHead(Number(target.searchParams.get('status') ?? '302'), { location: target.searchParams.get('to') ?? '/' });
    response.end();
  } else {
    response.writeHead(404).end();
  }
}

/** A generated body (a feed prolog, then filler) written chunk by chunk, never held in memory whole. */
function streamLarge(context: Context, megabytes: number): void {
  const { target, response } = context;
  const encoding = target.searchParams.get('encoding');
  const chunk = Buffer.alloc(64 * 1024, 'x');
  let remaining = Math.ceil((megabytes * 1024 * 1024) / chunk.length);
  const compressor = encoding === 'gzip' ? zlib.createGzip() : null;
  response.writeHead(200, { 'content-type': 'application/rss+xml', ...(compressor ? { 'content-encoding': 'gzip' } : {}) });
  const sink = compressor ?? response;
  if (compressor) compressor.pipe(response);
  response.on('close', () => {
    remaining = 0;
    compressor?.destroy();
  });
  sink.write('<?xml version="1.0"?><rss version="2.0"><channel><title>');
  const pump = (): void => {
    while (remaining > 0) {
      remaining -= 1;
      if (!sink.write(chunk)) {
        sink.once('drain', pump);
        return;
      }
    }
    if (!response.destroyed) sink.end('</title></channel></rss>');
  };
  pump();
}

async function serveRecorded(context: Context, caseName: string): Promise<void> {
  const { target, request, response } = context;
  const recorded = await readCase(context.root, caseName);
  if (recorded === null) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end(`no fixture ${caseName}`);
    return;
  }
  if (isNotModified(request, recorded.headers)) {
    response.writeHead(304, pick(recorded.headers, ['etag', 'last-modified', 'cache-control', 'expires'])).end();
    return;
  }
  const encoding = target.searchParams.get('encoding');
  const body = encoding === null ? recorded.body : compress(recorded.body, encoding);
  const contentEncoding = encoding === 'deflate-raw' ? 'deflate' : encoding;
  const headers = { ...recorded.headers, ...(contentEncoding === null ? {} : { 'content-encoding': contentEncoding }), 'content-length': String(body.length) };
  response.writeHead(recorded.status, headers);
  if (target.searchParams.has('truncate')) {
    response.write(body.subarray(0, Math.floor(body.length / 2)), () => response.destroy());
    return;
  }
  response.end(body);
}

async function readCase(root: string, caseName: string): Promise<RecordedCase | null> {
  const directory = path.resolve(root, caseName);
  if (!directory.startsWith(root) || caseName === '') return null;
  let entries: string[];
  try {
    entries = await readdir(directory);
  } catch {
    return null;
  }
  const bodyFile = entries.find((entry) => entry === 'body' || entry.startsWith('body.'));
  const body = bodyFile === undefined ? Buffer.alloc(0) : await readFile(path.join(directory, bodyFile));
  const meta = entries.includes('headers.json')
    ? (JSON.parse(await readFile(path.join(directory, 'headers.json'), 'utf8')) as { status?: number; headers?: Record<string, string> })
    : {};
  const headers = Object.fromEntries(Object.entries(meta.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  return { status: meta.status ?? 200, headers, body };
}

/** RFC 9110 §13.1: If-None-Match wins over If-Modified-Since when both are sent. */
function isNotModified(request: http.IncomingMessage, headers: Record<string, string>): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined && headers.etag !== undefined) {
    return ifNoneMatch.split(',').some((tag) => tag.trim() === headers.etag || tag.trim() === '*');
  }
  const ifModifiedSince = request.headers['if-modified-since'];
  if (ifModifiedSince !== undefined && headers['last-modified'] !== undefined) {
    return Date.parse(ifModifiedSince) >= Date.parse(headers['last-modified']);
  }
  return false;
}

function compress(body: Buffer, encoding: string): Buffer {
  if (encoding === 'gzip') return zlib.gzipSync(body);
  if (encoding === 'deflate') return zlib.deflateSync(body);
  if (encoding === 'deflate-raw') return zlib.deflateRawSync(body);
  if (encoding === 'br') return zlib.brotliCompressSync(body);
  throw new Error(`unknown encoding ${encoding}`);
}

function pick(headers: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((name) => (headers[name] === undefined ? [] : [[name, headers[name]]])));
}
