import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import { ConfigError } from '../../config/config-error';
import type { Database, Db } from '../../storage/database';
import { assertWithinParameterLimit } from '../../storage/bound-parameter-limit';
import { migrations } from '../../storage/migrate';
import { readEarshotMigrations } from './read-earshot-migrations';

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
  if (onDisk) prepareDatabaseFolder(path);
  try {
    return new BetterSqlite3(path);
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_CANTOPEN') throw error;
    throw cannotOpen(path, onDisk ? `cannot create or open the file (can this user write to ${resolve(folder)}?)` : 'cannot open it');
  }
}

/**
 * Makes the database file's folder (its user's alone), or says in a ConfigError why the path cannot
 * be a database file: a file in the way of the folder, or a folder where the file should be.
 */
export function prepareDatabaseFolder(path: string): void {
  const folder = dirname(path);
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw cannotOpen(path, code === 'EEXIST' || code === 'ENOTDIR' ? `${resolve(folder)} is not a folder` : `cannot make its folder ${resolve(folder)} (${code ?? String(error)})`);
  }
  refuseFolder(path);
}

function refuseFolder(path: string): void {
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw cannotOpen(path, 'it is a folder: name a file in it, such as earshot.db');
}

/**
 * EARSHOT_DB naming another application's SQLite file (a typo, a copied .env) would otherwise be
 * adopted: Earshot's migrations run into it and it switches to WAL. A file is Earshot's when it has no
 * tables yet (new, or empty), or its schema_migrations records 0001 (every Earshot database past its
 * first migration, a newer Earshot's too, which migrateToLatest refuses itself), or records nothing in
 * Earshot's shape (a first migration cut short: they are not one transaction). A schema_migrations of
 * another tool (Rails' and golang-migrate's have a `version` column) is not Earshot's.
 * Throws a ConfigError naming the path, or SQLite's own error for a file it cannot read.
 */
function refuseForeignDatabase(raw: BetterSqlite3.Database, path: string): void {
  const tables = (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").all() as { name: string }[]).map((t) => t.name);
  if (tables.length === 0 || hasEarshotMigrations(raw)) return;
  throw cannotOpen(path, `it is another application's SQLite database (${tables.length} ${tables.length === 1 ? 'table' : 'tables'}, no Earshot migrations): Earshot left it as it was; name Earshot's database or a new file`);
}

/**
 * A folder, or another application's database, named by EARSHOT_DB: refused by openSqlite and by the
 * commands that copy the file or put a backup in its place instead of opening it (backup, restore).
 * A file SQLite cannot read is left to them to report (restoring over a damaged database is what
 * restore is for).
 */
export function refuseUnusableDatabaseFile(path: string): void {
  refuseFolder(path);
  let raw: BetterSqlite3.Database;
  try {
    raw = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  } catch {
    return;
  }
  try {
    refuseForeignDatabase(raw, path);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
  } finally {
    raw.close();
  }
}

function hasEarshotMigrations(raw: BetterSqlite3.Database): boolean {
  const recorded = readEarshotMigrations(raw);
  return recorded !== null && (recorded.length === 0 || recorded.includes(migrations[0]![0]));
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
