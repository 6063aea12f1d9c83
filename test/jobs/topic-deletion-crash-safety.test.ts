import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPurge } from '../../jobs/purge-sources';
import { createApp } from '../../src/api/create-app';
import type { Deps } from '../../src/runtime/deps';
import { silentLogger } from '../../src/runtime/logger';
import { openSqlite } from '../../src/runtime/node/open-sqlite';
import type { Db } from '../../src/storage/database';
import { migrateToLatest } from '../../src/storage/migrate';
import { dbThatDiesAt, DiedAtStatement } from '../support/kill-at-statement';
import { recountEveryBucket, snapshotPurgeState, type PurgeSnapshot } from '../support/purge-scenario';
import { expectedAfterTopicDeletion, findStrayRepeats, seedTopicDeletionScenario, TOPIC_T0, type TopicDeletionScenario } from '../support/topic-deletion-scenario';

const deps = (db: Db): Deps => ({ db, log: silentLogger, fetch: () => Promise.reject(new Error('no network')), settings: { publicUrl: null, credentials: {} } });

/** DELETE /api/topics/:id through the app, then a run of the purge job: what deleting a topic takes. */
async function deleteThenPurge(db: Db, topicId: number): Promise<number> {
  const app = createApp(deps(db), { now: () => TOPIC_T0, auth: { required: false }, allowPrivateUrls: false });
  const status = (await app.request(`/api/topics/${topicId}`, { method: 'DELETE' })).status;
  await runPurge(deps(db), TOPIC_T0);
  return status;
}

const dir = mkdtempSync(join(tmpdir(), 'earshot-topic-crash-'));
const template = join(dir, 'template.db');
let scenario: TopicDeletionScenario;
let before: PurgeSnapshot;
let statements = 0;

beforeAll(async () => {
  // More mentions of acme alone than DELETE sweeps within the request, so the job has its share.
  const { db } = openSqlite(template);
  await migrateToLatest(db, 0);
  scenario = await seedTopicDeletionScenario(db, { unshared: 2500 });
  before = await snapshotPurgeState(db);
  await db.destroy();
  const path = join(dir, 'uninterrupted.db');
  copyFileSync(template, path);
  const { db: plain } = openSqlite(path);
  const counted = dbThatDiesAt(plain, 0);
  expect(await deleteThenPurge(counted.db, scenario.acme)).toBe(204);
  statements = counted.statements();
  await plain.destroy();
}, 60_000);

describe('deleting a topic, crash safety', () => {
  it('DELETE and the purge job, stopped before any of their statements, end after a restart where an uninterrupted run does', async () => {
    const expected = expectedAfterTopicDeletion(before, scenario.acme, [scenario.own]);
    expect(statements).toBeGreaterThan(30);
    for (let dieAt = 1; dieAt <= statements; dieAt += 1) {
      const path = join(dir, `died-at-${dieAt}.db`);
      copyFileSync(template, path);
      const { db } = openSqlite(path);
      const dying = dbThatDiesAt(db, dieAt);
      const status = await deleteThenPurge(dying.db, scenario.acme).catch((error: unknown) => {
        if (error instanceof DiedAtStatement) return 'died';
        throw error;
      });
      // What the crash left is consistent: no repeat through a missing mention, every bucket of a live topic
      // a fresh recount. Those of the topic being deleted are shown nowhere and go before its links do; until
      // then its own source's purge may have marked links it has not recounted yet (the next run does).
      expect(await findStrayRepeats(db)).toEqual([]);
      const deleting = (await db.selectFrom('topics').select('id').where('delete_requested_at', 'is not', null).execute()).map((t) => t.id);
      const live = (buckets: PurgeSnapshot['buckets']) => buckets.filter((b) => !deleting.includes(b.topic_id));
      const crashed = await snapshotPurgeState(db);
      expect(live(await recountEveryBucket(db))).toEqual(live(crashed.buckets));
      // After the restart: a DELETE that got no 204 is asked again (it answers 204, 202 if it stopped at its budget, or 404 if the row went), then the job runs.
      if (status !== 204) expect([202, 204, 404]).toContain(await deleteThenPurge(db, scenario.acme));
      else await runPurge(deps(db), TOPIC_T0);
      expect({ dieAt, ...(await snapshotPurgeState(db)) }).toEqual({ dieAt, ...expected });
      expect(await db.selectFrom('mention_sweeps').selectAll().execute()).toEqual([]);
      await db.destroy();
    }
  }, 120_000);
});
