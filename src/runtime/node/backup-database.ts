// Copies of the embedded database (the `backup` command, and the daily backups of EARSHOT_BACKUP_DIR).
// Copying data/earshot.db with cp is not one: in WAL mode the newest commits live in earshot.db-wal
// until a checkpoint, and a crawl writing during the copy tears it. SQLite's online backup
// (better-sqlite3's db.backup) reads through the WAL, all pages in one step from one snapshot (taken a
// batch of pages at a time, it started over at every write and never finished on a busy server). A
// copy is integrity-checked before it counts, and a failed one is removed: a
// half-written copy is worse than none, it looks like a backup. So the copy is written under a
// name of its own (FILE.partial) and takes the backup's name only once checked: a process killed
// mid-copy (a restart, the OOM killer) leaves a .partial, never a file the daily backup would take for
// the day's copy and keep in place of a good one. Both run in a worker thread
// (copy-database-in-worker), off the server's.
import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { copyDatabaseInWorker, createCopyTarget, type CopyOutcome } from './copy-database-in-worker';

export interface BackupReport {
  to: string;
  bytes: number;
  integrity: 'ok';
  topics: number;
  mentions: number;
  alerts: number;
}

export class BackupError extends Error {
  override name = 'BackupError';
}

/** Added to a backup's name while it is written and checked. */
export const PARTIAL_SUFFIX = '.partial';

/** Removes a copy in progress that will not be finished, with the journal SQLite may have left beside it. */
export function removePartial(partial: string): void {
  rmSync(partial, { force: true });
  rmSync(`${partial}-journal`, { force: true });
}

/**
 * Copies the database at `from` to `to` (a path that must not exist yet: the caller checks), making
 * the target's folder first, its user's alone as the database's is.
 */
export async function backupDatabase(from: string, to: string): Promise<BackupReport> {
  const partial = startPartial(to);
  let outcome: CopyOutcome;
  try {
    outcome = await copyDatabaseInWorker(from, partial);
  } catch (error) {
    outcome = { failed: 'copy', error: error instanceof Error ? error.message : String(error) };
  }
  if (outcome.failed !== null) {
    removePartial(partial);
    throw new BackupError(outcome.failed === 'copy' ? `the copy failed and was removed: ${outcome.error}` : `${to} could not be read back and was removed: ${outcome.error}`);
  }
  if (outcome.integrity !== 'ok') {
    removePartial(partial);
    throw new BackupError(`${to} failed its integrity check (${outcome.integrity}) and was removed`);
  }
  renameSync(partial, to);
  return { to, bytes: statSync(to).size, integrity: 'ok', topics: outcome.topics, mentions: outcome.mentions, alerts: outcome.alerts };
}

/**
 * Makes the target's folder and the empty file the copy is written into, or says in a BackupError why
 * it cannot (a file in the way of the folder, no permission, a read-only file system): the operator's
 * to fix, so one line, not a stack trace.
 */
function startPartial(to: string): string {
  const partial = `${to}${PARTIAL_SUFFIX}`;
  try {
    mkdirSync(dirname(to), { recursive: true, mode: 0o700 });
    removePartial(partial);
    // A copy cut short is no more readable than a finished one.
    createCopyTarget(partial);
    return partial;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EEXIST' || code === 'ENOTDIR' ? `a file is in the way of its folder ${dirname(to)}` : error instanceof Error ? error.message : String(error);
    throw new BackupError(`cannot write ${to}: ${why}`);
  }
}
