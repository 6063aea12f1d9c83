import { sql } from 'kysely';
import type { Db } from '../../storage/database';
import { migrations } from '../../storage/migrate';

/** wrangler's file name for a code migration: `0005-add-delivery-controls` → `0005_add_delivery_controls.sql`. */
export function d1MigrationFileName(migrationName: string): string {
  return `${migrationName.replaceAll('-', '_')}.sql`;
}

/**
 * After the Worker migrated the database itself, tells `wrangler d1 migrations apply` that those files
 * are applied, so an operator running it later does not re-run `alter table ... add column` (SQLite has
 * no "if not exists" there) and fail. The table is wrangler's own, created as wrangler 4.86 creates it.
 */
export async function recordWranglerMigrations(db: Db): Promise<void> {
  await sql`create table if not exists d1_migrations (
    id integer primary key autoincrement,
    name text unique,
    applied_at timestamp default current_timestamp not null
  )`.execute(db);
  for (const [name] of migrations) {
    await sql`insert or ignore into d1_migrations (name) values (${d1MigrationFileName(name)})`.execute(db);
  }
}
