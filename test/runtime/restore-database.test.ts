import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backupDatabase } from '../../src/runtime/node/backup-database';
import { openSqlite } from '../../src/runtime/node/open-sqlite';
import { restoreDatabase } from '../../src/runtime/node/restore-database';
import { migrateToLatest } from '../../src/storage/migrate';
import { createTopic } from '../../src/storage/topic-store';
import { topicNamesIn } from '../support/topic-names-in';

const T0 = Date.UTC(2026, 10, 30, 12);

// Each test's folder, removed after it.
const folders: string[] = [];
function tempFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  folders.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A live database (still open) holding topic FundSpark, and a backup of it, in `dir`. */
async function liveDatabaseWithBackup(dir: string): Promise<{ live: string; opened: ReturnType<typeof openSqlite>; backup: string }> {
  const live = join(dir, 'data', 'earshot.db');
  const opened = openSqlite(live);
  await migrateToLatest(opened.db, T0);
  await createTopic(opened.db, { name: 'FundSpark', query: 'fundspark' }, T0);
  const backup = join(dir, 'earshot-backup.db');
  await backupDatabase(live, backup);
  return { live, opened, backup };
}

// The one rename a test cannot make fail for real: the checked copy onto the live name, after the live
// database was set aside in the same folder (a full disk, a file system that refuses it).
const renames = vi.hoisted(() => ({ failOnto: null as string | null }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const renameSync: typeof fs.renameSync = (from, to) => {
    if (renames.failOnto !== null && String(to) === renames.failOnto && String(from).endsWith('.restoring')) {
      throw Object.assign(new Error('EIO: i/o error, rename (simulated)'), { code: 'EIO' });
    }
    fs.renameSync(from, to);
  };
  return { ...fs, renameSync, default: { ...fs, renameSync } };
});

describe('restoreDatabase when the last rename fails', () => {
  it('puts the database it set aside back where it was, and leaves nothing else behind', async () => {
    const dir = tempFolder('earshot-restore-fail-');
    const { live, opened, backup } = await liveDatabaseWithBackup(dir);
    await createTopic(opened.db, { name: 'Acme', query: 'acme' }, T0);
    await opened.db.destroy();

    renames.failOnto = live;
    try {
      await expect(restoreDatabase(backup, live, T0)).rejects.toThrow('EIO: i/o error, rename (simulated)');
    } finally {
      renames.failOnto = null;
    }
    // The live database is the one it was, with the change the backup does not hold; no copy, no set-aside file.
    expect(readdirSync(join(dir, 'data'))).toEqual(['earshot.db']);
    expect(topicNamesIn(live)).toEqual(['FundSpark', 'Acme']);
  });
});

describe('restoreDatabase where a crashed database left its -wal behind', () => {
  it('keeps the -wal aside instead of letting SQLite replay it into the backup', async () => {
    const dir = tempFolder('earshot-restore-stray-wal-');
    const { live, opened, backup } = await liveDatabaseWithBackup(dir);
    // Commits that only the WAL holds when the process is killed; then the operator moves the damaged
    // database away by hand, leaving its -wal and -shm under the live name.
    opened.raw.pragma('wal_autocheckpoint = 0');
    await createTopic(opened.db, { name: 'Acme', query: 'acme' }, T0);
    for (const suffix of ['-wal', '-shm']) copyFileSync(`${live}${suffix}`, join(dir, `killed${suffix}`));
    await opened.db.destroy();
    rmSync(live);
    for (const suffix of ['-wal', '-shm']) copyFileSync(join(dir, `killed${suffix}`), `${live}${suffix}`);

    const report = await restoreDatabase(backup, live, T0);
    expect(report).toMatchObject({ previous: null, topics: 1 });
    expect(topicNamesIn(live)).toEqual(['FundSpark']);
    // (earshot.db-wal and -shm now are the restored database's own, from reading it.)
    expect(readdirSync(join(dir, 'data')).filter((name) => !name.startsWith('earshot.db-')).sort()).toEqual(['earshot.db', 'earshot.db.before-restore-20261130T120000Z-shm', 'earshot.db.before-restore-20261130T120000Z-wal']);
  });
});

describe('restoreDatabase over a live database SQLite cannot read', () => {
  it.each([
    ['its header overwritten', (bytes: Buffer) => Buffer.concat([Buffer.alloc(100, 0xa5), bytes.subarray(100)])],
    ['a file that never was a database', () => Buffer.from('not a database at all, but long enough to look like one '.repeat(100))],
  ])('puts the backup in place of one with %s and keeps the damaged file aside as it was', async (_case, damage) => {
    const dir = tempFolder('earshot-restore-damaged-');
    const { live, opened, backup } = await liveDatabaseWithBackup(dir);
    await opened.db.destroy();
    const damaged = damage(readFileSync(live));
    writeFileSync(live, damaged);

    const report = await restoreDatabase(backup, live, T0);
    expect(report).toMatchObject({ previous: `${live}.before-restore-20261130T120000Z`, topics: 1 });
    expect(topicNamesIn(live)).toEqual(['FundSpark']);
    expect(readFileSync(report.previous!)).toEqual(damaged);
  });
});

describe('restoreDatabase copying the backup in', () => {
  it("writes the copy into a file that is its owner's alone from the start, as a backup's copy is", async () => {
    const dir = tempFolder('earshot-restore-private-');
    const { live, opened, backup } = await liveDatabaseWithBackup(dir);
    await opened.db.destroy();
    // The copy runs in a worker thread; before it writes a page, the file it writes into is already there, 0600.
    const restoring = restoreDatabase(backup, live, T0);
    const modeBeforeTheCopy = statSync(`${live}.restoring`).mode & 0o777;
    await restoring;
    expect(modeBeforeTheCopy).toBe(0o600);
    expect(statSync(live).mode & 0o777).toBe(0o600);
  });
});
