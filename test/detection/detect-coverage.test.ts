// Each bucket's coverage comes from the crawl status history the crawl job records, not from how the
// sources are doing when detect runs. The real crawl job reads simulated feeds served on 127.0.0.1
// (a warm week of history is stored first, as earlier crawls would have), and the real detect job
// decides; only the clock is simulated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCrawl, scoreAndMatch } from '../../jobs/crawl';
import { runDetect } from '../../jobs/detect';
import { BUCKET_MS } from '../../src/domain/bucket';
import type { Source } from '../../src/domain/source';
import type { Topic } from '../../src/domain/topic';
import { readDetectorState, type Coverage } from '../../src/detection/detector-state';
import { compileTopics } from '../../src/matching/match-topics';
import type { Deps } from '../../src/runtime/deps';
import { listAlerts } from '../../src/storage/alert-store';
import { listTopicBuckets } from '../../src/storage/bucket-store';
import { listTopicCrawlStatuses, recordCrawlStatus } from '../../src/storage/crawl-status-store';
import { loadDetectorState } from '../../src/storage/detector-state-store';
import { insertMentions } from '../../src/storage/mention-store';
import { createSource, getSource, recordSourceSuccess } from '../../src/storage/source-store';
import { createTopic } from '../../src/storage/topic-store';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';
import { createTestDeps } from '../support/test-deps';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Simulated time when each scenario's live part begins, after its stored week. */
const START = Date.UTC(2026, 10, 30, 9, 0, 0);
const at = (minutes: number) => START + minutes * MIN;

interface Post {
  guid: string;
  at: number;
  negative: boolean;
}

/** A simulated feed: the posts it has published in [from, to), and whether it answers at a time. */
interface SimFeed {
  posts(from: number, to: number): Post[];
  down?(now: number): boolean;
  /** How far back the document reaches (RSS keeps the newest items). */
  reachMs: number;
}

/** `perBucket` posts every 5 minutes, one in `negativeEvery` negative, plus any `extra` for a bucket. */
function steadyFeed(name: string, options: { perBucket: number; negativeEvery: number; extra?: (bucket: number) => number; down?: (now: number) => boolean }): SimFeed {
  return {
    reachMs: 6 * HOUR,
    down: options.down,
    posts(from, to) {
      const posts: Post[] = [];
      for (let bucket = Math.ceil(from / BUCKET_MS) * BUCKET_MS; bucket < to; bucket += BUCKET_MS) {
        const n = bucket / BUCKET_MS;
        for (let j = 0; j < options.perBucket; j++) posts.push({ guid: `${name}-${n}-${j}`, at: bucket + 30_000 + j * 60_000, negative: (n * options.perBucket + j) % options.negativeEvery === 0 });
        for (let j = 0; j < (options.extra?.(bucket) ?? 0); j++) posts.push({ guid: `${name}-${n}-x${j}`, at: bucket + 45_000 + j * 15_000, negative: true });
      }
      return posts.filter((p) => p.at >= from && p.at < to);
    },
  };
}

let clock = 0;
const feeds = new Map<string, SimFeed>();
let server: FixtureServer;

function rss(posts: Post[]): string {
  const items = posts.map(
    (p) =>
      `<item><title>${p.guid}</title><guid>${p.guid}</guid><link>https://blogs.example/${p.guid}</link><pubDate>${new Date(p.at).toUTCString()}</pubDate>` +
      `<description>${p.negative ? 'Acme support is awful, a refund nightmare' : `Acme shipped release ${p.guid}`}</description></item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>sim</title><link>https://blogs.example/</link>${items.join('')}</channel></rss>`;
}

beforeAll(async () => {
  server = await startFixtureServer({
    fallback: (request, response) => {
      const feed = feeds.get(new URL(request.url ?? '/', server.origin).pathname);
      if (!feed || feed.down?.(clock)) {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end('down');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/rss+xml' });
      response.end(rss(feed.posts(clock - feed.reachMs, clock + 1)));
    },
  });
});
afterAll(() => server.close());

interface World {
  deps: Deps;
  topic: Topic;
}

async function createWorld(): Promise<World> {
  feeds.clear();
  const deps = await createTestDeps();
  const topic = (await createTopic(deps.db, { name: 'Acme', query: 'acme' }, START - 8 * DAY))!;
  return { deps, topic };
}

/** A feed source with `days` of stored history, as if crawled every 10 minutes and always ok until START. */
async function addSourceWithHistory({ deps, topic }: World, path: string, feed: SimFeed, days: number): Promise<Source> {
  feeds.set(path, feed);
  const from = START - days * DAY;
  const source = (await createSource(deps.db, { kind: 'rss', url: server.url(path) }, from))!;
  const compiled = compileTopics([topic]);
  for (let hour = from; hour < START; hour += HOUR) {
    const drafts = feed.posts(hour, hour + HOUR).map((p) => ({ dedupKey: p.guid, url: `https://blogs.example/${p.guid}`, author: null, title: p.guid, text: p.negative ? 'Acme support is awful, a refund nightmare' : `Acme shipped release ${p.guid}`, publishedAt: p.at }));
    await insertMentions(deps.db, source.id, scoreAndMatch(drafts, source, compiled), hour + HOUR);
  }
  await recordCrawlStatus(deps.db, source.id, 'ok', from);
  await recordSourceSuccess(deps.db, source.id, undefined, START, START - 10 * MIN);
  return source;
}

/** A new source, due now, reading `feed` at `path`. */
async function addSource({ deps }: World, path: string, feed: SimFeed, now: number): Promise<Source> {
  feeds.set(path, feed);
  return (await createSource(deps.db, { kind: 'rss', url: server.url(path) }, now))!;
}

/** The crawl every 5 minutes from START through `until`; detect on the ticks `detects` allows. */
async function runTicks({ deps }: World, until: number, detects: (now: number) => boolean = () => true, onTick?: (now: number) => Promise<void>): Promise<void> {
  for (let now = START; now <= until; now += BUCKET_MS) {
    clock = now;
    await onTick?.(now);
    await runCrawl(deps, now);
    if (detects(now)) await runDetect(deps, now);
  }
}

/** The coverage the detector recorded for each bucket still in its ring, by bucket start. */
async function recordedCoverage({ deps, topic }: World): Promise<Map<number, Coverage>> {
  const state = readDetectorState(await loadDetectorState<unknown>(deps.db, topic.id))!;
  const newest = state.nextBucketStart! - BUCKET_MS;
  return new Map(state.coverage.map((c, i) => [newest - (state.coverage.length - 1 - i) * BUCKET_MS, c]));
}

/** Coverage of the buckets starting at minutes [from, to) after START, as letters F / P / N. */
function lettersBetween(coverage: Map<number, Coverage>, from: number, to: number): string {
  let letters = '';
  for (let t = at(from); t < at(to); t += BUCKET_MS) letters += { full: 'F', partial: 'P', none: 'N' }[coverage.get(t) ?? 'full'];
  return letters;
}

// Each case crawls and detects days of history through real SQLite: 6-15 s on a busy two-core machine,
// near the 20 s default. A budget, not a timing assertion: a slow machine must not turn it red.
describe('coverage from the crawl status history', { timeout: 60_000 }, () => {
  it('an outage that recovered before detect ran still marks its buckets partial, and a surge in them says so', async () => {
    const world = await createWorld();
    // A answers throughout and carries a negative surge from minute 65 to 85; B fails from 60 to 80.
    await addSourceWithHistory(world, '/a.xml', steadyFeed('a', { perBucket: 2, negativeEvery: 10, extra: (b) => (b >= at(65) && b < at(85) ? 12 : 0) }), 8);
    await addSourceWithHistory(world, '/b.xml', steadyFeed('b', { perBucket: 2, negativeEvery: 10, down: (now) => now >= at(60) && now < at(80) }), 8);
    await runDetect(world.deps, START - 10 * MIN); // seeded from the stored week
    // Detect does not run from minute 60 to 105 (a late run: it comes back 20 minutes after B did).
    await runTicks(world, at(110), (now) => now < at(60) || now >= at(110));

    // B failed at its crawls at 60 and 70 and answered again at 90 (its backoff): its status held from 60 to 90.
    expect(lettersBetween(await recordedCoverage(world), 30, 110)).toBe('FFFFFF' + 'PPPPPP' + 'FFFF');
    const alerts = await listAlerts(world.deps.db, { limit: 10 });
    expect(alerts.map((a) => a.kind)).toEqual(['backlash']);
    expect(alerts[0]!.evidence).toMatchObject({ partialCoverage: true });
  });

  it("a new source's first crawl backfills 500 old posts: partial until its next crawl, and no alert", async () => {
    const world = await createWorld();
    await addSourceWithHistory(world, '/a.xml', steadyFeed('a', { perBucket: 2, negativeEvery: 10 }), 8);
    await runDetect(world.deps, START - 10 * MIN);
    // A forum thread with more complaints than the blogs carry: 500 posts over the 12 hours before it
    // is added, a quarter of them negative, and nothing new since.
    const forum: SimFeed = {
      reachMs: DAY,
      posts(from, to) {
        const spacing = (12 * HOUR) / 500;
        const posts: Post[] = [];
        for (let k = 0; k < 500; k++) posts.push({ guid: `forum-${k}`, at: at(30) - 12 * HOUR + Math.round(k * spacing), negative: k % 4 === 0 });
        return posts.filter((p) => p.at >= from && p.at < to);
      },
    };
    let forumSource: Source | undefined;
    await runTicks(world, at(240), undefined, async (now) => {
      if (now === at(30)) forumSource = await addSource(world, '/forum.xml', forum, now);
    });

    const statuses = await listTopicCrawlStatuses(world.deps.db, world.topic.id, START, at(241));
    expect(statuses).toContainEqual([
      { at: at(30), status: 'backfilling' },
      { at: at(40), status: 'ok' },
    ]);
    expect(forumSource).toBeDefined();
    expect(lettersBetween(await recordedCoverage(world), 20, 50)).toBe('FF' + 'PP' + 'FF');
    expect(await listAlerts(world.deps.db, { limit: 10 })).toEqual([]);
    // Stored and counted at their published time all the same: the day before holds the blogs' 576 and the forum's 500.
    const day = await listTopicBuckets(world.deps.db, world.topic.id, at(30) - DAY, at(30));
    expect(day.reduce((sum, b) => sum + b.count, 0)).toBe(576 + 500);
  });

  it('a source that never delivered marks no bucket partial and raises no source-health alert, only its own notice', async () => {
    const world = await createWorld();
    await addSourceWithHistory(world, '/a.xml', steadyFeed('a', { perBucket: 2, negativeEvery: 10 }), 8);
    await runDetect(world.deps, START - 10 * MIN);
    const missing = await addSource(world, '/missing.xml', { reachMs: 0, posts: () => [], down: () => true }, START);
    await runTicks(world, at(180));

    // The notice is on the source itself: failing, never a success, and why (the sources table and the
    // topic page show it as "failing" with "last success never", source-status.test.ts).
    const notice = (await getSource(world.deps.db, missing.id))!.state;
    expect(notice).toMatchObject({ lastErrorKind: 'http', lastError: expect.stringContaining('500'), lastSuccessAt: null });
    expect(notice.errorCount).toBeGreaterThan(0);

    const statuses = await listTopicCrawlStatuses(world.deps.db, world.topic.id, START, at(181));
    expect(statuses).toContainEqual([{ at: START, status: 'failed' }]);
    expect(lettersBetween(await recordedCoverage(world), 0, 180)).toBe('F'.repeat(36));
    expect(await listAlerts(world.deps.db, { limit: 10 })).toEqual([]);
  });
});
