// Copies of the embedded database (the `backup` command, and the daily backups of EARSHOT_BACKUP_DIR).
// Copying data/earshot.db with cp is not one: in WAL mode the newest commits live in earshot.db-wal
// until a checkpoint, and a crawl writing during the copy tears it. SQLite's online backup
// (better-sqlite3's db.backup) reads through the WAL and starts over when a writer changes a page it
// has copied. A copy is integrity-checked before it counts, and a failed one is removed: a
// half-written copy is worse than none, it looks like a backup. Both run in a worker thread
// (copy-database-in-worker), off the server's.
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { copyDatabaseInWorker, type CopyOutcome } from './copy-database-in-worker';

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

/**
 * Copies the database at `from` to `to` (a path that must not exist yet: the caller checks), making
 * the target's folder first, its user's alone as the database's is.
 */
export async function backupDatabase(from: string, to: string): Promise<BackupReport> {
  mkdirSync(dirname(to), { recursive: true, mode: 0o700 });
  let outcome: CopyOutcome;
  try {
    outcome = await copyDatabaseInWorker(from, to);
  } catch (error) {
    outcome = { failed: 'copy', error: error instanceof Error ? error.message : String(error) };
  }
  if (outcome.failed !== null) {
    rmSync(to, { force: true });
    throw new BackupError(outcome.failed === 'copy' ? `the copy failed and was removed: ${outcome.error}` : `${to} could not be read back and was removed: ${outcome.error}`);
  }
  if (outcome.integrity !== 'ok') {
    rmSync(to, { force: true });
    throw new BackupError(`${to} failed its integrity check (${outcome.integrity}) and was removed`);
  }
  return { to, bytes: statSync(to).size, integrity: 'ok', topics: outcome.topics, mentions: outcome.mentions, alerts: outcome.alerts };
}
