// Copies of the embedded database (the `backup` command, and the daily backups of EARSHOT_BACKUP_DIR).
// Copying data/earshot.db with cp is not one: in WAL mode the newest commits live in earshot.db-wal
// until a checkpoint, and a crawl writing during the copy tears it. SQLite's online backup
// (better-sqlite3's db.backup) reads through the WAL and starts over when a writer changes a page it
// has copied. A copy is integrity-checked before it counts, and a failed one is removed: a half-written
// copy is worse than none, it looks like a backup.
import { chmodSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

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
  const source = new BetterSqlite3(from, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    await source.backup(to);
    // The copy holds webhook signing secrets and every stored mention: its owner's alone.
    chmodSync(to, 0o600);
  } catch (error) {
    rmSync(to, { force: true });
    throw new BackupError(`the copy failed and was removed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    source.close();
  }
  const copy = new BetterSqlite3(to, { fileMustExist: true });
  let counts: Omit<BackupReport, 'to' | 'bytes' | 'integrity'>;
  try {
    // The copy carries the source's WAL mode, so reading it would leave -wal and -shm files beside it:
    // in rollback mode it is one self-contained file to move anywhere (Earshot turns WAL back on when it opens it).
    copy.pragma('journal_mode = DELETE');
    const integrity = String(copy.pragma('integrity_check', { simple: true }));
    if (integrity !== 'ok') throw new BackupError(`${to} failed its integrity check (${integrity}) and was removed`);
    const count = (table: string) => (copy.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    counts = { topics: count('topics'), mentions: count('mentions'), alerts: count('alerts') };
  } catch (error) {
    copy.close();
    rmSync(to, { force: true });
    throw error instanceof BackupError ? error : new BackupError(`${to} could not be read back and was removed: ${String(error)}`);
  }
  copy.close();
  return { to, bytes: statSync(to).size, integrity: 'ok', ...counts };
}
