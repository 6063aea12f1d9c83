import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { assertWithinParameterLimit } from '../../storage/bound-parameter-limit';

/** The narrow slice of better-sqlite3 Kysely needs, checking D1's parameter limit on every statement. */
export function limitBoundParameters(raw: BetterSqlite3.Database): SqliteDatabase {
  return {
    close: () => raw.close(),
    prepare(sql: string): SqliteStatement {
      const statement = raw.prepare(sql);
      const check = (parameters: ReadonlyArray<unknown>) => assertWithinParameterLimit(sql, parameters.length);
      return {
        reader: statement.reader,
        all(parameters) {
          check(parameters);
          return statement.all(parameters) as unknown[];
        },
        run(parameters) {
          check(parameters);
          const r = statement.run(parameters);
          return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
        },
        iterate(parameters) {
          check(parameters);
          return statement.iterate(parameters) as IterableIterator<unknown>;
        },
      };
    },
  };
}
