/**
 * The storage contract, written once and run on every database Earshot supports: better-sqlite3
 * (test/storage/storage-contract.test.ts) and Cloudflare D1 in workerd (test/worker/storage-contract.d1.test.ts).
 * What it pins is what the rest of the code leans on without transactions: every write path can be
 * repeated, conflicts are values or recognisable errors, no statement binds more than 100 parameters,
 * and row counts and returned rows look the same through both drivers.
 */
import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { generateWebhookSecret } from '../../src/alerts/sign-webhook';
import { isForeignKeyViolation, isUniqueViolation } from '../../src/api/api-error';
import { BUCKET_MS } from '../../src/domain/bucket';
import type { Engagement } from '../../src/domain/mention';
import { getAlertMention, listAlertMentionsInWindow } from '../../src/storage/alert-mention-store';
import { getActiveAlert, insertAlert, listAlerts, updateAlert } from '../../src/storage/alert-store';
import { foldTopicName } from '../../src/domain/fold-topic-name';
import { BoundParameterLimitError } from '../../src/storage/bound-parameter-limit';
import { recountPendingBuckets } from '../../src/storage/bucket-recount';
import { listTopicBuckets } from '../../src/storage/bucket-store';
import { listCurrentCrawlStatuses, listTopicCrawlStatuses, recordCrawlStatus } from '../../src/storage/crawl-status-store';
import type { Db } from '../../src/storage/database';
import { insertDeliveryAttempt } from '../../src/storage/delivery-attempt-store';
import { claimDelivery, enqueueDeliveries, getDelivery, listDueDeliveries, nextPendingDeliveryAt, recordDeliveryAttempt, requeueDelivery } from '../../src/storage/delivery-store';
import { fillTopicNameKeys } from '../../src/storage/fill-topic-name-keys';
import { countAuthorsInWindow, listFirstMentionsInWindow } from '../../src/storage/detection-store';
import { loadDetectorState, saveDetectorState } from '../../src/storage/detector-state-store';
import { createEndpoint, DISABLED_BY_HAND, disableEndpoint, ensureEndpoint, getEndpoint, loadSigningSecrets, updateEndpoint } from '../../src/storage/endpoint-store';
import { insertMentions, listMentions, listTopicMentionsInWindow, type InsertMentionsResult, type ScoredDraft } from '../../src/storage/mention-store';
import { migrateToLatest, migrations } from '../../src/storage/migrate';
import * as migration0007 from '../../src/storage/migrations/0007-add-bucket-engagement';
import { listMentionSweeps, recordMentionSweep, sweepMentions } from '../../src/storage/mention-sweep-store';
import { PURGE_CHUNK, purgeSourceChunk } from '../../src/storage/source-purge-store';
import { resetSourceFetchState } from '../../src/storage/source-fetch-state-store';
import { claimDueSource, createSource, ensureSource, getSource, listDueSources, listSources, recordSourceFailure, recordSourceSuccess, requestSourceDeletion, updateSource } from '../../src/storage/source-store';
import { deleteTopic, listTopicsToPurge, purgeTopic, requestTopicDeletion } from '../../src/storage/topic-purge-store';
import { createTopic, findTopicNamedAlike, getTopic, listTopics, updateTopic, upsertTopicByName } from '../../src/storage/topic-store';
import { BLOG_STORIES, countCountingLinks, recountEveryBucket, seedPurgeScenario, snapshotPurgeState } from '../support/purge-scenario';
import { recordingChangedRows } from '../support/changed-rows-per-statement';
import { recordingStatements } from '../support/statements-sent';
import { countingStatements, dbThatDiesAt, DiedAtStatement } from '../support/kill-at-statement';
import { describeOverridesRescoreContract } from './overrides-rescore-contract';
import { countPendingLinks, listBucketsOfCountedLinks, seedPendingBuckets } from '../support/pending-buckets-scenario';
import { countUnlinkedMentions, expectedAfterTopicDeletion, findStrayRepeats, listPendingRescore, seedLexiconScenario, seedTopicDeletionScenario } from '../support/topic-deletion-scenario';

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);

/**
 * The purge cases (and the racing crawls', 4 s) send hundreds of statements; through wrangler's platform proxy each is a round trip
 * to workerd: 4, 13 and 37 s with other work on both cores (2 Dec 2026), where the 20 s default timed
 * one out twice and failed the file. A bound for a hang, not a timing.
 */
const PURGE_TEST_TIMEOUT_MS = 90_000;

export interface StorageHarness {
  /** A migrated database with no rows in it. */
  openEmpty(): Promise<Db>;
  /** A database with no tables at all, for the migration cases. */
  openBlank(): Promise<Db>;
}

function scored(key: string, label: 'negative' | 'positive' | 'neutral', topicIds: number[], publishedAt: number | null = T0): ScoredDraft {
  const score = label === 'negative' ? -0.6 : label === 'positive' ? 0.6 : 0;
  return {
    draft: { dedupKey: key, url: `https://blog.example/${key}`, author: null, title: key, text: `text ${key}`, publishedAt },
    sentiment: { score, label, explanation: [], version: 't' },
    topicIds,
  };
}

async function caught(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Every chunk of a deleted source's purge, a budget per run, until its row is gone. */
async function purgeAll(db: Db, sourceId: number, budget: number): Promise<void> {
  for (let i = 0; i < 1000; i += 1) if ((await purgeSourceChunk(db, sourceId, { left: budget })).kind === 'source-deleted') return;
  throw new Error('the purge did not finish');
}

export function describeStorageContract(name: string, harness: StorageHarness): void {
  describe(`storage contract on ${name}`, () => {
    it('migrates a blank database once, and two racing runs both succeed', async () => {
      const db = await harness.openBlank();
      const [a, b] = await Promise.all([migrateToLatest(db, 1), migrateToLatest(db, 1)]);
      expect([...a.applied, ...b.applied].sort()).toEqual(expect.arrayContaining(migrations.map(([n]) => n)));
      expect((await migrateToLatest(db, 2)).applied).toEqual([]);
      const rows = await db.selectFrom('schema_migrations').select('name').orderBy('name').execute();
      expect(rows.map((r) => r.name)).toEqual(migrations.map(([n]) => n).sort());
    });

    it('creates topics once by name: a duplicate is a value from the store and a recognisable error from the database', async () => {
      const db = await harness.openEmpty();
      const topic = await createTopic(db, { name: 'Acme', query: 'acme' }, T0);
      expect(topic).toMatchObject({ name: 'Acme', query: 'acme' });
      expect(await createTopic(db, { name: 'Acme', query: 'other' }, T0)).toBeUndefined();
      const again = await upsertTopicByName(db, { name: 'Acme', query: 'acme' }, T0 + 1);
      expect(again?.id).toBe(topic!.id);
      const error = await caught(() => sql`insert into topics (name, query, created_at, updated_at) values ('Acme', 'x', 0, 0)`.execute(db));
      expect(isUniqueViolation(error)).toBe(true);
      expect(await listTopics(db)).toHaveLength(1);
    });

    // The look-alike check is in the insert or update itself: here nothing checks first, as when two
    // requests at once both passed a check made beforehand. Names as in test/api/crud.test.ts.
    it.each([
      { name: 'another case', stored: 'Acme', given: 'acme' },
      { name: 'a non-ASCII capital', stored: 'Ærø', given: 'ærø' },
      { name: 'the decomposed form', stored: 'Caf\u00e9', given: 'CAFE\u0301' },
      { name: 'ß spelt SS', stored: 'Straße', given: 'STRASSE' },
    ])('refuses a topic named like a stored one but for $name in the write itself: created, seeded or renamed onto', async ({ stored, given }) => {
      const db = await harness.openEmpty();
      const holder = (await createTopic(db, { name: stored, query: 'x' }, T0))!;
      const other = (await createTopic(db, { name: 'Other', query: 'other' }, T0))!;
      expect(await createTopic(db, { name: given, query: 'x' }, T0)).toBeUndefined();
      expect(await upsertTopicByName(db, { name: given, query: 'x' }, T0)).toBeUndefined();
      expect(await updateTopic(db, other.id, { name: given }, T0)).toEqual({ kind: 'name-taken', name: given });
      expect(await findTopicNamedAlike(db, given)).toMatchObject({ id: holder.id, name: stored });
      // The holder itself may change its case; a missing topic is not a taken name.
      expect(await updateTopic(db, holder.id, { name: given }, T0 + 1)).toMatchObject({ kind: 'updated', topic: { name: given } });
      expect(await updateTopic(db, 999_999, { name: 'Elsewhere' }, T0)).toEqual({ kind: 'not-found' });
      expect((await listTopics(db)).map((t) => t.name)).toEqual([given, 'Other']);
    });

    it('lets one of two look-alike names written at once in, whatever order the statements run', async () => {
      const db = await harness.openEmpty();
      const created = await Promise.all([createTopic(db, { name: 'Acme', query: 'a' }, T0), createTopic(db, { name: 'ACME', query: 'a' }, T0)]);
      expect(created.filter((topic) => topic !== undefined)).toHaveLength(1);
      const other = (await createTopic(db, { name: 'Other', query: 'o' }, T0))!;
      const renamed = await Promise.all([createTopic(db, { name: 'Bolt', query: 'b' }, T0), updateTopic(db, other.id, { name: 'bolt' }, T0)]);
      expect([renamed[0] !== undefined, renamed[1].kind === 'updated'].sort()).toEqual([false, true]);
      expect((await listTopics(db)).filter((t) => ['acme', 'bolt'].includes(foldTopicName(t.name)))).toHaveLength(2);
    });

    it('keeps look-alike names stored before the check working, each under its own name, once their keys are filled', async () => {
      const db = await harness.openEmpty();
      for (const name of ['Acme', 'acme']) await sql`insert into topics (name, query, created_at, updated_at) values (${name}, 'acme', 0, 0)`.execute(db);
      expect(await fillTopicNameKeys(db)).toBe(2);
      expect(await fillTopicNameKeys(db)).toBe(0);
      const [upper, lower] = await listTopics(db);
      expect(await updateTopic(db, lower!.id, { name: 'acme', query: 'acme -jobs' }, T0)).toMatchObject({ kind: 'updated' });
      expect(await upsertTopicByName(db, { name: 'Acme', query: 'acme corp' }, T0)).toMatchObject({ id: upper!.id, query: 'acme corp' });
      expect(await updateTopic(db, lower!.id, { name: 'ACME' }, T0)).toEqual({ kind: 'name-taken', name: 'ACME' });
      expect(await createTopic(db, { name: 'ACME', query: 'x' }, T0)).toBeUndefined();
      expect(await findTopicNamedAlike(db, 'ACME', upper!.id)).toMatchObject({ id: lower!.id });
      expect((await listTopics(db)).map((t) => [t.name, t.query])).toEqual([['Acme', 'acme corp'], ['acme', 'acme -jobs']]);
    });

    it('refuses a link to a missing row with a recognisable foreign-key error', async () => {
      const db = await harness.openEmpty();
      const error = await caught(() => createSource(db, { kind: 'rss', url: 'https://blog.example/feed', topicId: 999_999 }, T0));
      expect(isForeignKeyViolation(error)).toBe(true);
    });

    it('hands out due sources in order, bounded by a limit, and keeps the rest due', async () => {
      const db = await harness.openEmpty();
      const sources = [];
      for (let i = 0; i < 3; i += 1) sources.push((await createSource(db, { kind: 'rss', url: `https://blog.example/${i}` }, T0))!);
      expect((await ensureSource(db, { kind: 'rss', url: 'https://blog.example/0' }, T0)).id).toBe(sources[0]!.id);
      await recordSourceSuccess(db, sources[0]!.id, { etag: '"v1"', lastModified: null, cursor: null }, T0 + 60_000, T0);
      await recordSourceFailure(db, sources[1]!.id, { kind: 'http', message: 'HTTP 500' }, T0 + 120_000, T0);
      await recordSourceFailure(db, sources[1]!.id, { kind: 'http', message: 'HTTP 500' }, T0 + 120_000, T0);
      expect((await listDueSources(db, T0, { limit: 1 })).map((s) => s.id)).toEqual([sources[2]!.id]);
      expect((await listDueSources(db, T0 + 120_000)).map((s) => s.id)).toEqual([sources[2]!.id, sources[0]!.id, sources[1]!.id]);
      expect((await getSource(db, sources[0]!.id))!.state).toMatchObject({ etag: '"v1"', errorCount: 0, lastSuccessAt: T0 });
      expect((await getSource(db, sources[1]!.id))!.state).toMatchObject({ errorCount: 2, lastErrorKind: 'http' });
    });

    it('keeps where a feed moved beside its URL, until told otherwise, a reset or a new URL', async () => {
      const db = await harness.openEmpty();
      const source = (await createSource(db, { kind: 'rss', url: 'https://old.example/feed' }, T0))!;
      const validators = { etag: '"v1"', lastModified: null, cursor: null };
      await recordSourceSuccess(db, source.id, { ...validators, movedTo: 'https://new.example/feed.xml' }, T0 + 60_000, T0);
      expect(await getSource(db, source.id)).toMatchObject({ url: 'https://old.example/feed', movedTo: 'https://new.example/feed.xml' });
      // Seeding knows the source by its URL still, and a success that says nothing of a move keeps it.
      expect(await ensureSource(db, { kind: 'rss', url: 'https://old.example/feed' }, T0)).toMatchObject({ id: source.id, movedTo: 'https://new.example/feed.xml' });
      await recordSourceSuccess(db, source.id, validators, T0 + 120_000, T0 + 60_000);
      expect((await getSource(db, source.id))!.movedTo).toBe('https://new.example/feed.xml');
      await updateSource(db, source.id, { name: 'Renamed' }, T0);
      expect((await getSource(db, source.id))!.movedTo).toBe('https://new.example/feed.xml');
      await updateSource(db, source.id, { url: 'https://old.example/feed' }, T0);
      expect(await getSource(db, source.id)).not.toHaveProperty('movedTo');
      await recordSourceSuccess(db, source.id, { ...validators, movedTo: 'https://new.example/feed.xml' }, T0 + 60_000, T0);
      await resetSourceFetchState(db, source.id, T0);
      expect(await getSource(db, source.id)).not.toHaveProperty('movedTo');
      await recordSourceSuccess(db, source.id, { ...validators, movedTo: 'https://new.example/feed.xml' }, T0 + 60_000, T0);
      await recordSourceSuccess(db, source.id, { ...validators, movedTo: null }, T0 + 60_000, T0);
      expect(await getSource(db, source.id)).not.toHaveProperty('movedTo');
    });

    it('gives a due source listed by two runs at once to one of them', async () => {
      const db = await harness.openEmpty();
      await createSource(db, { kind: 'rss', url: 'https://blog.example/feed' }, T0);
      const [listedByOne] = await listDueSources(db, T0);
      const [listedByOther] = await listDueSources(db, T0);
      const claims = await Promise.all([claimDueSource(db, listedByOne!, T0 + 900_000, T0), claimDueSource(db, listedByOther!, T0 + 900_000, T0)]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await listDueSources(db, T0 + 899_999)).toEqual([]);
      expect(await listDueSources(db, T0 + 900_000)).toHaveLength(1);
    });

    it('creates one source when two writers race to add the same feed (no topic, so no unique key covers it)', async () => {
      const db = await harness.openEmpty();
      const input = { kind: 'rss' as const, url: 'https://blog.example/feed' };
      const created = await Promise.all([createSource(db, input, T0), createSource(db, input, T0), ensureSource(db, input, T0), ensureSource(db, input, T0)]);
      expect(created.filter((s) => s !== undefined).length).toBeGreaterThanOrEqual(2);
      expect(new Set(created.filter((s) => s !== undefined).map((s) => s!.id)).size).toBe(1);
      expect(await db.selectFrom('sources').select('id').execute()).toHaveLength(1);
    });

    it('stores mentions idempotently, repairs a lost bucket, and recounts instead of incrementing', async () => {
      const db = await harness.openEmpty();
      const a = (await createTopic(db, { name: 'a', query: 'a' }, T0))!;
      const b = (await createTopic(db, { name: 'b', query: 'b' }, T0))!;
      const source = (await createSource(db, { kind: 'rss', url: 'https://blog.example/feed' }, T0))!;
      const items = [scored('1', 'negative', [a.id, b.id]), scored('2', 'positive', [a.id])];
      expect(await insertMentions(db, source.id, items, T0)).toMatchObject({ inserted: 2 });
      expect(await insertMentions(db, source.id, items, T0 + 1000)).toMatchObject({ inserted: 0 });
      await db.deleteFrom('topic_buckets').execute();
      await db.updateTable('mention_topics').set({ counted: 0 }).execute();
      expect((await recountPendingBuckets(db)).touchedTopicIds.sort()).toEqual([a.id, b.id].sort());
      expect(await listTopicBuckets(db, a.id, T0, T0 + BUCKET_MS)).toMatchObject([{ count: 2, negative: 1, positive: 1 }]);
      expect(await listTopicBuckets(db, b.id, T0, T0 + BUCKET_MS)).toMatchObject([{ count: 1, negative: 1, positive: 0 }]);
    });

    it('takes an item whose key changed since the last render as the post its source stored with that link, title and text', async () => {
      const db = await harness.openEmpty();
      const a = (await createTopic(db, { name: 'a', query: 'a' }, T0))!;
      const source = (await createSource(db, { kind: 'rss', url: 'https://forum.example/rss' }, T0))!;
      const render = (guid: string): ScoredDraft => ({ ...scored(guid, 'negative', [a.id]), draft: { ...scored(guid, 'negative', []).draft, url: 'https://forum.example/t/812', title: 'Lid snapped', text: 'Day seven.' } });
      expect(await insertMentions(db, source.id, [render('uuid-1')], T0, { keysMayChange: true })).toMatchObject({ inserted: 1 });
      expect(await insertMentions(db, source.id, [render('uuid-2')], T0 + 1000, { keysMayChange: true })).toMatchObject({ inserted: 0 });
      expect((await listMentions(db, { topicId: a.id, limit: 10 })).mentions).toHaveLength(1);
    });

    it('recounts what mean sentiment and engagement need: unscored and unknown engagement left out, a story counted once', async () => {
      const db = await harness.openEmpty();
      const a = (await createTopic(db, { name: 'a', query: 'a' }, T0))!;
      const blog = (await createSource(db, { kind: 'rss', url: 'https://blog.example/feed' }, T0))!;
      const hn = (await createSource(db, { kind: 'hackernews', url: 'https://hn.algolia.com/api/v1' }, T0))!;
      const engaged = (item: ScoredDraft, engagement: Engagement | null): ScoredDraft => ({ ...item, draft: { ...item.draft, engagement } });
      const unscored: ScoredDraft = { ...scored('u', 'neutral', [a.id]), sentiment: { score: 0, label: 'unscored', explanation: [], version: 't' } };
      await insertMentions(db, blog.id, [
        engaged(scored('1', 'negative', [a.id]), { likes: 10, reposts: 2, replies: null, score: null }),
        engaged(scored('2', 'positive', [a.id]), { likes: null, reposts: null, replies: null, score: null }),
        scored('3', 'negative', [a.id]),
        unscored,
      ], T0);
      // The same story as blog item 1 through Hacker News: not counted again, its points neither.
      await insertMentions(db, hn.id, [engaged(scored('1', 'negative', [a.id]), { likes: null, reposts: null, replies: 4, score: 30 })], T0);
      const expected = { count: 4, negative: 2, positive: 1, scored: 3, engagementSum: 12, engagementKnown: 1 };
      expect(await listTopicBuckets(db, a.id, T0, T0 + BUCKET_MS)).toMatchObject([{ ...expected, sentimentSum: expect.closeTo(-0.6, 9) }]);
      // Migration 0007's backfill (json_extract over the stored engagement) rebuilds the same numbers.
      await db.updateTable('mentions').set({ engagement_total: null }).execute();
      await db.updateTable('topic_buckets').set({ scored: 0, engagement_sum: 0, engagement_known: 0 }).execute();
      await migration0007.up(db as unknown as Kysely<unknown>);
      expect(await listTopicBuckets(db, a.id, T0, T0 + BUCKET_MS)).toMatchObject([expected]);
      const totals = await db.selectFrom('mentions').select('engagement_total').orderBy('id').execute();
      expect(totals.map((m) => m.engagement_total)).toEqual([12, null, null, null, 34]);
    });

    // Crawls of two sources run at once: on Node a crawl's workers share one connection and interleave at
    // every await, on Workers cron invocations overlap. The second crawl starts right before each statement
    // of the first in turn (and, past its last, after it), each time with a story and a topic of its own.
    it('counts a story that two crawls store at once through two sources once, wherever the second starts', async () => {
      const db = await harness.openEmpty();
      const blog = (await createSource(db, { kind: 'rss', url: 'https://blog.example/feed' }, T0))!;
      const hn = (await createSource(db, { kind: 'hackernews', url: 'https://hn.algolia.com/api/v1' }, T0))!;
      const counts: { startedAt: number; inserted: number; count: number; countingLinks: number }[] = [];
      for (let startAt = 1; startAt <= 10; startAt += 1) {
        const topic = (await createTopic(db, { name: `t${startAt}`, query: 't' }, T0))!;
        const story = scored(`story-${startAt}`, 'negative', [topic.id]);
        let second: Promise<InsertMentionsResult> | undefined;
        const first = countingStatements(db, (n) => {
          if (n === startAt) second = insertMentions(db, hn.id, [story], T0);
        });
        const results = [await insertMentions(first.db, blog.id, [story], T0), await (second ?? insertMentions(db, hn.id, [story], T0))];
        const [bucket] = await listTopicBuckets(db, topic.id, T0, T0 + BUCKET_MS);
        counts.push({ startedAt: startAt, inserted: results[0]!.inserted + results[1]!.inserted, count: bucket!.count, countingLinks: (await countCountingLinks(db))[topic.id] ?? 0 });
      }
      expect(counts).toEqual(counts.map(({ startedAt }) => ({ startedAt, inserted: 2, count: 1, countingLinks: 1 })));
    }, PURGE_TEST_TIMEOUT_MS);

    // As above with two stories of one bucket: each crawl recounts the bucket, and a recount that read
    // before the other crawl's link and wrote after it, or marked it counted, would leave it out.
    it('counts both stories of a bucket that two crawls store at once, wherever the second starts', async () => {
      const db = await harness.openEmpty();
      const blog = (await createSource(db, { kind: 'rss', url: 'https://blog.example/feed' }, T0))!;
      const hn = (await createSource(db, { kind: 'hackernews', url: 'https://hn.algolia.com/api/v1' }, T0))!;
      const counts: { startedAt: number; count: number; pending: number }[] = [];
      for (let startAt = 1; startAt <= 10; startAt += 1) {
        const topic = (await createTopic(db, { name: `t${startAt}`, query: 't' }, T0))!;
        const storeSecond = () => insertMentions(db, hn.id, [scored(`hn-${startAt}`, 'negative', [topic.id])], T0);
        let second: Promise<InsertMentionsResult> | undefined;
        const first = countingStatements(db, (n) => {
          if (n === startAt) second = storeSecond();
        });
        await insertMentions(first.db, blog.id, [scored(`blog-${startAt}`, 'negative', [topic.id])], T0);
        await (second ?? storeSecond());
        const [bucket] = await listTopicBuckets(db, topic.id, T0, T0 + BUCKET_MS);
        const pending = await db.selectFrom('mention_topics').select('mention_id').where('topic_id', '=', topic.id).where('counted', '<', 1).execute();
        counts.push({ startedAt: startAt, count: bucket!.count, pending: pending.length });
      }
      expect(counts).toEqual(counts.map(({ startedAt }) => ({ startedAt, count: 2, pending: 0 })));
    }, PURGE_TEST_TIMEOUT_MS);

    // A big re-score or a repair leaves thousands of buckets to recount, three statements each, where a
    // Worker invocation may send 1,000: a recount does what its budget pays for (a look-up, then whole
    // buckets) and the next run goes on.
    it.each([
      { name: 'the last run takes the remainder', buckets: 7, budget: 10, runs: 3 },
      { name: 'the runs divide them exactly', buckets: 6, budget: 10, runs: 2 },
      { name: 'a budget not a whole number of buckets', buckets: 4, budget: 6, runs: 4 },
      { name: 'one run has room for all', buckets: 2, budget: 16, runs: 1 },
    ])('recounts pending buckets within a statement budget: $name', async ({ buckets, budget, runs }) => {
      const db = await harness.openEmpty();
      const expected = await seedPendingBuckets(db, buckets);
      const perRun = Math.floor((budget - 1) / 3);
      const reports: { statements: number; more: boolean }[] = [];
      for (let run = 0; run < 2 * runs; run += 1) {
        const recording = recordingStatements(db);
        const { more } = await recountPendingBuckets(recording.db, { left: budget });
        reports.push({ statements: recording.sent().length, more });
        if (!more) break;
      }
      expect(reports).toEqual(Array.from({ length: runs }, (_, run) => ({ statements: 1 + 3 * Math.min(perRun, buckets - run * perRun), more: run < runs - 1 })));
      expect((await snapshotPurgeState(db)).buckets).toEqual(expected);
      expect(await countPendingLinks(db)).toBe(0);
    }, PURGE_TEST_TIMEOUT_MS);

    // The run stops before each of its statements in turn (a throw: each statement commits on its own, as
    // a crash leaves it): what it marked counted is counted, and budgeted runs after it finish the rest.
    it('leaves every bucket right once the next runs finish, wherever a budgeted recount dies', async () => {
      const budget = 1 + 3 * 2;
      const uninterrupted = await harness.openEmpty();
      await seedPendingBuckets(uninterrupted, 3);
      const counted = dbThatDiesAt(uninterrupted, 0);
      expect(await recountPendingBuckets(counted.db, { left: budget })).toMatchObject({ more: true });
      const runs: { dieAt: number; countedRight: boolean; buckets: unknown; pending: number }[] = [];
      for (let dieAt = 1; dieAt <= counted.statements(); dieAt += 1) {
        const db = await harness.openEmpty();
        const expected = await seedPendingBuckets(db, 3);
        await recountPendingBuckets(dbThatDiesAt(db, dieAt).db, { left: budget }).catch((error: unknown) => {
          if (!(error instanceof DiedAtStatement)) throw error;
        });
        const countedRight = (await listBucketsOfCountedLinks(db)).every((bucket) => expected.some((e) => JSON.stringify(e) === JSON.stringify(bucket)));
        for (let run = 0; run < 10; run += 1) if (!(await recountPendingBuckets(db, { left: budget })).more) break;
        runs.push({ dieAt, countedRight, buckets: (await snapshotPurgeState(db)).buckets, pending: await countPendingLinks(db) });
        expect(runs.at(-1)!.buckets).toEqual(expected);
      }
      expect(runs).toEqual(runs.map(({ dieAt, buckets }) => ({ dieAt, countedRight: true, buckets, pending: 0 })));
    }, PURGE_TEST_TIMEOUT_MS);

    // A source's purge gives a story it shared a new first mention while crawls go on: a crawl storing the
    // story through a third source starts before each statement of the purge in turn.
    it('counts a story once when a crawl stores it while the source of its first mention is purged, wherever the crawl starts', async () => {
      const db = await harness.openEmpty();
      const hn = (await createSource(db, { kind: 'hackernews', url: 'https://hn.algolia.com/api/v1' }, T0))!;
      const forum = (await createSource(db, { kind: 'rss', url: 'https://forum.example/rss' }, T0))!;
      const counts: { startedAt: number; count: number; countingLinks: number }[] = [];
      for (let startAt = 1; startAt <= 10; startAt += 1) {
        const topic = (await createTopic(db, { name: `t${startAt}`, query: 't' }, T0))!;
        const blog = (await createSource(db, { kind: 'rss', url: `https://blog${startAt}.example/feed` }, T0))!;
        const story = scored(`story-${startAt}`, 'negative', [topic.id]);
        await insertMentions(db, blog.id, [story], T0);
        await insertMentions(db, hn.id, [story], T0);
        await requestSourceDeletion(db, blog.id, T0);
        let crawl: Promise<InsertMentionsResult> | undefined;
        const purging = countingStatements(db, (n) => {
          if (n === startAt) crawl = insertMentions(db, forum.id, [story], T0);
        });
        await purgeAll(purging.db, blog.id, 100);
        await (crawl ?? insertMentions(db, forum.id, [story], T0));
        const [bucket] = await listTopicBuckets(db, topic.id, T0, T0 + BUCKET_MS);
        counts.push({ startedAt: startAt, count: bucket!.count, countingLinks: (await countCountingLinks(db))[topic.id] ?? 0 });
      }
      expect(counts).toEqual(counts.map(({ startedAt }) => ({ startedAt, count: 1, countingLinks: 1 })));
    }, PURGE_TEST_TIMEOUT_MS);

    it("counts a window's authors: each story once, unnamed ones apart, the loudest by name", async () => {
      const db = await harness.openEmpty();
      const a = (await createTopic(db, { name: 'a', query: 'a' }, T0))!;
      const blog = (await createSource(db, { kind: 'rss', url: 'https://blog.example/feed' }, T0))!;
      const hn = (await createSource(db, { kind: 'hackernews', url: 'https://hn.algolia.com/api/v1' }, T0))!;
      const by = (item: ScoredDraft, author: string | null): ScoredDraft => ({ ...item, draft: { ...item.draft, author } });
      await insertMentions(db, blog.id, [
        by(scored('1', 'negative', [a.id]), '@loud'),
        by(scored('2', 'negative', [a.id]), '@loud'),
        by(scored('3', 'negative', [a.id]), 'Zoë <b>'),
        by(scored('4', 'negative', [a.id]), null),
        by(scored('5', 'positive', [a.id]), '@fan'),
      ], T0);
      await insertMentions(db, blog.id, [by(scored('6', 'negative', [a.id], T0 + BUCKET_MS), '@later')], T0 + BUCKET_MS);
      // Story 3 again through Hacker News, by another name: the story counts once, its second author not at all.
      await insertMentions(db, hn.id, [by(scored('3', 'negative', [a.id]), 'hn_user')], T0);
      expect(await countAuthorsInWindow(db, a.id, T0, T0 + BUCKET_MS, 'negative')).toEqual({ mentions: 4, known: 3, distinct: 2, top: { author: '@loud', mentions: 2 } });
      expect(await countAuthorsInWindow(db, a.id, T0, T0 + 2 * BUCKET_MS)).toEqual({ mentions: 6, known: 5, distinct: 4, top: { author: '@loud', mentions: 2 } });
      expect(await countAuthorsInWindow(db, a.id, T0 - BUCKET_MS, T0)).toEqual({ mentions: 0, known: 0, distinct: 0, top: null });
    });

    it("lists a window's mentions strongest in the alert's tone first, earliest first among equals", async () => {
      const db = await harness.openEmpty();
      const a = (await createTopic(db, { name: 'a', query: 'a' }, T0))!;
      const source = (await createSource(db, { kind: 'rss', url: 'https://blog.example/feed' }, T0))!;
      const at = (key: string, score: number, minute: number): ScoredDraft => {
        const item = scored(key, score < 0 ? 'negative' : score > 0 ? 'positive' : 'neutral', [a.id], T0 + minute * 60_000);
        return { ...item, sentiment: { ...item.sentiment, score } };
      };
      await insertMentions(db, source.id, [at('mild', -0.2, 0), at('glad', 0.5, 1), at('angry', -0.9, 2), at('thrilled', 0.95, 3), at('flat', 0, 4), at('early-thrilled', 0.95, -3)], T0);
      const titles = async (tone: 'negative' | 'positive' | null, limit = 10) => (await listTopicMentionsInWindow(db, a.id, T0 - BUCKET_MS, T0 + BUCKET_MS, limit, tone)).map((m) => m.title);
      expect(await titles('negative')).toEqual(['angry', 'mild', 'flat', 'glad', 'early-thrilled', 'thrilled']);
      expect(await titles('positive', 3)).toEqual(['early-thrilled', 'thrilled', 'glad']);
      expect(await titles(null, 4)).toEqual(['early-thrilled', 'thrilled', 'angry', 'glad']);
      // The window's edges: from inclusive, to exclusive (bucket starts).
      expect((await listTopicMentionsInWindow(db, a.id, T0, T0 + BUCKET_MS, 10, 'positive')).map((m) => m.title)).toEqual(['thrilled', 'glad', 'flat', 'mild', 'angry']);
    });

    it("lists an alert window's mentions oldest, most engaged or strongest first, each over the whole window", async () => {
      const db = await harness.openEmpty();
      const a = (await createTopic(db, { name: 'a', query: 'a' }, T0))!;
      const source = (await createSource(db, { kind: 'rss', url: 'https://blog.example/feed' }, T0))!;
      const post = (key: string, minute: number, score: number, likes: number | null): ScoredDraft => {
        const item = scored(key, score < 0 ? 'negative' : 'positive', [a.id], T0 + minute * 60_000);
        return { ...item, draft: { ...item.draft, engagement: likes === null ? null : { likes, reposts: null, replies: null, score: null } }, sentiment: { ...item.sentiment, score } };
      };
      await insertMentions(db, source.id, [post('first', 0, -0.2, null), post('viral', 3, -0.3, 5000), post('bitter', 4, -0.95, 2), post('glad', 1, 0.9, 9000)], T0);
      const keys = async (label: 'negative' | 'positive' | null, order: 'oldest' | 'most-engaged' | 'strongest') =>
        (await listAlertMentionsInWindow(db, a.id, { from: T0, to: T0 + BUCKET_MS, label }, 2, order)).map((m) => m.title);
      expect(await keys('negative', 'oldest')).toEqual(['first', 'viral']);
      expect(await keys('negative', 'most-engaged')).toEqual(['viral', 'bitter']);
      expect(await keys('negative', 'strongest')).toEqual(['bitter', 'viral']);
      expect(await keys(null, 'most-engaged')).toEqual(['glad', 'viral']);
      expect(await keys(null, 'strongest')).toEqual(['bitter', 'glad']);
      const [viral] = await listAlertMentionsInWindow(db, a.id, { from: T0, to: T0 + BUCKET_MS, label: 'negative' }, 1, 'most-engaged');
      expect(viral).toMatchObject({ engagement: { likes: 5000 }, sentimentScore: -0.3, publishedAt: T0 + 3 * 60_000, bucketAt: T0 });
      expect(await getAlertMention(db, a.id, viral!.id)).toEqual(viral);
      expect(await getAlertMention(db, a.id + 1, viral!.id)).toBeUndefined();
    });

    it('lists the first mentions of a window in time order, of one tone or holding one of some words (LIKE specials taken literally)', async () => {
      const db = await harness.openEmpty();
      const a = (await createTopic(db, { name: 'a', query: 'a' }, T0))!;
      const source = (await createSource(db, { kind: 'rss', url: 'https://blog.example/feed', name: 'Blog' }, T0))!;
      const post = (key: string, label: 'negative' | 'positive' | 'neutral', minute: number, text: string, title: string | null = null): ScoredDraft => {
        const item = scored(key, label, [a.id], T0 + minute * 60_000);
        return { ...item, draft: { ...item.draft, text, title } };
      };
      await insertMentions(db, source.id, [
        post('late', 'negative', 4, 'Brokers bought it'),
        post('early', 'neutral', 1, 'nothing here', 'Data BROKERS report'),
        post('pct', 'negative', 2, 'up 50% today'),
        post('plain', 'negative', 3, 'up 50 today, says a_b'),
        post('shout', 'negative', 4, 'ÉCHEC TOTAL'),
        post('title-case', 'neutral', 4, 'read this', 'Échec de la mise à jour'),
      ], T0);
      const keys = async (filter: Parameters<typeof listFirstMentionsInWindow>[5]) =>
        (await listFirstMentionsInWindow(db, a.id, T0, T0 + BUCKET_MS, 10, filter)).map((m) => m.url?.split('/').pop());
      expect(await keys({})).toEqual(['early', 'pct', 'plain', 'late', 'shout', 'title-case']);
      expect(await keys({ label: 'negative' })).toEqual(['pct', 'plain', 'late', 'shout']);
      // LIKE ignores case for ASCII only: a word with other letters is looked for as it starts a sentence and shouted.
      expect(await keys({ anyOf: ['échec'] })).toEqual(['shout', 'title-case']);
      // Case-insensitive, in the title too.
      expect(await keys({ anyOf: ['brokers'] })).toEqual(['early', 'late']);
      expect(await keys({ label: 'negative', anyOf: ['brokers', 'nothing'] })).toEqual(['late']);
      expect(await keys({ anyOf: ['50%'] })).toEqual(['pct']);
      expect(await keys({ anyOf: ['a_b'] })).toEqual(['plain']);
      // A word whose pattern would pass D1's 50-byte LIKE limit ("LIKE or GLOB pattern too complex") is looked
      // for by its longest prefix that fits: a Japanese sentence is one word, 17 characters are 51 bytes.
      const japanese = 'アクメの新製品発表会は大失敗だったと話題';
      const long = 'acme-launch-event-of-the-year-turned-into-a-disaster';
      await insertMentions(db, source.id, [post('ja', 'negative', 5, `${japanese}です`), post('long', 'negative', 5, `so ${long}!`)], T0);
      expect(await keys({ anyOf: [japanese + 'です'] })).toEqual(['ja']);
      expect(await keys({ anyOf: [long] })).toEqual(['long']);
      // Escapes count: 40 "%" are 80 bytes escaped, and no text holds even the 24 that fit.
      expect(await keys({ anyOf: ['%'.repeat(40)] })).toEqual([]);
      const [first] = await listFirstMentionsInWindow(db, a.id, T0, T0 + BUCKET_MS, 1, {});
      expect(first).toMatchObject({ title: 'Data BROKERS report', text: 'nothing here', sentiment: 'neutral', source: { kind: 'rss', name: 'Blog' } });
    });

    it('pages 60 mentions newest first without gaps or repeats', async () => {
      const db = await harness.openEmpty();
      const a = (await createTopic(db, { name: 'a', query: 'a' }, T0))!;
      const source = (await createSource(db, { kind: 'rss', url: 'https://blog.example/feed' }, T0))!;
      const items = Array.from({ length: 60 }, (_, i) => scored(`m${i}`, 'neutral', [a.id], T0 - (i % 7) * 60_000));
      expect((await insertMentions(db, source.id, items, T0)).inserted).toBe(60);
      const seen: number[] = [];
      let after: { bucketAt: number; id: number } | undefined;
      for (;;) {
        const page = await listMentions(db, { topicId: a.id, limit: 25, ...(after ? { after } : {}) });
        seen.push(...page.mentions.map((m) => m.id));
        if (!page.next) break;
        after = page.next;
      }
      expect(new Set(seen).size).toBe(60);
    });

    it('refuses a statement with more than 100 bound parameters before it reaches the database', async () => {
      const db = await harness.openEmpty();
      const ids = Array.from({ length: 101 }, (_, i) => i + 1);
      const error = await caught(() => db.selectFrom('topics').selectAll().where('id', 'in', ids).execute());
      expect(error).toBeInstanceOf(BoundParameterLimitError);
      expect(await db.selectFrom('topics').selectAll().where('id', 'in', ids.slice(0, 100)).execute()).toEqual([]);
    });

    it('enqueues an outbox row once per endpoint and lets exactly one runner claim it', async () => {
      const db = await harness.openEmpty();
      const endpoint = (await createEndpoint(db, { url: 'https://hooks.example/a' }, T0))!;
      expect((await ensureEndpoint(db, { url: 'https://hooks.example/a' }, T0)).endpoint.id).toBe(endpoint.id);
      const event = { eventId: 'evt_1', alertId: null, eventType: 'alert.opened' as const, payload: '{}' };
      expect(await enqueueDeliveries(db, event, [endpoint.id], T0)).toBe(1);
      expect(await enqueueDeliveries(db, event, [endpoint.id], T0)).toBe(0);
      const [due] = await listDueDeliveries(db, T0, 10);
      const claims = await Promise.all([claimDelivery(db, due!, T0 + 30_000, T0), claimDelivery(db, due!, T0 + 30_000, T0)]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await listDueDeliveries(db, T0, 10)).toEqual([]);
    });

    it('leases a delivery apart from its schedule: a requeue is refused while it is held, and a lease a crash left ends at its time', async () => {
      const db = await harness.openEmpty();
      const endpoint = (await createEndpoint(db, { url: 'https://hooks.example/a' }, T0))!;
      await enqueueDeliveries(db, { eventId: 'evt_1', alertId: null, eventType: 'alert.opened', payload: '{}' }, [endpoint.id], T0);
      const [due] = await listDueDeliveries(db, T0, 10);
      const lease = T0 + 75_000;
      expect(await claimDelivery(db, due!, lease, T0)).toBe(true);
      // Still due since T0 as far as the schedule goes; nobody else sends it, or can requeue it, before the lease ends.
      expect(await getDelivery(db, due!.id)).toMatchObject({ status: 'pending', nextAttemptAt: T0, sendingUntil: lease });
      expect(await listDueDeliveries(db, lease - 1, 10)).toEqual([]);
      expect(await nextPendingDeliveryAt(db)).toBe(lease);
      expect(await requeueDelivery(db, due!.id, lease - 1)).toMatchObject({ kind: 'being-sent', delivery: { sendingUntil: lease } });
      expect(await requeueDelivery(db, due!.id + 1000, T0)).toEqual({ kind: 'missing' });
      // The sender crashed: nothing recorded, and at its end the lease holds nothing back.
      const [again] = await listDueDeliveries(db, lease, 10);
      expect(again).toMatchObject({ id: due!.id, sendingUntil: lease });
      const requeued = await requeueDelivery(db, due!.id, lease);
      expect(requeued).toMatchObject({ kind: 'requeued', delivery: { status: 'pending', attempts: 0, nextAttemptAt: lease, sendingUntil: null } });
      // A claim and a requeue racing from the same row: one of them wins.
      const row = (await getDelivery(db, due!.id))!;
      const [claimed, raced] = await Promise.all([claimDelivery(db, row, lease + 75_000, lease), requeueDelivery(db, row.id, lease + 1)]);
      expect(raced.kind).toBe(claimed ? 'being-sent' : 'requeued');
      // Only the sender whose lease it is records the answer, and recording ends the lease. (Where the requeue
      // won the race, the row is taken now, with the same lease as the claim that lost.)
      if (!claimed) expect(await claimDelivery(db, (await getDelivery(db, row.id))!, lease + 75_000, lease + 1)).toBe(true);
      expect(await recordDeliveryAttempt(db, { deliveryId: row.id, until: lease }, { status: 'delivered', nextAttemptAt: lease, error: null }, lease)).toBe(false);
      expect(await recordDeliveryAttempt(db, { deliveryId: row.id, until: lease + 75_000 }, { status: 'delivered', nextAttemptAt: lease + 2, error: null }, lease + 2)).toBe(true);
      expect(await getDelivery(db, row.id)).toMatchObject({ status: 'delivered', attempts: 1, sendingUntil: null, deliveredAt: lease + 2 });
      expect(await nextPendingDeliveryAt(db)).toBeNull();
    });

    it('lists due deliveries in turns across endpoints, each one\'s oldest first, those of failing endpoints last in a turn', async () => {
      const db = await harness.openEmpty();
      const failing = (await createEndpoint(db, { url: 'https://hooks.example/down' }, T0))!;
      const healthy = (await createEndpoint(db, { url: 'https://hooks.example/up' }, T0))!;
      await db.updateTable('webhook_endpoints').set({ failing_since: T0 - 60_000 }).where('id', '=', failing.id).execute();
      const enqueue = (eventId: string, endpointId: number, at: number) => enqueueDeliveries(db, { eventId, alertId: null, eventType: 'test', payload: '{}' }, [endpointId], at);
      // A backlog of retries to the failing endpoint, all due before the healthy one's fresh rows; by id
      // its rows are in another order than by due time, which decides within an endpoint.
      await enqueue('down_3', failing.id, T0 - 1_000);
      await enqueue('down_1', failing.id, T0 - 3_000);
      await enqueue('down_2', failing.id, T0 - 2_000);
      await enqueue('up_1', healthy.id, T0);
      await enqueue('up_2', healthy.id, T0);
      const listed = async (limit: number) => (await listDueDeliveries(db, T0, limit)).map((d) => d.eventId);
      expect(await listed(10)).toEqual(['up_1', 'down_1', 'up_2', 'down_2', 'down_3']);
      expect(await listed(2)).toEqual(['up_1', 'down_1']);
    });

    it('numbers delivery attempts by their place in each delivery\'s log, counted in the insert', async () => {
      const db = await harness.openEmpty();
      const endpoint = (await createEndpoint(db, { url: 'https://hooks.example/a' }, T0))!;
      await enqueueDeliveries(db, { eventId: 'evt_1', alertId: null, eventType: 'alert.opened', payload: '{}' }, [endpoint.id], T0);
      await enqueueDeliveries(db, { eventId: 'evt_2', alertId: null, eventType: 'alert.opened', payload: '{}' }, [endpoint.id], T0);
      const attempt = (deliveryId: number) =>
        insertDeliveryAttempt(db, { deliveryId, endpointId: endpoint.id, attemptedAt: T0, outcome: 'retry', httpStatus: 503, latencyMs: 1, error: null, nextAttemptAt: T0 + 5_000 });
      // Ids from the store: an emptied D1 database does not count them from 1 again.
      const [first, second] = (await listDueDeliveries(db, T0, 10)).map((delivery) => delivery.id);
      const numbers = [];
      for (const deliveryId of [first!, first!, second!, first!]) numbers.push((await attempt(deliveryId)).attempt);
      expect(numbers).toEqual([1, 2, 1, 3]);
    });

    it('brings a seeded endpoint to the given settings and secret, writing nothing when they match, even when seeded twice at once', async () => {
      const db = await harness.openEmpty();
      const [first, next] = [generateWebhookSecret(), generateWebhookSecret()];
      const wanted = { url: 'https://hooks.example/a', topicIds: [3], minSeverity: 'warning' as const, secret: { value: first, graceMs: 3_600_000 } };
      const created = await ensureEndpoint(db, wanted, T0);
      expect(created).toMatchObject({ created: true, endpoint: { topicIds: [3], minSeverity: 'warning' } });
      const { id } = created.endpoint;
      expect(await loadSigningSecrets(db, id, T0)).toEqual([first]);
      expect(await ensureEndpoint(db, wanted, T0 + 1)).toMatchObject({ created: false, settingsChanged: false, secretReplaced: false });
      // Two isolates seeding a changed file at once: one replaces the secret, and the old one is kept either way.
      const changed = { ...wanted, eventTypes: ['alert.opened' as const], secret: { value: next, graceMs: 3_600_000 } };
      const results = await Promise.all([ensureEndpoint(db, changed, T0 + 2), ensureEndpoint(db, changed, T0 + 2)]);
      expect(results.filter((r) => r.secretReplaced)).toHaveLength(1);
      expect(await loadSigningSecrets(db, id, T0 + 3)).toEqual([next, first]);
      expect(await loadSigningSecrets(db, id, T0 + 2 + 3_600_000)).toEqual([next]);
      const row = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ event_types: '["alert.opened"]', previous_secret_expires_at: T0 + 2 + 3_600_000, updated_at: T0 + 2 });
    });

    it('records when an endpoint was turned off by hand, keeps the first time and reason when it is off already, and forgets both when it is on again', async () => {
      const db = await harness.openEmpty();
      const byHand = (await createEndpoint(db, { url: 'https://hooks.example/a' }, T0))!;
      const gone = (await createEndpoint(db, { url: 'https://hooks.example/b' }, T0))!;
      const off = { enabled: false, failingSince: null };
      expect(await updateEndpoint(db, byHand.id, { enabled: false }, T0 + 1)).toMatchObject({ ...off, disabledAt: T0 + 1, disabledReason: DISABLED_BY_HAND });
      expect(await updateEndpoint(db, byHand.id, { enabled: false }, T0 + 2)).toMatchObject({ disabledAt: T0 + 1, disabledReason: DISABLED_BY_HAND });
      // Earshot turned it off first: its reason says more than "by hand" would.
      await disableEndpoint(db, gone.id, 'the receiver answered 410 Gone', T0 + 3);
      expect(await updateEndpoint(db, gone.id, { enabled: false, minSeverity: 'critical' }, T0 + 4)).toMatchObject({ ...off, disabledAt: T0 + 3, disabledReason: 'the receiver answered 410 Gone', minSeverity: 'critical' });
      expect(await updateEndpoint(db, byHand.id, { enabled: true }, T0 + 5)).toMatchObject({ enabled: true, disabledAt: null, disabledReason: null });
      const createdOff = (await createEndpoint(db, { url: 'https://hooks.example/c', enabled: false }, T0 + 6))!;
      expect(await getEndpoint(db, createdOff.id)).toMatchObject({ ...off, disabledAt: T0 + 6, disabledReason: DISABLED_BY_HAND });
    });

    it('keeps one active alert per topic, detector state as JSON, and cascades a topic delete', async () => {
      const db = await harness.openEmpty();
      const topic = (await createTopic(db, { name: 'a', query: 'a' }, T0))!;
      const evidence = { observed: 9, expected: 1, windowStart: T0, windowEnd: T0 + BUCKET_MS, topMentions: [] };
      const alert = await insertAlert(db, { topicId: topic.id, kind: 'backlash', severity: 'warning', evidence }, T0);
      expect((await getActiveAlert(db, topic.id, 'backlash'))?.id).toBe(alert.id);
      await updateAlert(db, alert.id, { status: 'resolved', resolvedAt: T0 + 1 }, T0 + 1);
      expect(await getActiveAlert(db, topic.id, 'backlash')).toBeUndefined();
      await saveDetectorState(db, topic.id, { lastFinalBucket: T0, spike: { open: false } }, T0);
      await saveDetectorState(db, topic.id, { lastFinalBucket: T0 + BUCKET_MS, spike: { open: true } }, T0);
      expect(await loadDetectorState(db, topic.id)).toEqual({ lastFinalBucket: T0 + BUCKET_MS, spike: { open: true } });
      expect(await deleteTopic(db, topic.id, T0, { left: Infinity })).toEqual({ kind: 'deleted' });
      expect(await db.selectFrom('alerts').selectAll().execute()).toEqual([]);
    });

    it("keeps a source's crawl status changes, not repeats, a month of them, and lists those of the sources feeding a topic", async () => {
      const db = await harness.openEmpty();
      const DAY = 86_400_000;
      const MIN = 60_000;
      const topic = (await createTopic(db, { name: 'a', query: 'a' }, T0))!;
      const other = (await createTopic(db, { name: 'b', query: 'b' }, T0))!;
      const feed = (await createSource(db, { kind: 'rss', url: 'https://blog.example/feed' }, T0))!;
      const elsewhere = (await createSource(db, { kind: 'hackernews', url: 'https://hn.algolia.com/api/v1', topicId: other.id }, T0))!;
      const disabled = (await createSource(db, { kind: 'rss', url: 'https://blog.example/off', enabled: false }, T0))!;
      const changes: Array<[number, 'ok' | 'failed' | 'rate-limited' | 'backfilling']> = [
        [T0 - 40 * DAY, 'ok'],
        [T0 - 40 * DAY + MIN, 'ok'],
        [T0 - 38 * DAY, 'failed'],
        [T0 - 37 * DAY, 'ok'],
        [T0 - DAY, 'ok'],
        [T0 - 60 * MIN, 'failed'],
        [T0 - 30 * MIN, 'rate-limited'],
        [T0 - 10 * MIN, 'ok'],
        // The same attempt recorded again with another status (a crawl cut off after it recorded): the last one stands.
        [T0 - 10 * MIN, 'failed'],
      ];
      for (const [at, status] of changes) await recordCrawlStatus(db, feed.id, status, at);
      for (const id of [elsewhere.id, disabled.id]) await recordCrawlStatus(db, id, 'failed', T0 - 5 * MIN);
      const stored = await sql<{ at: number; status: string }>`select at, status from crawl_status_changes where source_id = ${feed.id} order by at`.execute(db);
      // Older than 35 days is gone, except the change still in force then (the ok of day -37).
      expect(stored.rows).toEqual([
        { at: T0 - 37 * DAY, status: 'ok' },
        { at: T0 - 60 * MIN, status: 'failed' },
        { at: T0 - 30 * MIN, status: 'rate-limited' },
        { at: T0 - 10 * MIN, status: 'failed' },
      ]);
      // From T0 - 20 min: the last delivering change, the one in force, and those in the range.
      expect(await listTopicCrawlStatuses(db, topic.id, T0 - 20 * MIN, T0)).toEqual([
        [
          { at: T0 - 37 * DAY, status: 'ok' },
          { at: T0 - 30 * MIN, status: 'rate-limited' },
          { at: T0 - 10 * MIN, status: 'failed' },
        ],
      ]);
      const otherTopic = await listTopicCrawlStatuses(db, other.id, T0 - 20 * MIN, T0);
      expect(otherTopic).toHaveLength(2);
      expect(otherTopic).toContainEqual([{ at: T0 - 5 * MIN, status: 'failed' }]);
      // What the sources list shows: each source's latest change, a source never crawled absent.
      const current = await listCurrentCrawlStatuses(db);
      expect([current.get(feed.id), current.get(elsewhere.id), current.get(disabled.id)]).toEqual(['failed', 'failed', 'failed']);
      await recordCrawlStatus(db, elsewhere.id, 'partial', T0);
      expect([...(await listCurrentCrawlStatuses(db, elsewhere.id))]).toEqual([[elsewhere.id, 'partial']]);
      expect(await requestSourceDeletion(db, feed.id, T0)).toMatchObject({ enabled: false, deleting: true });
      expect(await listTopicCrawlStatuses(db, topic.id, T0 - 20 * MIN, T0)).toEqual([]);
      await purgeAll(db, feed.id, 1000);
      expect(await getSource(db, feed.id)).toBeUndefined();
      expect(await sql`select * from crawl_status_changes where source_id = ${feed.id}`.execute(db).then((r) => r.rows)).toEqual([]);
    });

    it('purges a deleted source over bounded runs: buckets as a fresh recount, and a story it shared counts once, through a source that remains', async () => {
      const db = await harness.openEmpty();
      const { topicA, topicB, blog, hn, forum } = await seedPurgeScenario(db);
      // Before: the blog's 70 stories in A (23 of them in B too) and Hacker News' own story in B.
      expect(await countCountingLinks(db)).toEqual({ [topicA]: BLOG_STORIES, [topicB]: 24 + 1 });
      expect(await requestSourceDeletion(db, blog, T0)).toMatchObject({ id: blog, enabled: false, deleting: true });
      expect((await listDueSources(db, T0, { force: true })).map((s) => s.id)).toEqual([hn, forum]);
      let runs = 0;
      let removed = 0;
      for (let done = false; !done && runs < 100; runs += 1) {
        const step = await purgeSourceChunk(db, blog, { left: 12 });
        if (step.kind === 'removed') removed += step.mentions;
        done = step.kind === 'source-deleted';
      }
      // A 12-statement budget cannot finish a chunk with its four shared stories in one run.
      expect(runs).toBeGreaterThan(Math.ceil((BLOG_STORIES + 1) / PURGE_CHUNK) + 1);
      expect(removed).toBe(BLOG_STORIES + 1);
      expect((await listSources(db)).map((s) => s.id)).toEqual([hn, forum]);
      const after = await snapshotPurgeState(db);
      expect(after.mentions.every((m) => m.source_id !== blog)).toBe(true);
      expect(await recountEveryBucket(db)).toEqual(after.buckets);
      // Stories 0, 5 and 10 and Hacker News' own remain: each counted once, through Hacker News (the earliest left).
      expect(await countCountingLinks(db)).toEqual({ [topicA]: 3, [topicB]: 2 });
      const id = (source: number, i: number) => after.mentions.filter((m) => m.source_id === source)[i]!.id;
      expect(after.links).toEqual([
        { mention_id: id(hn, 0), topic_id: topicA, duplicate_of: null },
        { mention_id: id(hn, 0), topic_id: topicB, duplicate_of: null },
        { mention_id: id(hn, 1), topic_id: topicA, duplicate_of: null },
        { mention_id: id(hn, 2), topic_id: topicA, duplicate_of: null },
        { mention_id: id(hn, 3), topic_id: topicB, duplicate_of: null },
        { mention_id: id(forum, 0), topic_id: topicA, duplicate_of: id(hn, 0) },
        { mention_id: id(forum, 0), topic_id: topicB, duplicate_of: id(hn, 0) },
        { mention_id: id(forum, 1), topic_id: topicA, duplicate_of: id(hn, 2) },
      ]);
      const total = (rows: typeof after.buckets, topicId: number) => rows.filter((b) => b.topic_id === topicId).reduce((n, b) => n + b.count, 0);
      expect([total(after.buckets, topicA), total(after.buckets, topicB)]).toEqual([3, 2]);
    }, PURGE_TEST_TIMEOUT_MS);

    it('deletes a topic at once and sweeps the mentions it leaves with no link over bounded runs: what another topic links stays as it was', async () => {
      const db = await harness.openEmpty();
      const { acme, bolt, blog, hn, own } = await seedTopicDeletionScenario(db, { stories: 24 });
      const before = await snapshotPurgeState(db);
      // A sweep waits while its topic is there (a DELETE that stopped before the row went), and asking again is harmless.
      await recordMentionSweep(db, acme, T0);
      await recordMentionSweep(db, acme, T0);
      expect(await listMentionSweeps(db)).toEqual([]);
      expect(await deleteTopic(db, acme, T0, { left: Infinity })).toEqual({ kind: 'deleted' });
      expect(await deleteTopic(db, acme, T0, { left: Infinity })).toEqual({ kind: 'not-found' });
      expect(await listMentionSweeps(db)).toMatchObject([{ topicId: acme, lastId: null }]);
      expect(await countUnlinkedMentions(db)).toBeGreaterThan(0);
      // Small windows and chunks, two statements a run: many runs, each stopping between steps.
      let runs = 0;
      let removed = 0;
      for (let done = false; !done && runs < 200; runs += 1) {
        const [sweep] = await listMentionSweeps(db);
        if (!sweep) break;
        const run = await sweepMentions(db, sweep, { left: 2 }, { window: 8, chunk: 3 });
        removed += run.removed;
        done = run.done;
        expect(await findStrayRepeats(db)).toEqual([]);
      }
      expect(runs).toBeGreaterThan(8);
      expect(await listMentionSweeps(db)).toEqual([]);
      expect(await db.selectFrom('mention_sweeps').selectAll().execute()).toEqual([]);
      const after = await snapshotPurgeState(db);
      expect(after).toEqual(expectedAfterTopicDeletion(before, acme, [own]));
      expect(removed).toBe(before.mentions.length - after.mentions.length - 2);
      expect(await recountEveryBucket(db)).toEqual(after.buckets);
      expect(await findStrayRepeats(db)).toEqual([]);
      // HN's mention of story 5 repeated, in acme, the blog's mention, which went with acme; in bolt it is the story's first.
      const blog5 = before.mentions.filter((m) => m.source_id === blog)[5]!.id;
      const hn5 = before.mentions.filter((m) => m.source_id === hn)[2]!.id;
      expect(before.links.filter((l) => l.mention_id === hn5)).toEqual([
        { mention_id: hn5, topic_id: acme, duplicate_of: blog5 },
        { mention_id: hn5, topic_id: bolt, duplicate_of: null },
      ]);
      expect(after.mentions.map((m) => m.id)).not.toContain(blog5);
      expect(after.links.filter((l) => l.mention_id === hn5)).toEqual([{ mention_id: hn5, topic_id: bolt, duplicate_of: null }]);
    }, PURGE_TEST_TIMEOUT_MS);

    it('deletes a topic with a big own source over bounded runs, hidden from every topic list meanwhile', async () => {
      const db = await harness.openEmpty();
      const { acme, bolt, own } = await seedTopicDeletionScenario(db, { stories: 12, ownExtra: 3 * PURGE_CHUNK });
      const evidence = { observed: 9, expected: 1, windowStart: T0, windowEnd: T0 + BUCKET_MS, topMentions: [] };
      const boltAlert = await insertAlert(db, { topicId: bolt, kind: 'backlash', severity: 'warning', evidence }, T0);
      await insertAlert(db, { topicId: acme, kind: 'backlash', severity: 'warning', evidence }, T0);
      const before = await snapshotPurgeState(db);

      expect(await requestTopicDeletion(db, acme, T0)).toMatchObject({ id: acme, deleting: true });
      expect(await requestTopicDeletion(db, acme, T0 + 1)).toMatchObject({ id: acme, deleting: true });
      expect(await requestTopicDeletion(db, 999, T0)).toBeUndefined();
      expect(await listTopicsToPurge(db)).toEqual([acme]);
      expect((await listTopics(db)).map((t) => t.id)).toEqual([bolt]);
      expect((await listTopics(db, { includeDeleting: true })).map((t) => t.id)).toEqual([acme, bolt]);
      expect(await getTopic(db, acme)).toBeUndefined();
      expect(await getTopic(db, acme, { includeDeleting: true })).toMatchObject({ deleting: true });
      expect(await updateTopic(db, acme, { query: 'acme corp' }, T0)).toEqual({ kind: 'deleting' });
      expect(await upsertTopicByName(db, { name: 'acme', query: 'acme corp' }, T0)).toBeUndefined();
      expect(await createTopic(db, { name: 'ACME', query: 'acme' }, T0)).toBeUndefined();
      expect((await listAlerts(db, { limit: 10 })).map((a) => a.id)).toEqual([boltAlert.id]);

      // Eight statements a run: every run stops between steps, and the next goes on.
      let runs = 0;
      while (!(await purgeTopic(db, acme, { left: 8 }, T0)) && runs < 200) runs += 1;
      // About a chunk a run: the own source alone (3 chunks and more) takes several.
      expect(runs).toBeGreaterThanOrEqual(3);
      expect(await getTopic(db, acme, { includeDeleting: true })).toBeUndefined();
      expect(await purgeTopic(db, acme, { left: 8 }, T0)).toBe(true);
      expect(await listTopicsToPurge(db)).toEqual([]);
      expect(await getSource(db, own)).toBeUndefined();
      const [sweep] = await listMentionSweeps(db);
      await sweepMentions(db, sweep!, { left: 1000 });
      const after = await snapshotPurgeState(db);
      expect(after).toEqual(expectedAfterTopicDeletion(before, acme, [own]));
      expect(await recountEveryBucket(db)).toEqual(after.buckets);
      expect(await findStrayRepeats(db)).toEqual([]);
      expect((await listAlerts(db, { limit: 10 })).map((a) => a.id)).toEqual([boltAlert.id]);
      expect(await db.selectFrom('alerts').select('id').execute()).toEqual([{ id: boltAlert.id }]);
    }, PURGE_TEST_TIMEOUT_MS);

    it("marks a deleted topic's shared mentions for re-scoring a chunk at a time as its links go, over bounded runs", async () => {
      const db = await harness.openEmpty();
      const chunk = 4;
      const { skate, shared, hospitalOnly } = await seedLexiconScenario(db, { shared: 3 * chunk + 1, version: 't' });
      const recording = recordingChangedRows(db);
      await requestTopicDeletion(recording.db, skate, T0);
      expect(await listPendingRescore(db)).toEqual([]);
      let runs = 0;
      let done = false;
      for (; !done && runs < 50; runs += 1) {
        done = await purgeTopic(recording.db, skate, { left: 8 }, T0, { links: chunk, buckets: chunk });
        // Each run ends with every shared mention whose link went marked: none waits on a later run.
        const linked = new Set((await db.selectFrom('mention_topics').select('mention_id').where('topic_id', '=', skate).execute()).map((r) => r.mention_id));
        expect(await listPendingRescore(db)).toEqual(shared.filter((id) => !linked.has(id)));
      }
      expect(done).toBe(true);
      expect(runs).toBeGreaterThan(2);
      expect(Math.max(...recording.changed())).toBeLessThanOrEqual(chunk);
      expect(await listPendingRescore(db)).toEqual(shared);
      expect(hospitalOnly).not.toHaveLength(0);
    }, PURGE_TEST_TIMEOUT_MS);

    it('reads numbers back as numbers and text as text through the driver', async () => {
      const db = await harness.openEmpty();
      const result = await sql<{ i: number; r: number; t: string; n: null }>`select 42 as i, 0.25 as r, 'x' as t, null as n`.execute(db);
      expect(result.rows).toEqual([{ i: 42, r: 0.25, t: 'x', n: null }]);
    });

    describeOverridesRescoreContract(harness);
  });
}
