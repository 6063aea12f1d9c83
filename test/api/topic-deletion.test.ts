import { describe, expect, it } from 'vitest';
import { runPurge } from '../../jobs/purge-sources';
import { silentLogger } from '../../src/runtime/logger';
import type { Db } from '../../src/storage/database';
import { recountEveryBucket, snapshotPurgeState } from '../support/purge-scenario';
import { countUnlinkedMentions, expectedAfterTopicDeletion, findStrayRepeats, seedTopicDeletionScenario } from '../support/topic-deletion-scenario';
import { createTestApi } from './api-test-app';

const purgeDeps = (db: Db) => ({ db, log: silentLogger }) as never;

async function pendingSweeps(db: Db): Promise<number> {
  return (await db.selectFrom('mention_sweeps').select('topic_id').execute()).length;
}

describe('DELETE /api/topics/:id', () => {
  it('removes the mentions only the topic had, within the request; those another topic links stay, with its buckets as they were', async () => {
    const { call, db } = await createTestApi();
    const { acme, bolt, own } = await seedTopicDeletionScenario(db);
    const before = await snapshotPurgeState(db);
    const boltMentions = (await call('GET', `/api/mentions?topicId=${bolt}&limit=100`)).json;
    expect(await findStrayRepeats(db)).toEqual([]);

    expect((await call('DELETE', `/api/topics/${acme}`)).status).toBe(204);
    expect((await call('GET', `/api/topics/${acme}`)).status).toBe(404);
    expect((await call('DELETE', `/api/topics/${acme}`)).status).toBe(404);

    const listed = (await call('GET', '/api/mentions?limit=100')).json.mentions as Array<{ id: number; topicIds: number[] }>;
    expect(listed.filter((m) => m.topicIds.length === 0)).toEqual([]);
    expect(listed.map((m) => m.id).sort((a, b) => a - b)).toEqual(before.links.filter((l) => l.topic_id === bolt).map((l) => l.mention_id));
    expect((await call('GET', `/api/mentions?topicId=${bolt}&limit=100`)).json).toEqual(boltMentions);
    const after = await snapshotPurgeState(db);
    expect(after).toEqual(expectedAfterTopicDeletion(before, acme, [own]));
    expect(await recountEveryBucket(db)).toEqual(after.buckets);
    expect(await findStrayRepeats(db)).toEqual([]);
    expect(await pendingSweeps(db)).toBe(0);
  });

  it('answers 204 for a topic with more mentions than the request sweeps, and the purge job removes the rest', async () => {
    const { call, db } = await createTestApi();
    const { acme, own } = await seedTopicDeletionScenario(db, { unshared: 3000 });
    const before = await snapshotPurgeState(db);

    expect((await call('DELETE', `/api/topics/${acme}`)).status).toBe(204);
    expect((await call('GET', `/api/topics/${acme}`)).status).toBe(404);
    // The request stopped at its budget: some of acme's mentions are still there, with no topic, and a sweep is pending.
    const left = await countUnlinkedMentions(db);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(3000);
    expect(await pendingSweeps(db)).toBe(1);

    expect(await runPurge(purgeDeps(db), 0)).toMatchObject({ unlinkedRemoved: left, topicsSwept: [acme], more: false });
    expect(await countUnlinkedMentions(db)).toBe(0);
    expect(await pendingSweeps(db)).toBe(0);
    expect(await snapshotPurgeState(db)).toEqual(expectedAfterTopicDeletion(before, acme, [own]));
    const listed = (await call('GET', '/api/mentions?limit=100')).json.mentions as Array<{ topicIds: number[] }>;
    expect(listed.filter((m) => m.topicIds.length === 0)).toEqual([]);
  });
});
