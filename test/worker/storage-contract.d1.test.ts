import { sql } from 'kysely';
import { afterAll, beforeAll } from 'vitest';
import { openD1 } from '../../src/runtime/worker/open-d1';
import type { Db } from '../../src/storage/database';
import { migrateToLatest } from '../../src/storage/migrate';
import { describeStorageContract } from '../storage/storage-contract';
import { startD1Platform, type D1Platform } from './d1-platform';

let platform: D1Platform | undefined;
let migrated: Db | undefined;
let blankCount = 0;

async function startPlatform(): Promise<D1Platform> {
  await platform?.dispose().catch(() => undefined);
  migrated = undefined;
  blankCount = 0;
  platform = await startD1Platform(['DB', 'BLANK0', 'BLANK1']);
  return platform;
}

/**
 * The platform, started again when its proxy no longer answers. Miniflare's SynchronousFetcher can lose
 * a reply (see vitest.config.ts), and from then on every call through that proxy fails: one lost reply
 * failed the twelve tests after it. The test that met it is retried (the d1 project's `retry`) on a new one.
 */
async function livePlatform(): Promise<D1Platform> {
  if (platform === undefined) return startPlatform();
  try {
    await platform.databases.DB!.prepare('select 1').all();
    return platform;
  } catch {
    return startPlatform();
  }
}

beforeAll(async () => {
  await startPlatform();
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
    const binding = (await livePlatform()).databases[`BLANK${blankCount}`];
    blankCount += 1;
    if (!binding) throw new Error('no blank D1 database left: add a binding in beforeAll');
    return openD1(binding);
  },
  openEmpty: async () => {
    const live = await livePlatform();
    if (!migrated) {
      migrated = openD1(live.databases.DB!);
      await migrateToLatest(migrated, 0);
    }
    await emptyAllTables(migrated);
    return migrated;
  },
});
