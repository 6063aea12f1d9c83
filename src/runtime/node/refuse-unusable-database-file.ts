import BetterSqlite3 from 'better-sqlite3';
import { ConfigError } from '../../config/config-error';
import { migrations } from '../../storage/migrate';
import { cannotOpenDatabase } from './cannot-open-database';
import { refuseFolder } from './prepare-database-folder';
import { readEarshotMigrations } from './read-earshot-migrations';

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
  throw cannotOpenDatabase(path, `it is another application's SQLite database (${tables.length} ${tables.length === 1 ? 'table' : 'tables'}, no Earshot migrations): Earshot left it as it was; name Earshot's database or a new file`);
}

function hasEarshotMigrations(raw: BetterSqlite3.Database): boolean {
  const recorded = readEarshotMigrations(raw);
  return recorded !== null && (recorded.length === 0 || recorded.includes(migrations[0]![0]));
}
