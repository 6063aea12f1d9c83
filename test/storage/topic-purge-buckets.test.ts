import { describe, expect, it } from 'vitest';
import { BUCKET_MS } from '../../src/domain/bucket';
import type { Db } from '../../src/storage/database';
import { insertMentions, type ScoredDraft } from '../../src/storage/mention-store';
import { createSource } from '../../src/storage/source-store';
import { deleteTopic, purgeTopic, TOPIC_BUCKET_CHUNK } from '../../src/storage/topic-purge-store';
import { createTopic } from '../../src/storage/topic-store';
import { recordingChangedRows } from '../support/changed-rows-per-statement';
import { dbThatDiesAt, DiedAtStatement } from '../support/kill-at-statement';
import { snapshotPurgeState } from '../support/purge-scenario';
import { createTestDb } from '../support/test-db';
import { TOPIC_T0 } from '../support/topic-deletion-scenario';

/** `old`, to be deleted, has one mention in each of `buckets` five-minute buckets; `kept` shares every third. */
async function seedLongLivedTopic(db: Db, buckets: number): Promise<{ old: number; kept: number }> {
  const old = (await createTopic(db, { name: 'old', query: 'old' }, TOPIC_T0))!.id;
  const kept = (await createTopic(db, { name: 'kept', query: 'kept' }, TOPIC_T0))!.id;
  const blog = (await createSource(db, { kind: 'rss', url: 'https://blog.example/feed' }, TOPIC_T0))!.id;
  const items: ScoredDraft[] = Array.from({ length: buckets }, (_, i) => ({
    draft: { dedupKey: `m${i}`, url: null, author: null, title: null, text: `post ${i}`, publishedAt: TOPIC_T0 - i * BUCKET_MS },
    sentiment: { score: 0, label: 'neutral', explanation: [], version: 't' },
    topicIds: i % 3 === 0 ? [old, kept] : [old],
  }));
  await insertMentions(db, blog, items, TOPIC_T0);
  return { old, kept };
}

const bucketsOf = async (db: Db, topicId: number) => (await snapshotPurgeState(db)).buckets.filter((b) => b.topic_id === topicId);

describe("deleting a topic's buckets", () => {
  it('takes at most a chunk of them a statement, over bounded runs, and leaves the other topics\' as they were', async () => {
    const db = await createTestDb();
    // Four days of five-minute buckets: more than one chunk.
    const { old, kept } = await seedLongLivedTopic(db, 1200);
    expect(await bucketsOf(db, old)).toHaveLength(1200);
    const keptBefore = await bucketsOf(db, kept);
    const recording = recordingChangedRows(db);

    expect(await deleteTopic(recording.db, old, TOPIC_T0, { left: 3 })).toMatchObject({ kind: 'deleting' });
    let runs = 0;
    let done = false;
    for (; !done && runs < 50; runs += 1) done = await purgeTopic(recording.db, old, { left: 8 }, TOPIC_T0);
    expect(done).toBe(true);
    expect(Math.max(...recording.changed())).toBeLessThanOrEqual(1000);
    expect(TOPIC_BUCKET_CHUNK).toBeLessThan(1200);
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(await bucketsOf(db, old)).toEqual([]);
    expect(await bucketsOf(db, kept)).toEqual(keptBefore);
  });

  it('ends where an uninterrupted purge does when a run dies before any of its statements', async () => {
    const limits = { links: 5, buckets: 5 };
    const seed = async () => {
      const db = await createTestDb();
      return { db, topics: await seedLongLivedTopic(db, 23) };
    };
    const purge = async (db: Db, topicId: number) => (await deleteTopic(db, topicId, TOPIC_T0, { left: 0 })).kind !== 'not-found' && purgeTopic(db, topicId, { left: Infinity }, TOPIC_T0, limits);
    const uninterrupted = await seed();
    const counted = dbThatDiesAt(uninterrupted.db, 0);
    expect(await purge(counted.db, uninterrupted.topics.old)).toBe(true);
    const expected = await snapshotPurgeState(uninterrupted.db);
    expect(counted.statements()).toBeGreaterThan(10);

    for (let dieAt = 1; dieAt <= counted.statements(); dieAt += 1) {
      const { db, topics } = await seed();
      await purge(dbThatDiesAt(db, dieAt).db, topics.old).catch((error: unknown) => {
        if (!(error instanceof DiedAtStatement)) throw error;
      });
      // The row may be gone already (the crash came after it): then asking again finds nothing left to do.
      await purge(db, topics.old);
      expect({ dieAt, ...(await snapshotPurgeState(db)) }).toEqual({ dieAt, ...expected });
      await db.destroy();
    }
  }, 60_000);
});
