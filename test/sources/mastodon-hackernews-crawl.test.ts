import { afterEach, describe, expect, it } from 'vitest';
import { runCrawl } from '../../jobs/crawl';
import { bucketStart } from '../../src/domain/bucket';
import type { SafeFetch } from '../../src/http/safe-fetch';
import { createNodeSafeFetch } from '../../src/runtime/node/node-safe-fetch';
import { listTopicCrawlStatuses } from '../../src/storage/crawl-status-store';
import { createSource, getSource, listSources } from '../../src/storage/source-store';
import { createTopic } from '../../src/storage/topic-store';
import { algoliaIndex, commentHit } from '../support/algolia-index';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';
import { createTestDeps } from '../support/test-deps';

const now = Date.parse('2026-11-30T10:00:00Z');
const servers: FixtureServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(routes: Record<string, string | string[]>): Promise<FixtureServer> {
  const server = await startFixtureServer({ routes });
  servers.push(server);
  return server;
}

/** Loopback fixtures only: anything else is refused before a connection is made. */
function fixturesOnly(): SafeFetch {
  const loopback = createNodeSafeFetch({ allowPrivate: true, privateAllowList: ['127.0.0.1'] });
  return async (request) => (new URL(request.url).hostname === '127.0.0.1' ? loopback(request) : { kind: 'failed', error: { kind: 'blocked', message: 'not a fixture' } });
}

describe('social sources in a crawl', () => {
  it('stores matched posts with engagement, counts a status seen through two instances once, and asks only for new posts next time', async () => {
    const hn = await serve({ '/api/v1/search_by_date': 'hackernews/search-page' });
    const social = await serve({ '/api/v1/timelines/tag/acme': 'mastodon/tag-page' });
    const fosstodon = await serve({ '/api/v1/timelines/tag/acme': 'mastodon/tag-page-other-instance' });
    const deps = await createTestDeps({ fetch: fixturesOnly() });
    const topic = await createTopic(deps.db, { name: 'Acme', query: 'acme' }, 0);
    await createSource(deps.db, { kind: 'hackernews', url: hn.origin, topicId: topic!.id }, 0);
    await createSource(deps.db, { kind: 'mastodon', url: social.origin, topicId: topic!.id }, 0);
    await createSource(deps.db, { kind: 'mastodon', url: fosstodon.origin, topicId: topic!.id }, 0);

    const first = await runCrawl(deps, now);
    expect(first).toMatchObject({ sources: 3, succeeded: 3, failed: 0, inserted: 7 });
    const engagement = await deps.db.selectFrom('mentions').select(['dedup_key', 'engagement']).orderBy('id').execute();
    expect(engagement.find((m) => m.dedup_key.endsWith('id=42391150'))?.engagement).toBe(JSON.stringify({ likes: null, reposts: null, replies: 57, score: 212 }));
    // 3 from Hacker News; alice and bob twice each (two instances) but one story each in the topic's buckets.
    const buckets = await deps.db.selectFrom('topic_buckets').select((eb) => eb.fn.sum<number>('count').as('total')).where('topic_id', '=', topic!.id).executeTakeFirst();
    expect(Number(buckets?.total)).toBe(5);

    const cursors = (await listSources(deps.db)).map((s) => s.state.cursor);
    const second = await runCrawl(deps, now + 30 * 60_000, { force: true });
    expect(second).toMatchObject({ succeeded: 3, inserted: 0 });
    expect((await listSources(deps.db)).map((s) => s.state.cursor)).toEqual(cursors);
    const asked = hn.requests.map((r) => new URL(r.path, 'http://x').searchParams.get('numericFilters'));
    // The second crawl looks 5 minutes behind its cursor (Algolia indexes out of order); what it has is not stored twice.
    expect(asked).toEqual([`created_at_i>${(now - 24 * 3600_000) / 1000}`, 'created_at_i>1796031367']);
    expect(social.requests.at(-1)?.path).toContain('min_id=113571000000000300');
    await deps.db.destroy();
  });

  it('fails a source as parse, keeping its cursor, when Hacker News answers hits none of which it can read', async () => {
    const hn = await serve({ '/api/v1/search_by_date': ['hackernews/search-page', 'hackernews/search-page-string-times'] });
    const deps = await createTestDeps({ fetch: fixturesOnly() });
    const topic = (await createTopic(deps.db, { name: 'Acme', query: 'acme' }, 0))!;
    const source = (await createSource(deps.db, { kind: 'hackernews', url: hn.origin, topicId: topic.id }, 0))!;

    // One odd hit of five: stored what it could, healthy, and the warning says what it skipped.
    expect(await runCrawl(deps, now)).toMatchObject({ succeeded: 1, failed: 0, inserted: 3 });
    const healthy = (await getSource(deps.db, source.id))!.state;
    const cursor = JSON.stringify({ newest: 1796031667, gap: null, sweptAt: now });
    expect(healthy).toMatchObject({ cursor, errorCount: 0, lastErrorKind: null, lastError: '1 of 5 hits skipped: created_at_i: missing (expected number)' });

    // Every hit unreadable: a failure the operator sees and the backoff counts, and the cursor waits for a fix.
    expect(await runCrawl(deps, now + 30 * 60_000, { force: true })).toMatchObject({ succeeded: 0, failed: 1, inserted: 0 });
    const failed = (await getSource(deps.db, source.id))!.state;
    expect(failed).toMatchObject({ cursor, errorCount: 1, lastErrorKind: 'parse', lastError: 'could not read any of 5 hits: created_at_i: expected number, received string' });
    const statuses = (await listTopicCrawlStatuses(deps.db, topic.id, 0, now + 24 * 60 * 60_000)).flat().map((c) => c.status);
    expect(statuses).toEqual(['ok', 'failed']);
    await deps.db.destroy();
  });

  // Algolia lists some hits long after they were written; the hourly sweep of the 6 hours before the fresh
  // window hears them, and what it reads again is not stored or counted twice.
  it('stores a hit the sweep hears late at its published time, once, and counts nothing it had twice', async () => {
    const nowSeconds = now / 1000;
    const listed = [commentHit('42391001', nowSeconds - 15 * 60, 'Acme support is slow'), commentHit('42391002', nowSeconds - 5 * 60, 'Acme shipped a patch')];
    const hn = await startFixtureServer({ routes: { '/api/v1/search_by_date': algoliaIndex(listed) } });
    servers.push(hn);
    const deps = await createTestDeps({ fetch: fixturesOnly() });
    const topic = (await createTopic(deps.db, { name: 'Acme', query: 'acme' }, 0))!;
    await createSource(deps.db, { kind: 'hackernews', url: hn.origin, topicId: topic.id }, 0);
    expect(await runCrawl(deps, now)).toMatchObject({ succeeded: 1, inserted: 2 });

    // An hour later: one new hit, and one written 40 minutes ago that Algolia lists only now.
    const later = now + 61 * 60_000;
    const late = commentHit('42391003', later / 1000 - 40 * 60, 'Acme refund still missing, this is a scam');
    listed.push(commentHit('42391004', later / 1000 - 60, 'Acme again'), late);
    expect(await runCrawl(deps, later, { force: true })).toMatchObject({ succeeded: 1, inserted: 2 });

    const stored = await deps.db.selectFrom('mentions').select(['dedup_key', 'published_at', 'bucket_at']).orderBy('id').execute();
    expect(stored.map((m) => m.dedup_key.split('=')[1])).toEqual(['42391002', '42391001', '42391004', '42391003']);
    expect(stored.at(-1)).toMatchObject({ published_at: late.created_at_i * 1000, bucket_at: late.created_at_i * 1000 });
    const buckets = await deps.db.selectFrom('topic_buckets').select(['bucket_start', 'count']).where('topic_id', '=', topic.id).execute();
    expect(buckets.reduce((sum, b) => sum + b.count, 0)).toBe(4);
    expect(buckets.find((b) => b.bucket_start === bucketStart(late.created_at_i * 1000))?.count).toBe(1);
    await deps.db.destroy();
  });

  // Judged as a backfill, the crawl would keep these posts out of the past buckets detection revises: a
  // backlash Algolia listed late is exactly what the sweep is for.
  it('stores what a sweep hears over an hour late as late items, not as a backfill', async () => {
    const nowSeconds = now / 1000;
    const listed = [commentHit('42391001', nowSeconds - 5 * 60, 'Acme shipped a patch')];
    const hn = await startFixtureServer({ routes: { '/api/v1/search_by_date': algoliaIndex(listed) } });
    servers.push(hn);
    const deps = await createTestDeps({ fetch: fixturesOnly() });
    const topic = (await createTopic(deps.db, { name: 'Acme', query: 'acme' }, 0))!;
    await createSource(deps.db, { kind: 'hackernews', url: hn.origin, topicId: topic.id }, 0);
    expect(await runCrawl(deps, now)).toMatchObject({ succeeded: 1, inserted: 1 });

    const later = now + 61 * 60_000;
    listed.push(commentHit('42391100', later / 1000 - 60, 'Acme again'));
    for (let i = 0; i < 6; i += 1) listed.push(commentHit(String(42391010 + i), nowSeconds - 70 * 60 - i * 60, `Acme charged me twice, refund refused (${i})`));
    expect(await runCrawl(deps, later, { force: true })).toMatchObject({ succeeded: 1, inserted: 7 });
    const statuses = (await listTopicCrawlStatuses(deps.db, topic.id, 0, later + 60_000)).flat().map((c) => c.status);
    expect(statuses).toEqual(['ok']);
    await deps.db.destroy();
  });
});
