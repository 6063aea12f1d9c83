// Daily backups on Node when EARSHOT_BACKUP_DIR is set: one copy a UTC day, named by its date
// (earshot-2026-12-01.db), the newest EARSHOT_BACKUP_KEEP kept. Run hourly, so a server restarted
// every night still makes the day's copy; a day that has one is skipped. Only files of that name
// are ever removed, and the copies of them a killed process left unfinished (.partial): whatever else
// is in the folder is the operator's. (Workers: D1's Time Travel.)
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { backupDatabase, PARTIAL_SUFFIX, removePartial, type BackupReport } from './backup-database';

const NAME = /^earshot-(\d{4}-\d{2}-\d{2})\.db$/;

export type DailyBackupReport = { made: BackupReport | null; removed: string[] };

export async function runDailyBackup(options: { from: string; dir: string; keep: number; now: number }): Promise<DailyBackupReport> {
  const today = join(options.dir, `earshot-${new Date(options.now).toISOString().slice(0, 10)}.db`);
  const made = existsSync(today) ? null : await backupDatabase(options.from, today);
  removeUnfinished(options.dir);
  return { made, removed: keepNewest(options.dir, options.keep) };
}

/** Copies a killed process left unfinished, of any day: the day's own was started over by backupDatabase. */
function removeUnfinished(dir: string): void {
  const unfinished = readdirSync(dir).filter((name) => name.endsWith(PARTIAL_SUFFIX) && NAME.test(name.slice(0, -PARTIAL_SUFFIX.length)));
  for (const name of unfinished) removePartial(join(dir, name));
}

/** Removes the oldest dated backups beyond `keep`; returns their names. */
function keepNewest(dir: string, keep: number): string[] {
  const dated = readdirSync(dir).filter((name) => NAME.test(name)).sort();
  const removed = dated.slice(0, Math.max(0, dated.length - keep));
  for (const name of removed) rmSync(join(dir, name), { force: true });
  return removed;
}
