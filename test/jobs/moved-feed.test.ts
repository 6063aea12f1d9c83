// A feed that moved for good (every redirect 301/308) is fetched at its new address from the next crawl
// on; the source keeps its URL. Real fixture servers on 127.0.0.1; nothing is ever dialled elsewhere.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCrawl } from '../../jobs/crawl';
import type { SafeFetch } from '../../src/http/safe-fetch';
import { createNodeSafeFetch, type ResolvedAddress } from '../../src/runtime/node/node-safe-fetch';
import { createWorkerSafeFetch } from '../../src/runtime/worker/worker-safe-fetch';
import type { Db } from '../../src/storage/database';
import { createSource, getSource } from '../../src/storage/source-store';
import { createTopic } from '../../src/storage/topic-store';
import { redirectPath } from '../http/redirect-chain-cases';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';
import { createTestDeps } from '../support/test-deps';

const NOW = Date.UTC(2026, 10, 30, 10, 0, 0);
const DAY = 86_400_000;

let server: FixtureServer;
let connects: string[];

beforeAll(async () => {
  server = await startFixtureServer({
    routes: {
      '/front-page': (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end('<!doctype html><html><body>Our blog moved; no feed here.</body></html>');
      },
    },
  });
});
afterAll(() => server.close());
beforeEach(() => {
  connects = [];
});

/** Stubbed DNS: one name that rebinds to a private address; everything else does not resolve. */
async function resolve(hostname: string): Promise<ResolvedAddress[]> {
  if (hostname === 'internal.test') return [{ address: '10.0.0.7', family: 4 }];
  throw Object.assign(new Error(`stub DNS: no ${hostname}`), { code: 'ENOTFOUND' });
}

/** Only loopback may be dialled; the allow-list admits 127.0.0.1 alone, so every other private address is refused as in production. */
function loopbackOnlyNodeFetch(): SafeFetch {
  return createNodeSafeFetch({
    allowPrivate: true,
    privateAllowList: ['127.0.0.1'],
    resolve,
    beforeConnect: (target) => {
      connects.push(target.address);
      if (target.address !== '127.0.0.1') throw new Error(`test tried to connect to ${target.address}`);
    },
  });
}

async function crawlOnce(db: Db, fetch: SafeFetch, at: number): Promise<string[]> {
  const seen = server.requests.length;
  const deps = await createTestDeps({ db, fetch });
  await runCrawl(deps, at, { force: true });
  return server.requests.slice(seen).map((request) => request.path);
}

async function sourceAt(path: string, fetch: SafeFetch = loopbackOnlyNodeFetch()) {
  const deps = await createTestDeps({ fetch });
  await createTopic(deps.db, { name: 'Acme', query: 'acme' }, NOW);
  const source = (await createSource(deps.db, { kind: 'rss', url: server.url(path) }, NOW))!;
  return { db: deps.db, fetch, source };
}

describe('a feed behind redirects', () => {
  it.each([
    { name: 'a 301', statuses: [301], remembered: true },
    { name: 'a 308', statuses: [308], remembered: true },
    { name: 'a 301 then a 308', statuses: [301, 308], remembered: true },
    { name: 'a 302', statuses: [302], remembered: false },
    { name: 'a 307', statuses: [307], remembered: false },
    { name: 'a 301 then a 302', statuses: [301, 302], remembered: false },
    { name: 'a 302 then a 301', statuses: [302, 301], remembered: false },
  ])('after $name: the new address is remembered: $remembered', async ({ statuses, remembered }) => {
    const path = redirectPath(statuses, '/rss/basic');
    const { db, fetch, source } = await sourceAt(path);
    expect(await crawlOnce(db, fetch, NOW)).toHaveLength(statuses.length + 1);
    const after = (await getSource(db, source.id))!;
    expect(after.url).toBe(server.url(path));
    expect(after.state).toMatchObject({ errorCount: 0, lastSuccessAt: NOW });
    if (remembered) {
      expect(after.movedTo).toBe(server.url('/rss/basic'));
      // The next crawl asks the new address directly, conditionally, with no redirect hop.
      expect(await crawlOnce(db, fetch, NOW + DAY)).toEqual(['/rss/basic']);
      expect(server.requests.at(-1)?.headers['if-none-match']).toBe('"5f1c-basic-v1"');
    } else {
      expect(after).not.toHaveProperty('movedTo');
      expect((await crawlOnce(db, fetch, NOW + DAY))[0]).toBe(path);
    }
    expect((await getSource(db, source.id))!.state).toMatchObject({ errorCount: 0, lastSuccessAt: NOW + DAY });
  });

  it.each([
    { name: 'an error status', to: '/_/status/404' },
    { name: 'a web page, not a feed', to: '/front-page' },
  ])('does not remember a permanent move to $name', async ({ to }) => {
    const { db, fetch, source } = await sourceAt(redirectPath([301], to));
    await crawlOnce(db, fetch, NOW);
    const after = (await getSource(db, source.id))!;
    expect(after.state.errorCount).toBe(1);
    expect(after).not.toHaveProperty('movedTo');
  });

  it('follows a remembered address that moves again for good, and forgets it when the feed moves back home', async () => {
    const { db, fetch, source } = await sourceAt('/rss/atom');
    await db.updateTable('sources').set({ moved_to: server.url(redirectPath([301], '/rss/basic')) }).where('id', '=', source.id).execute();
    await crawlOnce(db, fetch, NOW);
    expect((await getSource(db, source.id))!.movedTo).toBe(server.url('/rss/basic'));
    await db.updateTable('sources').set({ moved_to: server.url(redirectPath([308], '/rss/atom')) }).where('id', '=', source.id).execute();
    await crawlOnce(db, fetch, NOW + DAY);
    expect(await getSource(db, source.id)).not.toHaveProperty('movedTo');
  });

  it('keeps a remembered address that answers through a temporary redirect', async () => {
    const { db, fetch, source } = await sourceAt('/rss/atom');
    const movedTo = server.url(redirectPath([302], '/rss/basic'));
    await db.updateTable('sources').set({ moved_to: movedTo }).where('id', '=', source.id).execute();
    await crawlOnce(db, fetch, NOW);
    expect(await getSource(db, source.id)).toMatchObject({ movedTo, state: { errorCount: 0 } });
  });

  it('keeps a remembered address that fails again and again, and never falls back to the old URL', async () => {
    const { db, fetch, source } = await sourceAt(redirectPath([301], '/rss/basic'));
    const gone = server.url('/_/status/410');
    await db.updateTable('sources').set({ moved_to: gone }).where('id', '=', source.id).execute();
    const asked = [];
    for (let crawl = 0; crawl < 3; crawl += 1) asked.push(...(await crawlOnce(db, fetch, NOW + crawl * DAY)));
    expect(asked).toEqual(['/_/status/410', '/_/status/410', '/_/status/410']);
    expect(await getSource(db, source.id)).toMatchObject({ movedTo: gone, state: { errorCount: 3, lastErrorKind: 'http' } });
  });
});

describe('a permanent move and the URL guard', () => {
  it.each([
    { name: 'a private address', to: 'http://10.0.0.7/feed' },
    { name: 'a loopback alias', to: 'http://127.0.0.2/feed' },
    { name: 'a name that resolves to a private address', to: 'http://internal.test/feed' },
  ])('refuses a 301 to $name, and remembers nothing', async ({ to }) => {
    const { db, fetch, source } = await sourceAt(redirectPath([301], to));
    await crawlOnce(db, fetch, NOW);
    const after = (await getSource(db, source.id))!;
    expect(after.state).toMatchObject({ errorCount: 1, lastErrorKind: 'blocked' });
    expect(after).not.toHaveProperty('movedTo');
    expect(connects).toEqual(['127.0.0.1']);
  });

  it('guards a remembered address on every crawl: one that now resolves to a private address is refused', async () => {
    const { db, fetch, source } = await sourceAt('/rss/basic');
    await db.updateTable('sources').set({ moved_to: 'http://internal.test/feed' }).where('id', '=', source.id).execute();
    const asked = await crawlOnce(db, fetch, NOW);
    expect(asked).toEqual([]);
    expect(connects).toEqual([]);
    expect((await getSource(db, source.id))!.state).toMatchObject({ errorCount: 1, lastErrorKind: 'blocked' });
  });

  describe('with private addresses not allowed at all (the Workers SafeFetch, public names served from 127.0.0.1)', () => {
    const publicHosts = new Set(['feeds.example', 'new-feeds.example']);
    let reached: string[];
    const publicNamesOnLoopback: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      reached.push(url.href);
      if (!publicHosts.has(url.hostname)) return Promise.reject(new Error(`test tried to reach ${url.hostname}`));
      return fetch(`${server.origin}${url.pathname}${url.search}`, init);
    };
    const strictFetch = () => createWorkerSafeFetch({ allowPrivate: false, fetch: publicNamesOnLoopback });
    beforeEach(() => {
      reached = [];
    });

    async function publicSource(path: string) {
      const deps = await createTestDeps();
      await createTopic(deps.db, { name: 'Acme', query: 'acme' }, NOW);
      return { db: deps.db, source: (await createSource(deps.db, { kind: 'rss', url: `http://feeds.example${path}` }, NOW))! };
    }

    it('remembers a 301 to another public address', async () => {
      const { db, source } = await publicSource(redirectPath([301], 'http://new-feeds.example/rss/basic'));
      await crawlOnce(db, strictFetch(), NOW);
      expect((await getSource(db, source.id))!.movedTo).toBe('http://new-feeds.example/rss/basic');
    });

    it.each([
      { name: 'loopback', to: () => server.url('/rss/basic') },
      { name: 'a private address', to: () => 'http://10.0.0.7/feed' },
    ])('refuses a 301 to $name before fetching it, and remembers nothing', async ({ to }) => {
      const { db, source } = await publicSource(redirectPath([301], to()));
      await crawlOnce(db, strictFetch(), NOW);
      const after = (await getSource(db, source.id))!;
      expect(after.state).toMatchObject({ errorCount: 1, lastErrorKind: 'blocked' });
      expect(after).not.toHaveProperty('movedTo');
      expect(reached).toHaveLength(1);
    });
  });
});
