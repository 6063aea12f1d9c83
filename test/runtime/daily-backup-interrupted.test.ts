import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runDailyBackup } from '../../src/runtime/node/daily-backup';
import { openSqlite, type OpenedSqlite } from '../../src/runtime/node/open-sqlite';
import { migrateToLatest } from '../../src/storage/migrate';
import { createTopic } from '../../src/storage/topic-store';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1, 9, 17);

// A process killed mid-copy (a restart during the 09:17 backup, the OOM killer): the copy has written
// part of the file and nothing after that runs, no check, no clean-up. `dying` makes the next copy do
// that: write the first half of a real database, note the mode of the file it writes into, and never
// answer, as a dead process never does.
const crash = vi.hoisted(() => ({ dying: false, modeWritten: null as number | null }));
vi.mock('../../src/runtime/node/copy-database-in-worker', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/runtime/node/copy-database-in-worker')>();
  const fs = await import('node:fs');
  return {
    ...real,
    copyDatabaseInWorker: (from: string, to: string) => {
      if (!crash.dying) return real.copyDatabaseInWorker(from, to);
      crash.dying = false;
      crash.modeWritten = fs.existsSync(to) ? fs.statSync(to).mode & 0o777 : null;
      const whole = fs.readFileSync(from);
      fs.writeFileSync(to, whole.subarray(0, whole.length / 2));
      return new Promise(() => {});
    },
  };
});

describe('a daily backup cut short by a killed process', () => {
  let work: string;
  let from: string;
  let live: OpenedSqlite;
  let dir: string;

  beforeEach(async () => {
    work = mkdtempSync(join(tmpdir(), 'earshot-daily-killed-'));
    from = join(work, 'earshot.db');
    dir = join(work, 'backups');
    live = openSqlite(from);
    await migrateToLatest(live.db, T0);
    await createTopic(live.db, { name: 'FundSpark', query: 'fundspark' }, T0);
    live.raw.pragma('wal_checkpoint(TRUNCATE)');
  });
  afterEach(async () => {
    await live.db.destroy();
    rmSync(work, { recursive: true, force: true });
  });

  it("is not taken for the day's copy: the next hourly run makes a whole one", async () => {
    crash.dying = true;
    void runDailyBackup({ from, dir, keep: 7, now: T0 });
    // Nothing the killed run left is a dated backup, and it was its owner's alone from its first byte.
    expect(readdirSync(dir).filter((name) => name.endsWith('.db'))).toEqual([]);
    expect(crash.modeWritten).toBe(0o600);

    const restarted = await runDailyBackup({ from, dir, keep: 7, now: T0 + 3_600_000 });
    expect(restarted.made).toMatchObject({ to: join(dir, 'earshot-2026-11-01.db'), integrity: 'ok', topics: 1 });
    expect(readdirSync(dir)).toEqual(['earshot-2026-11-01.db']);
    expect(statSync(join(dir, 'earshot-2026-11-01.db')).mode & 0o777).toBe(0o600);
  });

  it("is cleared away on a later day, and never counts among the copies kept", async () => {
    crash.dying = true;
    void runDailyBackup({ from, dir, keep: 2, now: T0 });
    const removed: string[] = [];
    for (let day = 1; day <= 3; day++) removed.push(...(await runDailyBackup({ from, dir, keep: 2, now: T0 + day * DAY })).removed);
    expect(removed).toEqual(['earshot-2026-11-02.db']);
    expect(readdirSync(dir).sort()).toEqual(['earshot-2026-11-03.db', 'earshot-2026-11-04.db']);
  });

  it('leaves alone a file of the operator’s that merely ends the same way', async () => {
    await runDailyBackup({ from, dir, keep: 7, now: T0 });
    writeFileSync(join(dir, 'notes.partial'), 'mine');
    await runDailyBackup({ from, dir, keep: 7, now: T0 + DAY });
    expect(readFileSync(join(dir, 'notes.partial'), 'utf8')).toBe('mine');
  });
});
