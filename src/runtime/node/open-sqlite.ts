import { chmodSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database, Db } from '../../storage/database';
import { cannotOpenDatabase } from './cannot-open-database';
import { isDatabaseFile } from './is-database-file';
import { limitBoundParameters } from './limit-bound-parameters';
import { prepareDatabaseFolder } from './prepare-database-folder';
import { refuseUnusableDatabaseFile } from './refuse-unusable-database-file';

export interface OpenedSqlite {
  db: Db;
  raw: BetterSqlite3.Database;
}

/** Opens (creating if needed) the embedded database: WAL so the API reads while a crawl writes. */
export function openSqlite(path: string): OpenedSqlite {
  const onDisk = isDatabaseFile(path);
  // The database holds webhook signing secrets: a file and folder Earshot makes are its user's alone
  // (the -wal and -shm files SQLite adds take the database file's mode). Existing ones keep the
  // operator's choice.
  const created = onDisk && !existsSync(path);
  // On a read-only connection, before one that could write: WAL mode rewrites the header, and a
  // writable connection closing last checkpoints a -wal into the file. Another application's file,
  // its -wal too, stays byte for byte as it was.
  if (onDisk && !created) refuseUnusableDatabaseFile(path);
  const raw = openFile(path, onDisk);
  if (created) chmodSync(path, 0o600);
  try {
    raw.pragma('journal_mode = WAL');
  } catch (error) {
    raw.close();
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') throw cannotOpenDatabase(path, 'it is not an SQLite database');
    throw error;
  }
  // A second process (the CLI beside a running server) waits for the writer instead of failing at once.
  raw.pragma('busy_timeout = 5000');
  raw.pragma('foreign_keys = ON');
  // WAL + NORMAL survives process crashes (kill -9) without losing committed rows; only power loss can drop the last commits.
  raw.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: limitBoundParameters(raw) }) });
  return { db, raw };
}

/**
 * The file (and its folder) opened, or a ConfigError naming EARSHOT_DB and what is wrong with the path:
 * the operator's to fix, so no stack trace (a folder, a file in the way of the folder, no permission).
 */
function openFile(path: string, onDisk: boolean): BetterSqlite3.Database {
  const folder = dirname(path);
  if (onDisk) prepareDatabaseFolder(path);
  try {
    return new BetterSqlite3(path);
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_CANTOPEN') throw error;
    throw cannotOpenDatabase(path, onDisk ? `cannot create or open the file (can this user write to ${resolve(folder)}?)` : 'cannot open it');
  }
}
