import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackupError } from '../../src/runtime/node/backup-database';
import { runDailyBackup } from '../../src/runtime/node/daily-backup';
import { backupJobs } from '../../src/runtime/node/start-node-server';
import { openSqlite, type OpenedSqlite } from '../../src/runtime/node/open-sqlite';
import { migrateToLatest } from '../../src/storage/migrate';
import { createTopic } from '../../src/storage/topic-store';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1, 9, 17);

describe('daily backups (EARSHOT_BACKUP_DIR)', () => {
  let work: string;
  let live: OpenedSqlite;
  let from: string;

  beforeEach(async () => {
    work = mkdtempSync(join(tmpdir(), 'earshot-daily-'));
    from = join(work, 'earshot.db');
    live = openSqlite(from);
    await migrateToLatest(live.db, T0);
    await createTopic(live.db, { name: 'FundSpark', query: 'fundspark' }, T0);
  });
  afterEach(async () => {
    await live.db.destroy();
  });

  it("makes one copy a day, named by its UTC date, and skips a day that has one", async () => {
    const dir = join(work, 'backups');
    const first = await runDailyBackup({ from, dir, keep: 7, now: T0 });
    expect(first.made).toMatchObject({ to: join(dir, 'earshot-2026-11-01.db'), integrity: 'ok', topics: 1 });
    // It holds webhook secrets: its owner's alone, in a folder that is too.
    expect(statSync(join(dir, 'earshot-2026-11-01.db')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const later = await runDailyBackup({ from, dir, keep: 7, now: T0 + 10 * 3_600_000 });
    expect(later).toEqual({ made: null, removed: [] });
    expect(readdirSync(dir)).toEqual(['earshot-2026-11-01.db']);
  });

  it('keeps the newest ones and never touches other files in the folder', async () => {
    const dir = join(work, 'backups');
    await runDailyBackup({ from, dir, keep: 3, now: T0 });
    writeFileSync(join(dir, 'earshot-before-upgrade.db'), 'mine');
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const removed: string[] = [];
    for (let day = 1; day <= 4; day++) removed.push(...(await runDailyBackup({ from, dir, keep: 3, now: T0 + day * DAY })).removed);
    expect(removed).toEqual(['earshot-2026-11-01.db', 'earshot-2026-11-02.db']);
    expect(readdirSync(dir).sort()).toEqual(['earshot-2026-11-03.db', 'earshot-2026-11-04.db', 'earshot-2026-11-05.db', 'earshot-before-upgrade.db', 'notes.txt']);
  });

  it('fails loudly and leaves no copy behind when the database cannot be read', async () => {
    const dir = join(work, 'backups');
    await expect(runDailyBackup({ from: join(work, 'missing.db'), dir, keep: 7, now: T0 })).rejects.toThrow();
    expect(existsSync(join(dir, 'earshot-2026-11-01.db'))).toBe(false);
    const garbage = join(work, 'garbage.db');
    writeFileSync(garbage, 'not a database at all, but long enough to look like one '.repeat(100));
    await expect(runDailyBackup({ from: garbage, dir, keep: 7, now: T0 })).rejects.toBeInstanceOf(BackupError);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('runs hourly on the server when EARSHOT_BACKUP_DIR is set, and not at all when it is not', async () => {
    expect(backupJobs({ EARSHOT_DB: from, EARSHOT_BACKUP_DIR: undefined, EARSHOT_BACKUP_KEEP: 7 })).toEqual([]);
    expect(backupJobs({ EARSHOT_DB: ':memory:', EARSHOT_BACKUP_DIR: join(work, 'x'), EARSHOT_BACKUP_KEEP: 7 })).toEqual([]);
    const dir = join(work, 'nightly');
    const [job, ...more] = backupJobs({ EARSHOT_DB: from, EARSHOT_BACKUP_DIR: dir, EARSHOT_BACKUP_KEEP: 7 });
    expect(more).toEqual([]);
    expect(job).toMatchObject({ name: 'backup', cron: '17 * * * *' });
    await job!.run(T0);
    expect(readdirSync(dir)).toEqual(['earshot-2026-11-01.db']);
  });
});
