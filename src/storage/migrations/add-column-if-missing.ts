import { sql, type Kysely } from 'kysely';

/**
 * SQLite has no "add column if not exists": a column that is there already (a second runtime, or a
 * second Workers isolate, migrated first) is skipped, so two processes racing to migrate both succeed.
 */
export async function addColumnIfMissing(db: Kysely<unknown>, table: string, column: string, type: string): Promise<void> {
  try {
    await sql.raw(`alter table ${table} add column ${column} ${type}`).execute(db);
  } catch (error) {
    if (!(error instanceof Error && /duplicate column name/i.test(error.message))) throw error;
  }
}
