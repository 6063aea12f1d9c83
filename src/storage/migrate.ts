import { sql, type Kysely } from 'kysely';
import type { Db } from './database';
import { fillTopicNameKeys } from './fill-topic-name-keys';
import * as m0001 from './migrations/0001-create-tables';
import * as m0002 from './migrations/0002-add-story-dedup';
import * as m0003 from './migrations/0003-add-sentiment-corrections';
import * as m0004 from './migrations/0004-create-topic-detector-settings';
import * as m0005 from './migrations/0005-add-delivery-controls';
import * as m0006 from './migrations/0006-create-crawl-status-changes';
import * as m0007 from './migrations/0007-add-bucket-engagement';
import * as m0008 from './migrations/0008-add-source-purge';
import * as m0009 from './migrations/0009-add-mention-sweeps';
import * as m0010 from './migrations/0010-add-delivery-lease';
import * as m0011 from './migrations/0011-add-topic-name-keys';
import * as m0012 from './migrations/0012-add-topic-deletion';
import * as m0013 from './migrations/0013-add-source-moved-to';
import * as m0014 from './migrations/0014-repair-story-counts';
import * as m0015 from './migrations/0015-add-overrides-rescored-at';

export interface Migration {
  up(db: Kysely<unknown>): Promise<void>;
}

/** In order; names are frozen once shipped. */
export const migrations: ReadonlyArray<readonly [string, Migration]> = [
  ['0001-create-tables', m0001],
  ['0002-add-story-dedup', m0002],
  ['0003-add-sentiment-corrections', m0003],
  ['0004-create-topic-detector-settings', m0004],
  ['0005-add-delivery-controls', m0005],
  ['0006-create-crawl-status-changes', m0006],
  ['0007-add-bucket-engagement', m0007],
  ['0008-add-source-purge', m0008],
  ['0009-add-mention-sweeps', m0009],
  ['0010-add-delivery-lease', m0010],
  ['0011-add-topic-name-keys', m0011],
  ['0012-add-topic-deletion', m0012],
  ['0013-add-source-moved-to', m0013],
  ['0014-repair-story-counts', m0014],
  ['0015-add-overrides-rescored-at', m0015],
];

export interface MigrationResult {
  applied: string[];
  /** Migrations the database has that this version does not know (only with allowNewer: else it refuses). */
  newer: string[];
}

/**
 * The database was migrated by a newer Earshot (a rolled-back upgrade, a backup from another machine).
 * This version does not know what those migrations changed, and writing to the database as if they
 * had not run can break it for the newer version too: nothing is run, the operator upgrades Earshot.
 */
export class NewerDatabaseError extends Error {
  override name = 'NewerDatabaseError';
  constructor(readonly unknown: string[]) {
    super(`the database comes from a newer Earshot (migrations ${unknown.join(', ')} are unknown to this one): upgrade Earshot to use it`);
  }
}

/** The applied migrations this version does not have, in order. */
export function migrationsUnknownHere(applied: Iterable<string>): string[] {
  const known = new Set(migrations.map(([name]) => name));
  return [...applied].filter((name) => !known.has(name)).sort();
}

/**
 * A database with migrations this version does not know is refused (NewerDatabaseError) before anything
 * runs, unless allowNewer: the Worker's, which runs while `wrangler d1 migrations apply` of its next
 * version may already have run (additive migrations, made for that), and would otherwise fail every
 * request until the deploy.
 *
 * Kysely's Migrator wraps runs in a transaction and a lock table, neither of which D1 offers.
 * Each migration here is idempotent (DDL, or a data repair that finds nothing left to change on a
 * second run, as 0007 and 0014 do), and the bookkeeping insert ignores conflicts, so two runtimes
 * racing to migrate both succeed and apply each statement's effect once.
 */
export async function migrateToLatest(db: Db, now: number, options: { allowNewer?: boolean } = {}): Promise<MigrationResult> {
  await sql`create table if not exists schema_migrations (name text primary key, applied_at integer not null)`.execute(db);
  const done = new Set((await db.selectFrom('schema_migrations').select('name').execute()).map((r) => r.name));
  const newer = migrationsUnknownHere(done);
  if (newer.length > 0 && !options.allowNewer) throw new NewerDatabaseError(newer);
  const applied: string[] = [];
  for (const [name, migration] of migrations) {
    if (done.has(name)) continue;
    await migration.up(db as unknown as Kysely<unknown>);
    await db
      .insertInto('schema_migrations')
      .values({ name, applied_at: now })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    applied.push(name);
  }
  // Data SQL cannot derive, filled on every run: migrations applied as SQL by wrangler leave it out.
  await fillTopicNameKeys(db);
  return { applied, newer };
}
