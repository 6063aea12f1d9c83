// How many rows each statement on a connection changed, as its driver reports them (better-sqlite3's and
// D1's `changes`): for the tests that show a job's work is done in bounded steps, whatever the data size.
import type { KyselyPlugin } from 'kysely';
import type { Db } from '../../src/storage/database';

/** `db` that records, for every statement that changed rows, how many; `changed()` lists them in order. */
export function recordingChangedRows(db: Db): { db: Db; changed: () => number[] } {
  const changed: number[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: (args) => args.node,
    async transformResult(args) {
      const rows = args.result.numAffectedRows;
      if (rows !== undefined) changed.push(Number(rows));
      return args.result;
    },
  };
  return { db: db.withPlugin(plugin), changed: () => [...changed] };
}
