import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
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
  if (onDisk) mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const raw = new BetterSqlite3(path);
  if (created) chmodSync(path, 0o600);
  raw.pragma('journal_mode = WAL');
  // A second process (the CLI beside a running server) waits for the writer instead of failing at once.
  raw.pragma('busy_timeout = 5000');
  raw.pragma('foreign_keys = ON');
  // WAL + NORMAL survives process crashes (kill -9) without losing committed rows; only power loss can drop the last commits.
  raw.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: limitBoundParameters(raw) }) });
  return { db, raw };
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
