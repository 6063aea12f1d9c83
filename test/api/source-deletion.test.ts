import { describe, expect, it } from 'vitest';
import { runPurge } from '../../jobs/purge-sources';
import { silentLogger } from '../../src/runtime/logger';
import type { Db } from '../../src/storage/database';
import { insertMentions, type ScoredDraft } from '../../src/storage/mention-store';
import { recountEveryBucket, seedPurgeScenario, snapshotPurgeState } from '../support/purge-scenario';
import { createTestApi, T0 } from './api-test-app';

const purgeDeps = (db: Db) => ({ db, log: silentLogger }) as never;

/** More mentions than DELETE purges within the request (about 250). */
async function addBacklog(db: Db, sourceId: number, topicId: number): Promise<void> {
  const items: ScoredDraft[] = Array.from({ length: 400 }, (_, i) => ({
    draft: { dedupKey: `old-${i}`, url: `https://blog.example/old/${i}`, author: null, title: null, text: `acme ${i}`, publishedAt: T0 - i * 600_000 },
    sentiment: { score: 0, label: 'neutral', explanation: [], version: 't' },
    topicIds: [topicId],
  }));
  await insertMentions(db, sourceId, items, T0);
}

describe('DELETE /api/sources/:id', () => {
  it('removes a source with its mentions within the request when they fit its budget: 204, then 404', async () => {
    const { call, db } = await createTestApi();
    const { blog, hn, forum } = await seedPurgeScenario(db);
    expect((await call('DELETE', `/api/sources/${blog}`)).status).toBe(204);
    expect((await call('GET', `/api/sources/${blog}`)).status).toBe(404);
    expect((await call('DELETE', `/api/sources/${blog}`)).status).toBe(404);
    expect(((await call('GET', '/api/sources')).json.sources as Array<{ id: number }>).map((s) => s.id)).toEqual([hn, forum]);
    const after = await snapshotPurgeState(db);
    expect(await recountEveryBucket(db)).toEqual(after.buckets);
  });

  it('answers 202 with the source disabled and deleting when more is left; listed so until the purge step removes it, then 404', async () => {
    const { call, db } = await createTestApi();
    const { blog, hn, forum, topicA } = await seedPurgeScenario(db);
    await addBacklog(db, blog, topicA);
    const deleted = await call('DELETE', `/api/sources/${blog}`);
    expect(deleted.status).toBe(202);
    expect(deleted.json).toMatchObject({ id: blog, enabled: false, deleting: true });
    expect((await call('GET', `/api/sources/${blog}`)).json).toEqual(deleted.json);
    const listed = (await call('GET', '/api/sources')).json.sources as Array<{ id: number; deleting?: boolean }>;
    expect(listed.map((s) => [s.id, s.deleting ?? false])).toEqual([[blog, true], [hn, false], [forum, false]]);
    // The source cannot be changed or enabled meanwhile; asking again goes on with the purge.
    const patched = await call('PATCH', `/api/sources/${blog}`, { enabled: true });
    expect(patched).toMatchObject({ status: 409, json: { error: { code: 'conflict', message: 'this source is being deleted' } } });
    expect(await call('DELETE', `/api/sources/${blog}`)).toMatchObject({ status: 202, json: deleted.json });

    expect(await runPurge(purgeDeps(db), T0)).toMatchObject({ sourcesDeleted: [blog], more: false });
    expect((await call('GET', `/api/sources/${blog}`)).status).toBe(404);
    expect((await call('DELETE', `/api/sources/${blog}`)).status).toBe(404);
    expect(((await call('GET', '/api/sources')).json.sources as Array<{ id: number }>).map((s) => s.id)).toEqual([hn, forum]);
    const mentions = (await call('GET', '/api/mentions?limit=100')).json.mentions as Array<{ sourceId: number }>;
    expect(mentions.filter((m) => m.sourceId === blog)).toEqual([]);
    const after = await snapshotPurgeState(db);
    expect(await recountEveryBucket(db)).toEqual(after.buckets);
  });

  it('leaves a source that is not being deleted without the deleting field', async () => {
    const { call, db } = await createTestApi();
    const { hn } = await seedPurgeScenario(db);
    expect((await call('GET', `/api/sources/${hn}`)).json).not.toHaveProperty('deleting');
  });
});
