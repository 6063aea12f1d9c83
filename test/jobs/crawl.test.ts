import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCrawl, scoreAndMatch } from '../../jobs/crawl';
import { compileTopics } from '../../src/matching/match-topics';
import { limitPerHost, requestsPerHost } from '../../src/http/limit-per-host';
import { createNodeSafeFetch } from '../../src/runtime/node/node-safe-fetch';
import { listCurrentCrawlStatuses } from '../../src/storage/crawl-status-store';
import { listMentions } from '../../src/storage/mention-store';
import { createSource, getSource } from '../../src/storage/source-store';
import { createTopic } from '../../src/storage/topic-store';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';
import { createTestDeps } from '../support/test-deps';

const NOW = Date.UTC(2026, 10, 30, 10, 0, 0);
const HOUR = 3_600_000;
// A blog added with a week of posts: its first crawl is a backfill.
const weekOfPosts = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Acme watch</title><link>https://watch.example/</link>${Array.from(
  { length: 8 },
  (_, i) => `<item><title>Acme notes, day ${i + 1}</title><guid>https://watch.example/day-${i + 1}</guid><link>https://watch.example/day-${i + 1}</link><pubDate>${new Date(NOW - (i + 1) * 20 * HOUR).toUTCString()}</pubDate><description>What Acme shipped.</description></item>`,
).join('')}</channel></rss>`;
let server: FixtureServer;
let basicNoEtagBody = '';

beforeAll(async () => {
  const { readFile } = await import('node:fs/promises');
  basicNoEtagBody = await readFile(new URL('../fixtures/rss/basic/body.xml', import.meta.url), 'utf8');
  server = await startFixtureServer({
    routes: {
      // The same feed with no validators: every crawl downloads every item again.
      // A status page that mints a new guid for every item on every render, and links none of them.
      '/status.xml': ['rss/fresh-guids-render-1', 'rss/fresh-guids-render-2'],
      // A forum whose feed mints a random guid for every item on every render; its items link their threads.
      '/forum.xml': ['rss/churning-guids-render-1', 'rss/churning-guids-render-2'],
      // Release notes without guids, every item linking the one changelog page.
      '/changelog.xml': ['rss/shared-link-render-1', 'rss/shared-link-render-2'],
      '/week.xml': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"week-1"' });
        res.end(weekOfPosts);
      },
      '/plain/basic': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(basicNoEtagBody);
      },
    },
  });
});
afterAll(() => server.close());

async function setup(paths: string[]) {
  const deps = await createTestDeps();
  const topic = (await createTopic(deps.db, { name: 'Acme', query: 'acme' }, NOW))!;
  const sources = [];
  for (const path of paths) sources.push((await createSource(deps.db, { kind: 'rss', url: server.url(path) }, NOW))!);
  return { deps, topic, sources };
}

describe('crawl job', () => {
  it('stores the matched items of a recorded feed, scored, and keeps the feed validators', async () => {
    const { deps, topic, sources } = await setup(['/rss/basic']);
    const report = await runCrawl(deps, NOW);
    expect(report).toMatchObject({ sources: 1, succeeded: 1, failed: 0, inserted: 2, touchedTopicIds: [topic.id] });
    const { mentions } = await listMentions(deps.db, { topicId: topic.id, limit: 10 });
    const byTitle = Object.fromEntries(mentions.map((m) => [m.title, m]));
    expect(Object.keys(byTitle).sort()).toEqual(['Acme Toaster X2 review: crisp, quick & quiet', 'Why my Acme kettle stopped working after a week']);
    expect(byTitle['Why my Acme kettle stopped working after a week']!.sentimentLabel).toBe('negative');
    expect(byTitle['Acme Toaster X2 review: crisp, quick & quiet']!.sentimentLabel).toBe('positive');
    // HTML stripped, scripts dropped: only text is stored.
    expect(byTitle['Acme Toaster X2 review: crisp, quick & quiet']!.text).not.toMatch(/<|track\(\)/);
    const source = await getSource(deps.db, sources[0]!.id);
    expect(source?.state).toMatchObject({ etag: '"5f1c-basic-v1"', errorCount: 0, lastError: null });
    expect(source!.state.nextCheckAt).toBeGreaterThan(NOW);
  });

  it('stores nothing new when the feed answers 304 to the conditional GET', async () => {
    const { deps } = await setup(['/rss/basic']);
    await runCrawl(deps, NOW);
    const second = await runCrawl(deps, NOW + 60_000, { force: true });
    expect(second).toMatchObject({ succeeded: 0, notModified: 1, inserted: 0 });
    const conditional = server.requests.filter((r) => r.path === '/rss/basic').at(-1)!;
    expect(conditional.headers['if-none-match']).toBe('"5f1c-basic-v1"');
  });

  it('does not store a repeated item twice when the feed has no validators', async () => {
    const { deps, topic } = await setup(['/plain/basic']);
    expect((await runCrawl(deps, NOW)).inserted).toBe(2);
    expect((await runCrawl(deps, NOW + 60_000, { force: true })).inserted).toBe(0);
    expect((await listMentions(deps.db, { topicId: topic.id, limit: 10 })).mentions).toHaveLength(2);
  });

  it('does not store again an item with no link whose guid changes on every render', async () => {
    const { deps } = await setup(['/status.xml']);
    expect(await runCrawl(deps, NOW)).toMatchObject({ succeeded: 1, inserted: 3 });
    // The next day: a digest with new content is the one new post; yesterday's digest and the incident are the same posts re-rendered.
    expect(await runCrawl(deps, NOW + 24 * 60 * 60 * 1000, { force: true })).toMatchObject({ succeeded: 1, inserted: 1 });
  });

  it('does not store again a linked item whose guid changes on every render', async () => {
    const { deps, topic } = await setup(['/forum.xml']);
    expect(await runCrawl(deps, NOW)).toMatchObject({ succeeded: 1, inserted: 4 });
    // Fifteen minutes later: one new thread; the four others are the same posts under new guids.
    expect(await runCrawl(deps, NOW + 15 * 60 * 1000, { force: true })).toMatchObject({ succeeded: 1, inserted: 1 });
    expect(await runCrawl(deps, NOW + 30 * 60 * 1000, { force: true })).toMatchObject({ succeeded: 1, inserted: 0 });
    const { mentions } = await listMentions(deps.db, { topicId: topic.id, limit: 20 });
    // The news item and the recall thread link the same article and stay two posts.
    expect(mentions.map((m) => m.title).sort()).toEqual([
      'Acme kettle lid snapped after a week',
      'Acme kettle refund took ten minutes',
      'Acme recalls X2 kettles',
      'Love the new Acme toaster',
      'Recall thread: Acme X2 kettles',
    ]);
  });

  it('stores every item of a feed whose items have no guid and share one link, each once', async () => {
    const { deps, topic } = await setup(['/changelog.xml']);
    expect(await runCrawl(deps, NOW)).toMatchObject({ succeeded: 1, inserted: 2 });
    expect(await runCrawl(deps, NOW + 24 * 60 * 60 * 1000, { force: true })).toMatchObject({ succeeded: 1, inserted: 1 });
    expect(await runCrawl(deps, NOW + 25 * 60 * 60 * 1000, { force: true })).toMatchObject({ succeeded: 1, inserted: 0 });
    const { mentions } = await listMentions(deps.db, { topicId: topic.id, limit: 20 });
    expect(mentions.map((m) => m.title).sort()).toEqual(['Acme API rate limits raised', 'Acme CLI 4.2', 'Acme dashboard dark mode']);
  });

  // A crash or a Worker's time limit can stop a crawl between storing its mentions and recording its status.
  it.each([
    { name: 'a crawl that ran to its end', cutOff: false },
    { name: 'the retry of a crawl cut off after it stored the mentions', cutOff: true },
  ])('records a backfill as backfilling: $name', async ({ cutOff }) => {
    const { deps, sources } = await setup(['/week.xml']);
    const source = sources[0]!;
    if (cutOff) {
      const dies = deps.db.withPlugin({
        transformQuery: (args) => {
          if (JSON.stringify(args.node).includes('crawl_status_changes')) throw new Error('cut off');
          return args.node;
        },
        transformResult: async (args) => args.result,
      });
      await expect(runCrawl({ ...deps, db: dies }, NOW)).rejects.toThrow('cut off');
      expect((await listMentions(deps.db, { limit: 10 })).mentions).toHaveLength(8);
    }
    const report = await runCrawl(deps, NOW + 60_000, { force: true });
    expect(report.inserted).toBe(cutOff ? 0 : 8);
    expect((await listCurrentCrawlStatuses(deps.db, source.id)).get(source.id)).toBe('backfilling');
  });

  it('matches a phrase within a title or a body, not from the one into the other', () => {
    const topics = compileTopics([{ id: 1, name: 'Acme Corp', query: '"acme corp"', enabled: true, createdAt: 0, updatedAt: 0 }]);
    const source = { id: 1, kind: 'rss', url: 'https://x.example/feed', name: null, topicId: null, enabled: true, createdAt: 0, state: { etag: null, lastModified: null, cursor: null, nextCheckAt: 0, errorCount: 0, lastError: null, lastErrorKind: null, lastSuccessAt: null } } as const;
    const draft = (title: string, text: string) => ({ dedupKey: title, url: null, author: null, title, text, publishedAt: null });
    const matched = scoreAndMatch([draft('Why I left Acme', 'Corp culture there is toxic.'), draft('Layoffs', 'Acme Corp cut 200 jobs.')], source, topics);
    expect(matched.map((m) => m.draft.title)).toEqual(['Layoffs']);
  });

  it('records a malformed feed and a timed-out source as source errors while the others go on', async () => {
    const { deps, sources } = await setup(['/rss/malformed', '/_/hang', '/rss/basic']);
    const report = await runCrawl(deps, NOW);
    expect(report).toMatchObject({ sources: 3, succeeded: 1, failed: 2, inserted: 2 });
    const [malformed, hanging, healthy] = await Promise.all(sources.map((s) => getSource(deps.db, s.id)));
    expect(malformed!.state).toMatchObject({ errorCount: 1, lastErrorKind: 'parse' });
    expect(hanging!.state).toMatchObject({ errorCount: 1, lastErrorKind: 'timeout' });
    expect(healthy!.state).toMatchObject({ errorCount: 0 });
    // Failing sources back off instead of being hammered every tick.
    expect(malformed!.state.nextCheckAt).toBeGreaterThan(NOW);
  });

  it('honours Retry-After even on a forced crawl', async () => {
    const { deps, sources } = await setup(['/_/status/429?retry-after=3600']);
    const first = await runCrawl(deps, NOW);
    expect(first.failed).toBe(1);
    const limited = await getSource(deps.db, sources[0]!.id);
    expect(limited!.state.lastErrorKind).toBe('rate-limited');
    expect(limited!.state.nextCheckAt).toBeGreaterThanOrEqual(NOW + 3_600_000);
    const forced = await runCrawl(deps, NOW + 60_000, { force: true });
    expect(forced.sources).toBe(0);
  });

  it('keeps no mention that matches no topic', async () => {
    const deps = await createTestDeps();
    await createTopic(deps.db, { name: 'Other', query: 'zeppelin' }, NOW);
    await createSource(deps.db, { kind: 'rss', url: server.url('/rss/basic') }, NOW);
    expect((await runCrawl(deps, NOW)).inserted).toBe(0);
  });

  it('fetches a feed on another host while every feed of one host hangs', async () => {
    // Four feeds on a host that accepts and never answers, then one good feed elsewhere: the good feed
    // must not wait in the hung host's line (before, it was fetched only after two hung feeds timed out).
    const held: Array<import('node:http').ServerResponse> = [];
    let released = false;
    let hungEnded = 0;
    let goodSeenAfter: number | null = null;
    let goodSeen!: () => void;
    const goodArrived = new Promise<void>((resolve) => (goodSeen = resolve));
    const hosts = await startFixtureServer({
      routes: {
        '/good': (_req, res) => {
          goodSeenAfter = hungEnded;
          goodSeen();
          res.writeHead(200, { 'content-type': 'application/rss+xml' });
          res.end(basicNoEtagBody);
        },
      },
      fallback: (req, res) => {
        if (released) return void res.destroy();
        held.push(res);
        req.socket.once('close', () => (hungEnded += 1));
      },
    });
    try {
      const port = new URL(hosts.url('/')).port;
      const inner = createNodeSafeFetch({ allowPrivate: true, resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
      const fetch = limitPerHost((request) => inner({ ...request, timeoutMs: 5_000 }), { maxConcurrent: requestsPerHost });
      const deps = await createTestDeps({ fetch });
      await createTopic(deps.db, { name: 'Acme', query: 'acme' }, NOW);
      for (let i = 0; i < 4; i++) await createSource(deps.db, { kind: 'rss', url: `http://slow.test:${port}/feed${i}` }, NOW);
      await createSource(deps.db, { kind: 'rss', url: `http://good.test:${port}/good` }, NOW);
      const crawl = runCrawl(deps, NOW);
      await Promise.race([goodArrived, crawl]);
      expect(goodSeenAfter).toBe(0);
      released = true;
      for (const res of held.splice(0)) res.destroy();
      const report = await crawl;
      expect(report).toMatchObject({ sources: 5, succeeded: 1, inserted: 2 });
    } finally {
      await hosts.close();
    }
  });
});
