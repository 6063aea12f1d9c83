import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import { ConfigError } from '../../config/config-error';
import type { Database, Db } from '../../storage/database';
import { assertWithinParameterLimit } from '../../storage/bound-parameter-limit';

export interface OpenedSqlite {
  db: Db;
  raw: BetterSqlite3.Database;
}

/** A database path that names a file on disk: not ':memory:' nor a 'file:' URI. */
export function isDatabaseFile(path: string): boolean {
  return path !== ':memory:' && !path.startsWith('file:');
}

/** Opens (creating if needed) the embedded database: WAL so the API reads while a crawl writes. */
export function openSqlite(path: string): OpenedSqlite {
  const onDisk = isDatabaseFile(path);
  // The database holds webhook signing secrets: a file and folder Earshot makes are its user's alone
  // (the -wal and -shm files SQLite adds take the database file's mode). Existing ones keep the
  // operator's choice.
  const created = onDisk && !existsSync(path);
  const raw = openFile(path, onDisk);
  if (created) chmodSync(path, 0o600);
  try {
    raw.pragma('journal_mode = WAL');
  } catch (error) {
    raw.close();
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') throw cannotOpen(path, 'it is not an SQLite database');
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
  if (onDisk) {
    try {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw cannotOpen(path, code === 'EEXIST' || code === 'ENOTDIR' ? `${resolve(folder)} is not a folder` : `cannot make its folder ${resolve(folder)} (${code ?? String(error)})`);
    }
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw cannotOpen(path, 'it is a folder: name a file in it, such as earshot.db');
  }
  try {
    return new BetterSqlite3(path);
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_CANTOPEN') throw error;
    throw cannotOpen(path, onDisk ? `cannot create or open the file (can this user write to ${resolve(folder)}?)` : 'cannot open it');
  }
}

function cannotOpen(path: string, why: string): ConfigError {
  return new ConfigError([`EARSHOT_DB: cannot open ${isDatabaseFile(path) ? resolve(path) : path}: ${why}`]);
}

/** The narrow slice of better-sqlite3 Kysely needs, checking D1's parameter limit on every statement. */
function limitBoundParameters(raw: BetterSqlite3.Database): SqliteDatabase {
  return {
    close: () => raw.close(),
    prepare(sql: string): SqliteStatement {
      const statement = raw.prepare(sql);
      const check = (parameters: ReadonlyArray<unknown>) => assertWithinParameterLimit(sql, parameters.length);
      return {
        reader: statement.reader,
        all(parameters) {
          check(parameters);
          return statement.all(parameters) as unknown[];
        },
        run(parameters) {
          check(parameters);
          const r = statement.run(parameters);
          return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
        },
        iterate(parameters) {
          check(parameters);
          return statement.iterate(parameters) as IterableIterator<unknown>;
        },
      };
    },
  };
}
