import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackupError } from '../../src/runtime/node/backup-database';
import { runDailyBackup, type DailyBackupReport } from '../../src/runtime/node/daily-backup';
import { backupJobs } from '../../src/runtime/node/start-node-server';
import { openSqlite, type OpenedSqlite } from '../../src/runtime/node/open-sqlite';
import { migrateToLatest } from '../../src/storage/migrate';
import { createTopic } from '../../src/storage/topic-store';
import type { Logger } from '../../src/runtime/logger';

const DAY = 86_400_000;
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
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
    expect(later).toEqual({ made: null, removed: [], futureDated: [] });
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
    expect(backupJobs({ EARSHOT_DB: from, EARSHOT_BACKUP_DIR: undefined, EARSHOT_BACKUP_KEEP: 7 }, silent)).toEqual([]);
    expect(backupJobs({ EARSHOT_DB: ':memory:', EARSHOT_BACKUP_DIR: join(work, 'x'), EARSHOT_BACKUP_KEEP: 7 }, silent)).toEqual([]);
    const dir = join(work, 'nightly');
    const [job, ...more] = backupJobs({ EARSHOT_DB: from, EARSHOT_BACKUP_DIR: dir, EARSHOT_BACKUP_KEEP: 7 }, silent);
    expect(more).toEqual([]);
    expect(job).toMatchObject({ name: 'backup', cron: '17 * * * *' });
    await job!.run(T0);
    expect(readdirSync(dir)).toEqual(['earshot-2026-11-01.db']);
  });

  // A clock wrong for a while names copies after a day that has not come (or, wrong now, after today):
  // ordered by name they would count as newest for good, kept while the real recent ones go.
  it.each([
    [
      'a copy named a year ahead (the clock wrong the day it was made) is kept, not counted: the newest real copies stay',
      {
        before: ['earshot-2026-10-30.db', 'earshot-2026-10-31.db', 'earshot-2027-11-03.db'],
        keep: 2,
        days: [0, 1, 2],
        left: ['earshot-2026-11-02.db', 'earshot-2026-11-03.db', 'earshot-2027-11-03.db'],
        futureDated: ['earshot-2027-11-03.db'],
      },
    ],
    [
      'with a keep of 1 and a copy named a day ahead, today’s copy is kept, not removed as soon as made',
      {
        before: ['earshot-2026-11-02.db'],
        keep: 1,
        days: [0],
        left: ['earshot-2026-11-01.db', 'earshot-2026-11-02.db'],
        futureDated: ['earshot-2026-11-02.db'],
      },
    ],
    [
      'with the clock now behind (reset to 2000), the real copies are kept, not removed as the oldest',
      {
        before: ['earshot-2026-10-30.db', 'earshot-2026-10-31.db'],
        keep: 1,
        days: [Date.UTC(2000, 0, 1) - T0, Date.UTC(2000, 0, 2) - T0].map((ms) => ms / DAY),
        left: ['earshot-2000-01-02.db', 'earshot-2026-10-30.db', 'earshot-2026-10-31.db'],
        futureDated: ['earshot-2026-10-30.db', 'earshot-2026-10-31.db'],
      },
    ],
  ] as const)('%s', async (_case, { before, keep, days, left, futureDated }) => {
    const dir = join(work, 'backups');
    await runDailyBackup({ from, dir, keep: 1, now: T0 - 365 * DAY });
    const made = join(dir, 'earshot-2025-11-01.db');
    for (const name of before) copyFileSync(made, join(dir, name));
    rmSync(made);
    let last: DailyBackupReport | undefined;
    for (const day of days) last = await runDailyBackup({ from, dir, keep, now: T0 + day * DAY });
    expect(readdirSync(dir).sort()).toEqual(left);
    expect(last!.futureDated).toEqual(futureDated);
  });

  it('warns on the server about copies named after today, naming them', async () => {
    const dir = join(work, 'backups');
    const warnings: Array<[string, unknown]> = [];
    const log: Logger = { ...silent, warn: (message, fields) => warnings.push([message, fields]) };
    const [job] = backupJobs({ EARSHOT_DB: from, EARSHOT_BACKUP_DIR: dir, EARSHOT_BACKUP_KEEP: 7 }, log);
    await job!.run(T0);
    expect(warnings).toEqual([]);
    copyFileSync(join(dir, 'earshot-2026-11-01.db'), join(dir, 'earshot-2027-11-01.db'));
    await job!.run(T0 + DAY);
    expect(warnings).toEqual([
      ['backups named after today are kept and not counted: the clock was wrong when they were made, or is now', { dir, futureDated: ['earshot-2027-11-01.db'] }],
    ]);
  });
});
