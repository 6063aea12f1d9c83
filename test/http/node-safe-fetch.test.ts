import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createNodeSafeFetch, type ResolvedAddress } from '../../src/runtime/node/node-safe-fetch';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';
import { redirectChainCases, redirectPath } from './redirect-chain-cases';

/**
 * Names the stubbed DNS answers; anything else fails resolution, so no test ever asks a real resolver.
 * Every forbidden target here is either one of these names or a loopback alias outside the allow-list,
 * and `beforeConnect` throws for any address but 127.0.0.1: even a broken guard sends no packet elsewhere.
 */
const stubbedDns: Record<string, string | string[]> = {
  'fixture.test': '127.0.0.1',
  'internal.test': '10.0.0.7',
  'router.test': '192.168.1.1',
  'metadata.test': '169.254.169.254',
  'alias.test': '127.0.0.2',
  'ula.test': 'fd00::1',
  'mapped.test': '::ffff:10.0.0.1',
  'compat.test': '::7f00:2',
  'public.test': '93.184.215.14',
  // Several answers: only an address the guard allows may be dialled, whatever the order.
  'pod-identity.test': '169.254.170.23',
  'private-first.test': ['10.0.0.7', '169.254.169.254', '127.0.0.1'],
  'all-refused.test': ['10.0.0.7', '::1', '169.254.169.254'],
};

let server: FixtureServer;
let connects: string[];
let violations: string[];

async function resolve(hostname: string): Promise<ResolvedAddress[]> {
  const answer = stubbedDns[hostname];
  if (answer === undefined) throw Object.assign(new Error(`stub DNS: no ${hostname}`), { code: 'ENOTFOUND' });
  return (Array.isArray(answer) ? answer : [answer]).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
}

function beforeConnect(target: ResolvedAddress): void {
  connects.push(target.address);
  if (target.address !== '127.0.0.1') {
    violations.push(target.address);
    throw new Error(`test tried to connect to ${target.address}`);
  }
}

const safeFetch = () => createNodeSafeFetch({ allowPrivate: true, privateAllowList: ['127.0.0.1'], resolve, beforeConnect });
const strictFetch = () => createNodeSafeFetch({ allowPrivate: false, resolve, beforeConnect });

beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  connects = [];
  violations = [];
});

describe('createNodeSafeFetch', () => {
  it('fetches a recorded response with its headers', async () => {
    const result = await safeFetch()({ url: server.url('/rss/basic') });
    expect(result).toMatchObject({ kind: 'response', status: 200, url: server.url('/rss/basic') });
    if (result.kind !== 'response') return;
    expect(result.headers.get('etag')).toBe('"5f1c-basic-v1"');
    expect(new TextDecoder().decode(result.body)).toContain('Acme Toaster X2');
    expect(server.requests.at(-1)?.headers['user-agent']).toBe('Earshot/0.1 (+https://github.com/earshot/earshot)');
  });

  it.each(['gzip', 'deflate', 'deflate-raw', 'br'])('decodes %s', async (encoding) => {
    const result = await safeFetch()({ url: server.url(`/rss/basic?encoding=${encoding}`) });
    expect(result.kind).toBe('response');
    if (result.kind === 'response') expect(new TextDecoder().decode(result.body)).toContain('Acme Toaster X2');
  });

  it.each([
    ['a name that resolves to a private address', 'http://internal.test/feed'],
    ['a name that resolves to a router', 'http://router.test/'],
    ['a name that resolves to the metadata service', 'http://metadata.test/latest/meta-data/'],
    ['a name that resolves to unique-local IPv6', 'http://ula.test/'],
    ['a name that resolves to IPv4-mapped private', 'http://mapped.test/'],
    ['a name that resolves to an IPv4-compatible loopback alias', 'http://compat.test/'],
    ['a name that resolves to a loopback alias', 'http://alias.test/'],
    ['a loopback alias outside the allow-list', 'http://127.0.0.2/'],
    ['a name whose every answer is refused', 'http://all-refused.test/'],
    ['the metadata address', 'http://169.254.169.254/'],
    ['a private literal', 'http://10.0.0.7/'],
  ])('refuses %s before connecting', async (_name, url) => {
    const result = await safeFetch()({ url });
    expect(result).toMatchObject({ kind: 'failed', error: { kind: 'blocked' } });
    expect(connects).toEqual([]);
  });

  it('refuses loopback without allowPrivate, before connecting', async () => {
    const seen = server.requests.length;
    const result = await strictFetch()({ url: server.url('/rss/basic') });
    expect(result).toMatchObject({ kind: 'failed', error: { kind: 'blocked' } });
    expect(connects).toEqual([]);
    expect(server.requests).toHaveLength(seen);
  });

  it('checks the address it dials, so DNS rebinding to loopback is refused', async () => {
    const result = await strictFetch()({ url: `http://fixture.test:${new URL(server.origin).port}/rss/basic` });
    expect(result).toMatchObject({ kind: 'failed', error: { kind: 'blocked' } });
    expect(connects).toEqual([]);
  });

  it.each([
    ['a private literal', 'http://10.0.0.7/feed'],
    ['a name resolving to private', 'http://internal.test/feed'],
    ['the metadata address', 'http://169.254.169.254/latest/meta-data/'],
    ['a loopback alias', 'http://127.0.0.2/'],
    ['a decimal-integer loopback alias', 'http://2130706434/'],
    ['an IPv4-mapped loopback alias', 'http://[::ffff:7f00:2]/'],
    ['a name whose every answer is refused', 'http://all-refused.test/'],
    ['a URL with credentials, even to an allowed address', 'http://user:pw@127.0.0.1/'],
    ['a non-http scheme', 'file:///etc/passwd'],
  ])('refuses a redirect into %s', async (_name, target) => {
    const result = await safeFetch()({ url: server.url(`/_/redirect?to=${encodeURIComponent(target)}`) });
    expect(result).toMatchObject({ kind: 'failed', error: { kind: 'blocked' } });
    expect(violations).toEqual([]);
    expect(connects).toEqual(['127.0.0.1']);
  });

  it('refuses a name resolving to a cloud credentials service even when private addresses are allowed', async () => {
    const permissive = createNodeSafeFetch({ allowPrivate: true, resolve, beforeConnect });
    expect(await permissive({ url: 'http://pod-identity.test/v1/credentials' })).toMatchObject({ kind: 'failed', error: { kind: 'blocked' } });
    expect(connects).toEqual([]);
  });

  it('dials the allowed address of several, never a refused one listed before it', async () => {
    const result = await safeFetch()({ url: `http://private-first.test:${new URL(server.origin).port}/rss/basic` });
    expect(result).toMatchObject({ kind: 'response', status: 200 });
    expect(connects).toEqual(['127.0.0.1']);
    expect(violations).toEqual([]);
  });

  it('follows redirects up to the cap', async () => {
    const hop = (to: string) => `/_/redirect?to=${encodeURIComponent(to)}`;
    const twoHops = hop(hop('/rss/basic'));
    expect(await safeFetch()({ url: server.url(twoHops), maxRedirects: 2 })).toMatchObject({ kind: 'response', status: 200 });
    expect(await safeFetch()({ url: server.url(twoHops), maxRedirects: 1 })).toMatchObject({ kind: 'failed', error: { kind: 'redirect-limit' } });
  });

  it.each(redirectChainCases)('says how the answer was reached after $name: $chain', async ({ statuses, chain }) => {
    const result = await safeFetch()({ url: server.url(redirectPath(statuses, '/rss/basic')) });
    expect(result).toMatchObject({ kind: 'response', status: 200, url: server.url('/rss/basic'), redirectChain: chain });
  });

  it('does not carry credentials across origins on a redirect', async () => {
    const otherOrigin = `http://fixture.test:${new URL(server.origin).port}/rss/basic`;
    const url = server.url(`/_/redirect?to=${encodeURIComponent(otherOrigin)}`);
    const result = await safeFetch()({ url, headers: { Authorization: 'Bearer secret' } });
    expect(result).toMatchObject({ kind: 'response', status: 200 });
    expect(server.requests.at(-2)?.headers.authorization).toBe('Bearer secret');
    expect(server.requests.at(-1)?.headers.authorization).toBeUndefined();
  });

  it.each([
    ['a server that never answers', '/_/hang'],
    ['a body that drips forever', '/_/drip'],
  ])('times out on %s, over the whole exchange', async (_name, path) => {
    const started = Date.now();
    const result = await safeFetch()({ url: server.url(path), timeoutMs: 300 });
    expect(result).toMatchObject({ kind: 'failed', error: { kind: 'timeout' } });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it.each([
    ['a 50 MB body', '/_/large?mb=50'],
    ['a gzip body that inflates to 50 MB', '/_/large?mb=50&encoding=gzip'],
  ])('abandons %s at the byte cap without buffering it', async (_name, path) => {
    const heapBefore = process.memoryUsage().heapUsed;
    const result = await safeFetch()({ url: server.url(path), maxBytes: 1024 * 1024 });
    expect(result).toMatchObject({ kind: 'failed', error: { kind: 'too-large' } });
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(32 * 1024 * 1024);
  });

  it('refuses a declared Content-Length over the cap before reading', async () => {
    const result = await safeFetch()({ url: server.url('/rss/basic'), maxBytes: 100 });
    expect(result).toMatchObject({ kind: 'failed', error: { kind: 'too-large' } });
  });

  it.each([
    ['a reset connection', '/_/reset'],
    ['a truncated body', '/rss/basic?truncate'],
    ['a truncated gzip body', '/rss/basic?encoding=gzip&truncate'],
  ])('reports %s as a network failure', async (_name, path) => {
    expect(await safeFetch()({ url: server.url(path) })).toMatchObject({ kind: 'failed', error: { kind: 'network' } });
  });

  it.each([
    ['a 304 that names gzip', '/_/status/304?encoding=gzip', 'GET', 304],
    ['a 204 that names br', '/_/status/204?encoding=br', 'GET', 204],
    ['a HEAD of a gzip body', '/rss/basic?encoding=gzip', 'HEAD', 200],
  ] as const)('reads %s as an empty body, not a decoding failure', async (_name, path, method, status) => {
    const result = await safeFetch()({ url: server.url(path), method });
    expect(result).toMatchObject({ kind: 'response', status });
    if (result.kind === 'response') expect(result.body).toHaveLength(0);
  });

  it('hands back error statuses as responses', async () => {
    const result = await safeFetch()({ url: server.url('/_/status/429?retry-after=120') });
    expect(result).toMatchObject({ kind: 'response', status: 429 });
    if (result.kind === 'response') expect(result.headers.get('retry-after')).toBe('120');
  });

  it('reports an invalid URL as a value', async () => {
    expect(await safeFetch()({ url: 'not a url' })).toMatchObject({ kind: 'failed', error: { kind: 'invalid-url' } });
  });

  it('reports a name that does not resolve as a network failure', async () => {
    expect(await safeFetch()({ url: 'http://nowhere.test/' })).toMatchObject({ kind: 'failed', error: { kind: 'network' } });
  });
});

describe('createNodeSafeFetch request bodies', () => {
  it('sends a POST body with its Content-Length', async () => {
    const body = JSON.stringify({ identifier: 'earshot.example', password: 'not-logged' });
    const result = await safeFetch()({ url: server.url('/_/status/200'), method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(result).toMatchObject({ kind: 'response', status: 200 });
    expect(server.requests.at(-1)).toMatchObject({ method: 'POST', headers: { 'content-length': String(Buffer.byteLength(body)) } });
  });
});
