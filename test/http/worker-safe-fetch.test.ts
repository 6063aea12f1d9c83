import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWorkerSafeFetch } from '../../src/runtime/worker/worker-safe-fetch';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';
import { redirectChainCases, redirectPath } from './redirect-chain-cases';

/** The Workers SafeFetch runs here on Node's own fetch, wrapped so that only 127.0.0.1 is ever dialled. */
let server: FixtureServer;
let reached: string[];
const loopbackOnlyFetch: typeof fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  reached.push(url.href);
  if (url.hostname !== '127.0.0.1') return Promise.reject(new Error(`test tried to reach ${url.hostname}`));
  return fetch(url, init);
};
const safeFetch = () => createWorkerSafeFetch({ allowPrivate: true, privateAllowList: ['127.0.0.1'], fetch: loopbackOnlyFetch });

beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  reached = [];
});

describe('createWorkerSafeFetch', () => {
  it('fetches a recorded response, decompressed by the platform', async () => {
    const result = await safeFetch()({ url: server.url('/rss/basic?encoding=gzip') });
    expect(result).toMatchObject({ kind: 'response', status: 200 });
    if (result.kind === 'response') expect(new TextDecoder().decode(result.body)).toContain('Acme Toaster X2');
  });

  it.each([
    ['a private literal', 'http://10.0.0.7/feed'],
    ['a loopback alias', 'http://127.0.0.2/'],
    ['the metadata address', 'http://169.254.169.254/latest/meta-data/'],
    ['the metadata name', 'http://metadata.google.internal/'],
  ])('refuses a redirect into %s before fetching it', async (_name, target) => {
    const result = await safeFetch()({ url: server.url(`/_/redirect?to=${encodeURIComponent(target)}`) });
    expect(result).toMatchObject({ kind: 'failed', error: { kind: 'blocked' } });
    expect(reached).toHaveLength(1);
  });

  it('refuses loopback without allowPrivate', async () => {
    const result = await createWorkerSafeFetch({ allowPrivate: false, fetch: loopbackOnlyFetch })({ url: server.url('/rss/basic') });
    expect(result).toMatchObject({ kind: 'failed', error: { kind: 'blocked' } });
    expect(reached).toEqual([]);
  });

  it.each(redirectChainCases)('says how the answer was reached after $name: $chain', async ({ statuses, chain }) => {
    const result = await safeFetch()({ url: server.url(redirectPath(statuses, '/rss/basic')) });
    expect(result).toMatchObject({ kind: 'response', status: 200, url: server.url('/rss/basic'), redirectChain: chain });
  });

  it('stops at the redirect cap', async () => {
    const url = server.url(`/_/redirect?to=${encodeURIComponent('/_/redirect?to=/rss/basic')}`);
    expect(await safeFetch()({ url, maxRedirects: 1 })).toMatchObject({ kind: 'failed', error: { kind: 'redirect-limit' } });
  });

  it('times out on a body that drips forever', async () => {
    expect(await safeFetch()({ url: server.url('/_/drip'), timeoutMs: 300 })).toMatchObject({ kind: 'failed', error: { kind: 'timeout' } });
  });

  it('abandons a 50 MB body at the byte cap', async () => {
    expect(await safeFetch()({ url: server.url('/_/large?mb=50'), maxBytes: 1024 * 1024 })).toMatchObject({ kind: 'failed', error: { kind: 'too-large' } });
  });

  it('reports a reset connection as a network failure', async () => {
    expect(await safeFetch()({ url: server.url('/_/reset') })).toMatchObject({ kind: 'failed', error: { kind: 'network' } });
  });
});
