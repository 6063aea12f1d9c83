import { beforeEach, describe, expect, it } from 'vitest';
import { runRescore } from '../../jobs/rescore';
import type { SentimentLabel, SentimentResult } from '../../src/domain/mention';
import type { Deps } from '../../src/runtime/deps';
import { SCORER_VERSION } from '../../src/scoring/score-sentiment';
import type { Db } from '../../src/storage/database';
import { insertMentions } from '../../src/storage/mention-store';
import { RESCORE_PENDING } from '../../src/storage/rescore-pending';
import { getMentionSentiment, saveManualLabel, saveTopicOverrides } from '../../src/storage/sentiment-store';
import { createSource } from '../../src/storage/source-store';
import { deleteTopic, requestTopicDeletion } from '../../src/storage/topic-purge-store';
import { createTopic } from '../../src/storage/topic-store';
import { recordingStatements } from '../support/statements-sent';
import { countPendingLinks, seedPendingBuckets } from '../support/pending-buckets-scenario';
import { snapshotPurgeState } from '../support/purge-scenario';
import { createTestDeps } from '../support/test-deps';

const T0 = Date.UTC(2026, 10, 30, 12, 0);
const OLD: SentimentResult = { score: 0, label: 'neutral', explanation: [], version: 'afinn-0' };

let deps: Deps;
let db: Db;
let games: number;
let banks: number;

/** Stores one mention per text, scored by an old scorer version (everything neutral). */
async function seed(texts: Array<[topicId: number, text: string]>): Promise<number[]> {
  const source = await createSource(db, { kind: 'rss', url: `https://feeds.example/${Math.random()}` }, T0);
  await insertMentions(
    db,
    source!.id,
    texts.map(([topicId, text], i) => ({
      draft: { dedupKey: `k${i}`, url: null, author: null, title: null, text, publishedAt: T0 },
      sentiment: OLD,
      topicIds: [topicId],
    })),
    T0,
  );
  const rows = await db.selectFrom('mentions').select('id').where('source_id', '=', source!.id).orderBy('id').execute();
  return rows.map((r) => r.id);
}

async function bucketOf(topicId: number): Promise<{ positive: number; negative: number; count: number }> {
  const row = await db.selectFrom('topic_buckets').select(['positive', 'negative', 'count']).where('topic_id', '=', topicId).executeTakeFirstOrThrow();
  return { positive: row.positive, negative: row.negative, count: row.count };
}

async function labelOf(id: number): Promise<SentimentLabel | undefined> {
  return (await getMentionSentiment(db, id))?.label;
}

beforeEach(async () => {
  deps = await createTestDeps();
  db = deps.db;
  games = (await createTopic(db, { name: 'Games', query: 'game' }, T0))!.id;
  banks = (await createTopic(db, { name: 'Banks', query: 'bank' }, T0))!.id;
});

describe('re-score job', () => {
  it('re-scores mentions of an older scorer version, bounded per run, and the buckets follow', async () => {
    await seed([[games, 'This game is awful'], [games, 'I love this game'], [games, 'The game ships Friday']]);
    expect(await bucketOf(games)).toEqual({ positive: 0, negative: 0, count: 3 });

    const first = await runRescore(deps, T0 + 1000, { limit: 2 });
    expect(first).toMatchObject({ rescored: 2, changed: 2, more: true, touchedTopicIds: [games] });
    expect(await bucketOf(games)).toEqual({ positive: 1, negative: 1, count: 3 });

    const second = await runRescore(deps, T0 + 2000, { limit: 2 });
    expect(second).toMatchObject({ rescored: 1, changed: 0, more: false, touchedTopicIds: [] });
    expect(await runRescore(deps, T0 + 3000)).toEqual({ rescored: 0, changed: 0, more: false, touchedTopicIds: [], recountPending: false });
  });

  // What a big re-score or a repair leaves: more buckets than one recount's default budget (50) takes.
  it('recounts every pending bucket on Node, and as many as its statements pay for on a Worker, saying what is left', async () => {
    const expected = await seedPendingBuckets(db, 120, SCORER_VERSION);
    const recording = recordingStatements(db);
    const worker = await runRescore({ ...deps, db: recording.db }, T0 + 1000, { recountStatements: 31 });
    expect(worker).toMatchObject({ rescored: 0, recountPending: true });
    // The stale look-ups (2), then the recount's look-up and 10 buckets.
    expect(recording.sent().length).toBe(2 + 1 + 10 * 3);
    expect(await countPendingLinks(db)).toBeGreaterThan(0);

    expect(await runRescore(deps, T0 + 2000)).toMatchObject({ rescored: 0, recountPending: false });
    expect((await snapshotPurgeState(db)).buckets).toEqual(expected);
    expect(await countPendingLinks(db)).toBe(0);
  });

  it('re-scores more mentions in one run than one statement may bind parameters (D1: 100)', async () => {
    await seed(Array.from({ length: 150 }, (_, i): [number, string] => [games, i % 2 ? 'awful game' : 'great game']));
    expect(await runRescore(deps, T0 + 1000, { limit: 150 })).toMatchObject({ rescored: 150, changed: 150 });
    expect(await bucketOf(games)).toEqual({ positive: 75, negative: 75, count: 150 });
  });

  it('keeps a manual label through a version bump, while the scorer output and explanation update', async () => {
    const [awful] = await seed([[games, 'This game is awful']]);
    await saveManualLabel(db, awful!, 'positive', T0 + 10);
    expect(await bucketOf(games)).toMatchObject({ positive: 1 });
    await runRescore(deps, T0 + 1000);
    const detail = await getMentionSentiment(db, awful!);
    expect(detail).toMatchObject({ label: 'positive', score: 1, scorerLabel: 'negative', manualLabel: 'positive', version: SCORER_VERSION });
    expect(detail?.explanation).toEqual([{ token: 'awful', weight: -4.5, rule: 'negative-weighting', source: 'afinn' }]);
    expect(await bucketOf(games)).toEqual({ positive: 1, negative: 0, count: 1 });
  });

  it('clearing a manual label restores the scorer label and the buckets follow', async () => {
    const [awful] = await seed([[games, 'This game is awful']]);
    await runRescore(deps, T0 + 1000);
    expect(await bucketOf(games)).toMatchObject({ negative: 1 });
    await saveManualLabel(db, awful!, 'neutral', T0 + 2000);
    expect(await bucketOf(games)).toMatchObject({ negative: 0 });
    await saveManualLabel(db, awful!, null, T0 + 3000);
    expect(await labelOf(awful!)).toBe('negative');
    expect(await bucketOf(games)).toMatchObject({ negative: 1 });
  });

  it("re-scores only the mentions of a topic whose overrides changed, with that topic's overrides", async () => {
    const [killerGame] = await seed([[games, 'This game is killer']]);
    const [killerBank] = await seed([[banks, 'This bank is killer']]);
    await runRescore(deps, T0 + 1000);
    expect([await labelOf(killerGame!), await labelOf(killerBank!)]).toEqual(['negative', 'negative']);

    await saveTopicOverrides(db, games, { killer: 3 }, T0 + 2000);
    const report = await runRescore(deps, T0 + 3000);
    expect(report).toMatchObject({ rescored: 1, changed: 1, touchedTopicIds: [games] });
    expect([await labelOf(killerGame!), await labelOf(killerBank!)]).toEqual(['positive', 'negative']);
    expect((await getMentionSentiment(db, killerGame!))?.explanation).toEqual([{ token: 'killer', weight: 3, rule: 'lexicon', source: 'override' }]);

    // Saving the same overrides again is not a change: nothing is re-scored.
    await saveTopicOverrides(db, games, { killer: 3 }, T0 + 4000);
    expect(await runRescore(deps, T0 + 5000)).toMatchObject({ rescored: 0 });
  });

  it("re-scores a shared mention without the overrides of a topic being deleted, before the purge reaches its link", async () => {
    await saveTopicOverrides(db, games, { killer: 3 }, T0);
    const source = await createSource(db, { kind: 'rss', url: 'https://feeds.example/shared' }, T0);
    await insertMentions(db, source!.id, [
      { draft: { dedupKey: 'shared', url: null, author: null, title: null, text: 'This game bank is killer', publishedAt: T0 }, sentiment: OLD, topicIds: [games, banks] },
    ], T0);
    await requestTopicDeletion(db, games, T0 + 1000);
    // Stale by scorer version, taken while the link to games is still there: games' 'killer' must not make it positive.
    expect(await runRescore(deps, T0 + 2000)).toMatchObject({ rescored: 1 });
    const shared = (await db.selectFrom('mentions').select('id').where('dedup_key', '=', 'shared').executeTakeFirstOrThrow()).id;
    expect(await labelOf(shared)).toBe('negative');
    expect(await getMentionSentiment(db, shared)).toMatchObject({ version: SCORER_VERSION });
  });

  it.each<{ name: string; overrides: Record<string, number>; rescored: number; after: SentimentLabel }>([
    { name: 'with overrides: its shared mentions are re-scored without them', overrides: { killer: 3 }, rescored: 1, after: 'negative' },
    { name: 'without overrides: nothing to re-score', overrides: {}, rescored: 0, after: 'negative' },
  ])('a deleted topic $name', async ({ overrides, rescored, after }) => {
    await saveTopicOverrides(db, games, overrides, T0);
    const source = await createSource(db, { kind: 'rss', url: 'https://feeds.example/shared' }, T0);
    const draft = (dedupKey: string, text: string) => ({ dedupKey, url: null, author: null, title: null, text, publishedAt: T0 });
    await insertMentions(db, source!.id, [
      { draft: draft('shared', 'This game bank is killer'), sentiment: OLD, topicIds: [games, banks] },
      { draft: draft('bank', 'This bank is fine'), sentiment: OLD, topicIds: [banks] },
    ], T0);
    await runRescore(deps, T0 + 1000);
    const shared = (await db.selectFrom('mentions').select('id').where('dedup_key', '=', 'shared').executeTakeFirstOrThrow()).id;
    expect(await labelOf(shared)).toBe(Object.keys(overrides).length > 0 ? 'positive' : 'negative');

    await deleteTopic(db, games, T0 + 2000, { left: Infinity });
    if (rescored > 0) expect((await getMentionSentiment(db, shared))?.version).toBe(RESCORE_PENDING);
    expect(await runRescore(deps, T0 + 3000)).toMatchObject({ rescored, touchedTopicIds: rescored > 0 ? [banks] : [] });
    expect(await labelOf(shared)).toBe(after);
    expect(await getMentionSentiment(db, shared)).toMatchObject({ version: SCORER_VERSION });
    expect(await bucketOf(banks)).toMatchObject({ negative: 1 });
  });
});
