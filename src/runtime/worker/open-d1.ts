import { Kysely } from 'kysely';
import type { Database, Db } from '../../storage/database';
import type { D1Database } from './d1-database';
import { D1Dialect, type QueryMeter } from './d1-dialect';

export { QueryBudgetError, type QueryMeter } from './d1-dialect';

/** The Worker's Db: Kysely over the D1 binding, every statement checked against D1's parameter limit and counted. */
export function openD1(binding: D1Database, meter: QueryMeter = { statements: 0 }): Db {
  return new Kysely<Database>({ dialect: new D1Dialect({ database: binding, meter }) });
}
