import { sql } from 'kysely';
import { afterAll, beforeAll } from 'vitest';
import { openD1 } from '../../src/runtime/worker/open-d1';
import type { Db } from '../../src/storage/database';
import { migrateToLatest } from '../../src/storage/migrate';
import { describeStorageContract } from '../storage/storage-contract';
import { startD1Platform, type D1Platform } from './d1-platform';

let platform: D1Platform;
let migrated: Db | undefined;
let blankCount = 0;

beforeAll(async () => {
  platform = await startD1Platform(['DB', 'BLANK0', 'BLANK1']);
});
afterAll(() => platform?.dispose());

/** D1 databases cannot be made per test cheaply: the migrated one is emptied table by table instead. */
async function emptyAllTables(db: Db): Promise<void> {
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'
    and name not like 'sqlite_%' and name not like '_cf_%' and name not in ('schema_migrations', 'd1_migrations')`.execute(db);
  for (const { name } of tables.rows) await sql`delete from ${sql.table(name)}`.execute(db);
}

describeStorageContract('Cloudflare D1 (workerd)', {
  openBlank: async () => {
    const binding = platform.databases[`BLANK${blankCount}`];
    blankCount += 1;
    if (!binding) throw new Error('no blank D1 database left: add a binding in beforeAll');
    return openD1(binding);
  },
  openEmpty: async () => {
    if (!migrated) {
      migrated = openD1(platform.databases.DB!);
      await migrateToLatest(migrated, 0);
    }
    await emptyAllTables(migrated);
    return migrated;
  },
});
