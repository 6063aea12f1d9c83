import { Kysely } from 'kysely';
import { D1Dialect } from 'kysely-d1';
import { assertWithinParameterLimit } from '../../storage/bound-parameter-limit';
import type { Database, Db } from '../../storage/database';
import type { D1Database, D1PreparedStatement } from './d1-database';

/** D1 statements sent through one Db; a scheduled run stops starting new work before Cloudflare's per-invocation cap. */
export interface QueryMeter {
  statements: number;
}

/**
 * Kysely over a D1 binding (kysely-d1), with the 100-parameter check of the Node runtime on every
 * statement, so a write path too wide for D1 fails with the same error on both runtimes. kysely-d1
 * refuses transactions, which is what we want: D1 has no interactive ones and no code here uses them.
 */
export function openD1(binding: D1Database, meter: QueryMeter = { statements: 0 }): Db {
  return new Kysely<Database>({ dialect: new D1Dialect({ database: limitBoundParameters(binding, meter) as never }) });
}

/** kysely-d1 always runs `prepare(sql).bind(...parameters).all()`: checking and counting at bind sees every statement. */
function limitBoundParameters(binding: D1Database, meter: QueryMeter): D1Database {
  return {
    prepare(sql: string): D1PreparedStatement {
      const statement = binding.prepare(sql);
      return {
        bind(...values: unknown[]) {
          assertWithinParameterLimit(sql, values.length);
          meter.statements += 1;
          return statement.bind(...values);
        },
        all() {
          meter.statements += 1;
          return statement.all();
        },
      };
    },
  };
}
