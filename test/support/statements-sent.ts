// The SQL of every statement a connection sends, as both drivers receive it: for the tests that show which
// tables a job reads (a statement never sent reads no row, on D1's rows-read bill too), and for those that
// write between two of a job's statements, as a concurrent request or crawl could.
import { Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, type DatabaseConnection, type Driver } from 'kysely';
import type { Database, Db } from '../../src/storage/database';

export interface StatementHook {
  /** Run once, after the first statement whose SQL this matches has answered, before the next is sent. */
  after: RegExp;
  run(): Promise<void>;
}

/**
 * `db` seen through a connection that records each statement's SQL in order (`sent()`) and runs `hook`
 * once where it says. Each statement is handed to `db` whole, so the hook runs with `db` free: a plugin's
 * result hook still holds better-sqlite3's one connection, and a write from it would wait forever.
 */
export function recordingStatements(db: Db, hook?: StatementHook): { db: Db; sent: () => string[] } {
  const sent: string[] = [];
  let hooked = false;
  const connection: DatabaseConnection = {
    async executeQuery(query) {
      sent.push(query.sql);
      const result = await db.executeQuery(query);
      if (hook && !hooked && hook.after.test(query.sql)) {
        hooked = true;
        await hook.run();
      }
      return result as never;
    },
    // eslint-disable-next-line require-yield
    async *streamQuery() {
      throw new Error('not supported');
    },
  };
  const driver: Driver = {
    async init() {},
    async acquireConnection() {
      return connection;
    },
    async beginTransaction() {
      throw new Error('not supported: D1 has no transactions, so no job opens one');
    },
    async commitTransaction() {},
    async rollbackTransaction() {},
    async releaseConnection() {},
    async destroy() {},
  };
  const recorded = new Kysely<Database>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => driver,
      createQueryCompiler: () => new SqliteQueryCompiler(),
      createIntrospector: (inner) => new SqliteIntrospector(inner),
    },
  });
  return { db: recorded, sent: () => [...sent] };
}
