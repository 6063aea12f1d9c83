import { describe, expect, it } from 'vitest';
import { runDetect } from '../../jobs/detect';
import { runPurge } from '../../jobs/purge-sources';
import { silentLogger } from '../../src/runtime/logger';
import type { Db } from '../../src/storage/database';
import { listTopics } from '../../src/storage/topic-store';
import { countCountingLinks, recountEveryBucket, snapshotPurgeState } from '../support/purge-scenario';
import { countUnlinkedMentions, expectedAfterTopicDeletion, findStrayRepeats, seedTopicDeletionScenario } from '../support/topic-deletion-scenario';
import { createTestApi, seedAlert, T0 } from './api-test-app';

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

  it('answers 202 for a topic whose own source has more mentions than the request purges: hidden until the purge job removes it', async () => {
    const { call, db } = await createTestApi();
    const { acme, bolt, blog, own } = await seedTopicDeletionScenario(db, { ownExtra: 600 });
    await seedAlert(db, acme);
    const boltAlert = await seedAlert(db, bolt);
    const before = await snapshotPurgeState(db);
    const boltMentions = (await call('GET', `/api/mentions?topicId=${bolt}&limit=100`)).json;
    const ownMentions = () => db.selectFrom('mentions').select('id').where('source_id', '=', own).execute().then((rows) => rows.length);

    const first = await call('DELETE', `/api/topics/${acme}`);
    expect(first).toMatchObject({ status: 202, json: { id: acme, deleting: true } });
    const leftAfterFirst = await ownMentions();
    expect(leftAfterFirst).toBeGreaterThan(0);
    expect(leftAfterFirst).toBeLessThan(602);
    // Not live any more: not listed, matched or detected; its alerts and series are not shown; it cannot be changed.
    expect((await call('GET', '/api/topics')).json.topics.map((t: { id: number }) => t.id)).toEqual([bolt]);
    expect((await listTopics(db, { enabledOnly: true })).map((t) => t.id)).toEqual([bolt]);
    expect(await runDetect(purgeDeps(db), T0)).toMatchObject({ topics: 1 });
    expect((await call('GET', '/api/alerts')).json.alerts.map((a: { id: number }) => a.id)).toEqual([boltAlert]);
    expect((await call('GET', `/api/alerts?topic=${acme}`)).json.alerts).toEqual([]);
    expect((await call('GET', `/api/topics/${acme}/series?interval=1h`)).status).toBe(404);
    expect((await call('GET', `/api/topics/${acme}`)).json).toMatchObject({ id: acme, deleting: true });
    expect((await call('PATCH', `/api/topics/${acme}`, { name: 'acme2' })).status).toBe(409);
    expect((await call('PATCH', `/api/topics/${acme}`, { enabled: true })).status).toBe(409);
    expect((await call('POST', '/api/topics', { name: 'ACME', query: 'acme' })).json.error.message).toMatch(/being deleted/);
    expect((await call('POST', '/api/sources', { kind: 'rss', url: 'https://acme.example/other', topicId: acme })).status).toBe(400);
    expect((await call('GET', `/api/sources/${own}`)).json).toMatchObject({ enabled: false, deleting: true });

    // Asked again, it goes on from where the first stopped.
    expect((await call('DELETE', `/api/topics/${acme}`)).status).toBe(202);
    expect(await ownMentions()).toBeLessThan(leftAfterFirst);

    const report = await runPurge(purgeDeps(db), T0);
    expect(report).toMatchObject({ sourcesDeleted: [own], topicsDeleted: [acme], topicsSwept: [acme], more: false });
    expect((await call('GET', `/api/topics/${acme}`)).status).toBe(404);
    expect((await call('DELETE', `/api/topics/${acme}`)).status).toBe(404);
    expect(await db.selectFrom('topics').select('id').where('id', '=', acme).execute()).toEqual([]);
    const after = await snapshotPurgeState(db);
    expect(after).toEqual(expectedAfterTopicDeletion(before, acme, [own]));
    expect(await recountEveryBucket(db)).toEqual(after.buckets);
    expect(await findStrayRepeats(db)).toEqual([]);
    // Story 0, which the blog saw for both topics, stays linked to bolt and counted there, as bolt's mentions are.
    const shared = before.mentions.find((m) => m.source_id === blog)!.id;
    expect(after.links.filter((l) => l.mention_id === shared)).toEqual([{ mention_id: shared, topic_id: bolt, duplicate_of: null }]);
    expect(await countCountingLinks(db)).toEqual({ [bolt]: before.links.filter((l) => l.topic_id === bolt && l.duplicate_of === null).length });
    expect((await call('GET', `/api/mentions?topicId=${bolt}&limit=100`)).json).toEqual(boltMentions);
    expect((await call('GET', '/api/alerts')).json.alerts.map((a: { id: number }) => a.id)).toEqual([boltAlert]);
    expect(await countUnlinkedMentions(db)).toBe(0);
  });

  it('deletes a small topic within the request (204), its own sources with it', async () => {
    const { call, db } = await createTestApi();
    const { acme, own } = await seedTopicDeletionScenario(db, { ownExtra: 20 });
    expect((await call('DELETE', `/api/topics/${acme}`)).status).toBe(204);
    expect((await call('GET', `/api/sources/${own}`)).status).toBe(404);
    expect(await runPurge(purgeDeps(db), T0)).toMatchObject({ sourcesDeleted: [], topicsDeleted: [], more: false });
  });
});
