import { describe, expect, it } from 'vitest';
import { runPurge } from '../../jobs/purge-sources';
import { silentLogger } from '../../src/runtime/logger';
import type { Db } from '../../src/storage/database';
import { seedPurgeScenario } from '../support/purge-scenario';
import { createTestApi, T0 } from './api-test-app';

const purgeDeps = (db: Db) => ({ db, log: silentLogger }) as never;

describe('DELETE /api/sources/:id', () => {
  it('answers 202 with the source disabled and deleting; it stays listed so until the purge has removed it, then 404', async () => {
    const { call, db } = await createTestApi();
    const { blog, hn } = await seedPurgeScenario(db);
    const deleted = await call('DELETE', `/api/sources/${blog}`);
    expect(deleted.status).toBe(202);
    expect(deleted.json).toMatchObject({ id: blog, enabled: false, deleting: true });
    expect((await call('GET', `/api/sources/${blog}`)).json).toEqual(deleted.json);
    const listed = (await call('GET', '/api/sources')).json.sources as Array<{ id: number; deleting?: boolean }>;
    expect(listed.map((s) => [s.id, s.deleting ?? false])).toEqual([[blog, true], [hn, false], [hn + 1, false]]);
    // Asking again answers the same; the source cannot be changed or enabled meanwhile.
    expect(await call('DELETE', `/api/sources/${blog}`)).toMatchObject({ status: 202, json: deleted.json });
    const patched = await call('PATCH', `/api/sources/${blog}`, { enabled: true });
    expect(patched).toMatchObject({ status: 409, json: { error: { code: 'conflict', message: 'this source is being deleted' } } });

    expect(await runPurge(purgeDeps(db), T0)).toMatchObject({ removed: 71, sourcesDeleted: [blog], more: false });
    expect((await call('GET', `/api/sources/${blog}`)).status).toBe(404);
    expect((await call('DELETE', `/api/sources/${blog}`)).status).toBe(404);
    expect(((await call('GET', '/api/sources')).json.sources as Array<{ id: number }>).map((s) => s.id)).toEqual([hn, hn + 1]);
    const mentions = (await call('GET', '/api/mentions?limit=100')).json.mentions as Array<{ sourceId: number }>;
    expect(mentions.filter((m) => m.sourceId === blog)).toEqual([]);
  });

  it('leaves a source that is not being deleted without the deleting field', async () => {
    const { call, db } = await createTestApi();
    const { hn } = await seedPurgeScenario(db);
    expect((await call('GET', `/api/sources/${hn}`)).json).not.toHaveProperty('deleting');
  });
});
