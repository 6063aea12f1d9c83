// Daily backups on Node when EARSHOT_BACKUP_DIR is set: one copy a UTC day, named by its date
// (earshot-2026-12-01.db), the newest EARSHOT_BACKUP_KEEP kept. Run hourly, so a server restarted
// every night still makes the day's copy; a day that has one is skipped. Only files of that name
// are ever removed, and the copies of them a killed process left unfinished (.partial): whatever else
// is in the folder is the operator's. (Workers: D1's Time Travel.)
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { backupDatabase, PARTIAL_SUFFIX, removePartial, type BackupReport } from './backup-database';

const NAME = /^earshot-(\d{4}-\d{2}-\d{2})\.db$/;

export type DailyBackupReport = {
  made: BackupReport | null;
  removed: string[];
  /** Dated backups named after today: neither counted among the kept nor removed (futureDated below). */
  futureDated: string[];
};

export async function runDailyBackup(options: { from: string; dir: string; keep: number; now: number }): Promise<DailyBackupReport> {
  const day = new Date(options.now).toISOString().slice(0, 10);
  const today = join(options.dir, `earshot-${day}.db`);
  const made = existsSync(today) ? null : await backupDatabase(options.from, today);
  removeUnfinished(options.dir);
  const { past, future } = splitByDay(options.dir, day);
  return { made, removed: keepNewest(options.dir, past, options.keep), futureDated: future };
}

/** Copies a killed process left unfinished, of any day: the day's own was started over by backupDatabase. */
function removeUnfinished(dir: string): void {
  const unfinished = readdirSync(dir).filter((name) => name.endsWith(PARTIAL_SUFFIX) && NAME.test(name.slice(0, -PARTIAL_SUFFIX.length)));
  for (const name of unfinished) removePartial(join(dir, name));
}

/**
 * The dated backups up to today, oldest first, and those named after it. A name after today was made
 * under a wrong clock, then (a clock set a year ahead for a day) or now (a clock reset to 1970): which
 * one cannot be told from here, and either way ordering by name is wrong. Counted as newest, such a
 * copy would be kept for good while the real recent ones were removed (with a keep of 1, each day's copy
 * right after it was made); counted as oldest, a clock now behind would remove the real ones. So it is
 * left out of both: kept, and reported (the server logs a warning) for the operator to look at.
 * (File times do not help: the same wrong clock set them.)
 */
function splitByDay(dir: string, day: string): { past: string[]; future: string[] } {
  const dated = readdirSync(dir).filter((name) => NAME.test(name)).sort();
  const isFuture = (name: string) => NAME.exec(name)![1]! > day;
  return { past: dated.filter((name) => !isFuture(name)), future: dated.filter(isFuture) };
}

/** Removes the oldest of `dated` (oldest first) beyond `keep`; returns their names. */
function keepNewest(dir: string, dated: string[], keep: number): string[] {
  const removed = dated.slice(0, Math.max(0, dated.length - keep));
  for (const name of removed) rmSync(join(dir, name), { force: true });
  return removed;
}
