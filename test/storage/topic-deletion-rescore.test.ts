import { describe, expect, it } from 'vitest';
import { SCORER_VERSION } from '../../src/scoring/score-sentiment';
import { deleteTopic, purgeTopic, requestTopicDeletion, TOPIC_LINK_CHUNK } from '../../src/storage/topic-purge-store';
import { recordingChangedRows } from '../support/changed-rows-per-statement';
import { dbThatDiesAt, DiedAtStatement } from '../support/kill-at-statement';
import { createTestDb } from '../support/test-db';
import { listPendingRescore, seedLexiconScenario, TOPIC_T0 } from '../support/topic-deletion-scenario';

/** Shared mentions whose link to the deleted topic is gone: each must be waiting for its re-score by then. */
async function listUnlinkedFromTopic(db: Awaited<ReturnType<typeof createTestDb>>, topicId: number, shared: number[]): Promise<number[]> {
  const linked = new Set((await db.selectFrom('mention_topics').select('mention_id').where('topic_id', '=', topicId).execute()).map((r) => r.mention_id));
  return shared.filter((id) => !linked.has(id));
}

describe('deleting a topic with lexicon overrides marks the mentions it shares for re-scoring', () => {
  it('in statements of at most a link chunk each, over bounded runs, each shared mention marked by the time its link goes', async () => {
    const db = await createTestDb();
    // More than two chunks of shared mentions: one statement for all of them grows with the topic.
    const { skate, shared, hospitalOnly } = await seedLexiconScenario(db, { shared: 2 * TOPIC_LINK_CHUNK + 200, version: SCORER_VERSION });
    const recording = recordingChangedRows(db);

    // DELETE's budget is spent before the links are reached, so the purge runs do the marking.
    expect(await deleteTopic(recording.db, skate, TOPIC_T0, { left: 4 })).toMatchObject({ kind: 'deleting' });
    let runs = 0;
    let done = false;
    for (; !done && runs < 50; runs += 1) {
      done = await purgeTopic(recording.db, skate, { left: 8 }, TOPIC_T0);
      expect(await listPendingRescore(db)).toEqual(await listUnlinkedFromTopic(db, skate, shared));
    }
    expect(done).toBe(true);
    expect(Math.max(...recording.changed())).toBeLessThanOrEqual(TOPIC_LINK_CHUNK);
    // A chunk of links a run at this budget.
    expect(runs).toBeGreaterThanOrEqual(3);
    // Exactly the shared ones: a mention the hospital alone links was never scored with skate's overrides.
    expect(hospitalOnly).not.toHaveLength(0);
    expect(await listPendingRescore(db)).toEqual(shared);
  });

  it('loses no mark when a run dies before any of its statements', async () => {
    const chunk = 4;
    const seed = async () => {
      const db = await createTestDb();
      return { db, scenario: await seedLexiconScenario(db, { shared: 3 * chunk + 1, version: SCORER_VERSION }) };
    };
    const run = async (db: Awaited<ReturnType<typeof createTestDb>>, topicId: number) => {
      await requestTopicDeletion(db, topicId, TOPIC_T0);
      return purgeTopic(db, topicId, { left: Infinity }, TOPIC_T0, { links: chunk, buckets: chunk });
    };
    const uninterrupted = await seed();
    const counted = dbThatDiesAt(uninterrupted.db, 0);
    expect(await run(counted.db, uninterrupted.scenario.skate)).toBe(true);
    const statements = counted.statements();
    expect(statements).toBeGreaterThan(8);

    for (let dieAt = 1; dieAt <= statements; dieAt += 1) {
      const { db, scenario } = await seed();
      await run(dbThatDiesAt(db, dieAt).db, scenario.skate).catch((error: unknown) => {
        if (!(error instanceof DiedAtStatement)) throw error;
      });
      // Whatever the crash left, each shared mention whose link went is marked already.
      expect({ dieAt, pending: await listPendingRescore(db) }).toEqual({ dieAt, pending: expect.arrayContaining(await listUnlinkedFromTopic(db, scenario.skate, scenario.shared)) as unknown });
      expect(await run(db, scenario.skate)).toBe(true);
      expect({ dieAt, pending: await listPendingRescore(db) }).toEqual({ dieAt, pending: scenario.shared });
      await db.destroy();
    }
  }, 60_000);
});
