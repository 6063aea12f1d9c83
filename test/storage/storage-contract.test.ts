import { openSqlite } from '../../src/runtime/node/open-sqlite';
import { migrateToLatest } from '../../src/storage/migrate';
import { describeStorageContract } from './storage-contract';

// The same suite runs on D1 in workerd: test/worker/storage-contract.d1.test.ts.
describeStorageContract('better-sqlite3', {
  openBlank: async () => openSqlite(':memory:').db,
  openEmpty: async () => {
    const { db } = openSqlite(':memory:');
    await migrateToLatest(db, 0);
    return db;
  },
});
