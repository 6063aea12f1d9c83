import { openSqlite } from '../../src/runtime/node/open-sqlite';
import type { Db } from '../../src/storage/database';
import { migrateToLatest } from '../../src/storage/migrate';

/** A migrated in-memory SQLite database, real as production's. */
export async function createTestDb(path = ':memory:'): Promise<Db> {
  const { db } = openSqlite(path);
  await migrateToLatest(db, 0);
  return db;
}
