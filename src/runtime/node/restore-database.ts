// Puts a backup in place of the embedded database (the `restore` command). Restoring by hand (stop,
// copy the file over, delete -wal and -shm, start) has three ways to lose data: a -wal left beside the
// restored file is replayed into it, a backup that is damaged or from a newer Earshot replaces a good
// database, and the database being replaced is gone. So the backup is copied and checked first (as a
// backup is: copy-database-in-worker), must hold Earshot's migrations and none this version does not
// know, and the database it replaces is kept beside it, renamed, never deleted (and so is a -wal left
// without its database, which SQLite would replay into the backup). Nothing is replaced while
// another process (a running Earshot) has the database open.
import { chmodSync, existsSync, renameSync, rmSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { migrations, migrationsUnknownHere } from '../../storage/migrate';
import { copyDatabaseInWorker, createCopyTarget } from './copy-database-in-worker';
import { migrateNodeDatabase } from './migrate-node-database';
import { openSqlite } from './open-sqlite';
import { prepareDatabaseFolder } from './prepare-database-folder';
import { refuseUnusableDatabaseFile } from './refuse-unusable-database-file';
import { readEarshotMigrations } from './read-earshot-migrations';

export interface RestoreReport {
  /** The database now in use. */
  restored: string;
  from: string;
  /** Where the database it replaced was kept, or null when there was none. */
  previous: string | null;
  topics: number;
  mentions: number;
  alerts: number;
  /** Migrations run on the restored copy: a backup from an older Earshot is brought up to date. */
  migrated: string[];
}

export class RestoreError extends Error {
  override name = 'RestoreError';
}

export async function restoreDatabase(from: string, live: string, now: number): Promise<RestoreReport> {
  // EARSHOT_DB naming a folder or another application's database is a configuration mistake, said as
  // openSqlite says it, before anything is copied: such a file is not set aside and replaced.
  prepareDatabaseFolder(live);
  refuseUnusableDatabaseFile(live);
  const incoming = `${live}.restoring`;
  rmSync(incoming, { force: true });
  // The backup holds webhook secrets and every mention: private from its first byte, as a backup's copy is.
  startIncoming(incoming);
  try {
    const outcome = await copyDatabaseInWorker(from, incoming);
    if (outcome.failed !== null) throw new RestoreError(`${from} could not be read: ${outcome.error}; nothing was changed`);
    if (outcome.integrity !== 'ok') throw new RestoreError(`${from} failed its integrity check (${outcome.integrity}): nothing was changed`);
    refuseForeignSchema(incoming, from);
    const aside = asideName(live, now);
    const previous = existsSync(live) ? setAside(live, aside) : null;
    const strays = setAsideStrayJournals(live, aside);
    try {
      renameSync(incoming, live);
    } catch (error) {
      if (previous) renameSync(previous, live);
      for (const stray of strays) renameSync(stray.aside, stray.at);
      throw error;
    }
    chmodSync(live, 0o600);
    const opened = openSqlite(live);
    try {
      // As every Node path that migrates: what a migration left to recount (0014's repaired counts) is recounted now.
      const { applied } = await migrateNodeDatabase(opened.db, now);
      return { restored: live, from, previous, topics: outcome.topics, mentions: outcome.mentions, alerts: outcome.alerts, migrated: applied };
    } finally {
      await opened.db.destroy();
    }
  } finally {
    rmSync(incoming, { force: true });
  }
}

function startIncoming(incoming: string): void {
  try {
    createCopyTarget(incoming);
  } catch (error) {
    throw new RestoreError(`cannot write ${incoming}: ${error instanceof Error ? error.message : String(error)}; nothing was changed`);
  }
}

/** The copy must be an Earshot database this version can run: its migrations a prefix of ours. */
function refuseForeignSchema(path: string, from: string): void {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined;
    if (!hasTable) throw new RestoreError(`${from} is not an Earshot database (it has no schema_migrations table): nothing was changed`);
    const recorded = readEarshotMigrations(db);
    if (recorded === null || !recorded.includes(migrations[0]![0])) {
      throw new RestoreError(`${from} is not an Earshot database (its schema_migrations records no Earshot migration): nothing was changed`);
    }
    const unknown = migrationsUnknownHere(recorded);
    if (unknown.length > 0) {
      throw new RestoreError(`${from} comes from a newer Earshot (migrations ${unknown.join(', ')} are unknown to this one): upgrade Earshot first; nothing was changed`);
    }
  } finally {
    db.close();
  }
}

/** Where the database a restore replaces is kept: beside it, named by the restore's time. */
function asideName(live: string, now: number): string {
  const aside = `${live}.before-restore-${new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
  if (existsSync(aside)) throw new RestoreError(`${aside} exists already: nothing was changed`);
  return aside;
}

/**
 * Renames the live database aside, its WAL folded in first. Leaving WAL mode needs the only
 * connection to the file, so this is also the check that no Earshot is running on it. A database
 * SQLite cannot read (its header overwritten, a file that never was one) is the usual reason to
 * restore: it is set aside as it is, its -wal kept beside it (setAsideStrayJournals), not refused.
 */
function setAside(live: string, aside: string): string {
  const db = new BetterSqlite3(live, { fileMustExist: true, timeout: 1000 });
  try {
    db.pragma('journal_mode = DELETE');
  } catch (error) {
    if (!isUnreadable(error)) {
      throw new RestoreError(`${live} is open in another process (is Earshot running? stop it first): ${error instanceof Error ? error.message : String(error)}; nothing was changed`);
    }
  } finally {
    db.close();
  }
  renameSync(live, aside);
  return aside;
}

/** SQLite's answer for a file that is not a database, or one too damaged to change its journal mode. */
function isUnreadable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT';
}

const JOURNAL_SUFFIXES = ['-wal', '-shm', '-journal'] as const;

/**
 * A -wal (or rollback -journal) still beside the live name once the database is gone from it (a
 * crash, then the damaged file moved away by hand) belongs to that database, but SQLite cannot tell:
 * opening the restored file would replay it into the backup, overwriting its pages with theirs. They
 * are kept aside with the database's name, as it would be, never deleted.
 */
function setAsideStrayJournals(live: string, aside: string): { at: string; aside: string }[] {
  const strays = JOURNAL_SUFFIXES.map((suffix) => ({ at: `${live}${suffix}`, aside: `${aside}${suffix}` })).filter((stray) => existsSync(stray.at));
  for (const stray of strays) renameSync(stray.at, stray.aside);
  return strays;
}
