import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/runtime/node/open-sqlite';
import { migrateToLatest } from '../../src/storage/migrate';
import { requestSourceDeletion } from '../../src/storage/source-store';
import { recountEveryBucket, seedPurgeScenario, snapshotPurgeState, type PurgeSnapshot } from '../support/purge-scenario';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'earshot-purge-crash-'));
const template = join(dir, 'template.db');

function purgeChild(dbPath: string, killAt: number): Promise<{ killed: boolean; stdout: string }> {
  return new Promise((resolve) => {
    // --import tsx (not the tsx CLI, which runs the script in a grandchild) so the SIGKILL is this child's own.
    execFile(process.execPath, ['--import', 'tsx', 'test/support/crash-purge-child.ts', dbPath, String(killAt)], { cwd: root, timeout: 60_000 }, (error, stdout) =>
      resolve({ killed: error?.signal === 'SIGKILL', stdout }),
    );
  });
}

async function snapshot(path: string): Promise<PurgeSnapshot> {
  const { db } = openSqlite(path);
  try {
    return await snapshotPurgeState(db);
  } finally {
    await db.destroy();
  }
}

let reference: PurgeSnapshot;
let statements = 0;

beforeAll(async () => {
  // The blog, with stories shared with two other sources, marked for deletion; closed, so the file is whole.
  const { db } = openSqlite(template);
  await migrateToLatest(db, 0);
  const { blog } = await seedPurgeScenario(db);
  await requestSourceDeletion(db, blog, 0);
  await db.destroy();
  const path = join(dir, 'uninterrupted.db');
  copyFileSync(template, path);
  const run = await purgeChild(path, 0);
  statements = (JSON.parse(run.stdout) as { statements: number }).statements;
  reference = await snapshot(path);
}, 60_000);

describe('purge crash safety', () => {
  it('an uninterrupted purge leaves buckets as a fresh recount and no mention of the source', async () => {
    expect(statements).toBeGreaterThan(20);
    expect(reference.sources).toHaveLength(2);
    const { db } = openSqlite(join(dir, 'uninterrupted.db'));
    expect(await recountEveryBucket(db)).toEqual(reference.buckets);
    await db.destroy();
  });

  // Every statement of the purge, in batches of four child processes at a time.
  it('a purge killed -9 before any of its statements ends, after a restart, where the uninterrupted one does', async () => {
    const killPoints = Array.from({ length: statements }, (_, i) => i + 1);
    for (let i = 0; i < killPoints.length; i += 4) {
      await Promise.all(
        killPoints.slice(i, i + 4).map(async (killAt) => {
          const path = join(dir, `killed-at-${killAt}.db`);
          copyFileSync(template, path);
          expect((await purgeChild(path, killAt)).killed, `kill before statement ${killAt}`).toBe(true);
          expect((await purgeChild(path, 0)).killed).toBe(false);
          expect({ killAt, ...(await snapshot(path)) }).toEqual({ killAt, ...reference });
        }),
      );
    }
  }, 300_000);
});
