import {
  type CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';
import { assertWithinParameterLimit } from '../../storage/bound-parameter-limit';
import type { D1Database } from './d1-database';

/** D1 statements sent through one dialect; a scheduled run stops starting new work before Cloudflare's per-invocation cap. */
export interface QueryMeter {
  statements: number;
  /** Statements refused from here on with QueryBudgetError, before D1's own cap refuses everything, so the run keeps a reserve to record why it stopped. */
  limit?: number;
}

export class QueryBudgetError extends Error {
  override name = 'QueryBudgetError';
}

/**
 * Kysely over a D1 binding. Written here instead of using kysely-d1 0.4.0, which works with kysely
 * 0.28 but still returns the removed `numUpdatedOrDeletedRows` (kysely logs "outdated driver" on every
 * isolate), reports 0 changed rows as undefined, and types its config with the Workers globals. This one
 * also checks D1's 100-parameter limit on every statement, as the Node runtime does, and counts them.
 * D1 has no interactive transactions: asking for one is a bug, and fails loudly.
 */
export class D1Dialect implements Dialect {
  constructor(private readonly config: { database: D1Database; meter?: QueryMeter }) {}
  createAdapter() {
    return new SqliteAdapter();
  }
  createDriver(): Driver {
    return new D1Driver(new D1Connection(this.config.database, this.config.meter ?? { statements: 0 }));
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's Dialect signature.
  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
}

class D1Driver implements Driver {
  constructor(private readonly connection: D1Connection) {}
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.connection;
  }
  async beginTransaction(): Promise<void> {
    throw new Error('D1 has no interactive transactions: write in an order that is safe to repeat');
  }
  async commitTransaction(): Promise<void> {
    throw new Error('D1 has no interactive transactions');
  }
  async rollbackTransaction(): Promise<void> {
    throw new Error('D1 has no interactive transactions');
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

class D1Connection implements DatabaseConnection {
  constructor(
    private readonly database: D1Database,
    private readonly meter: QueryMeter,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    assertWithinParameterLimit(query.sql, query.parameters.length);
    if (this.meter.limit !== undefined && this.meter.statements >= this.meter.limit) {
      throw new QueryBudgetError(`this run has used its ${this.meter.limit} D1 statements`);
    }
    this.meter.statements += 1;
    const result = await this.database.prepare(query.sql).bind(...query.parameters).all();
    if (result.error) throw new Error(result.error);
    const changes = result.meta.changes ?? 0;
    const lastRowId = result.meta.last_row_id;
    return {
      rows: (result.results ?? []) as R[],
      numAffectedRows: BigInt(changes),
      ...(typeof lastRowId === 'number' && changes > 0 ? { insertId: BigInt(lastRowId) } : {}),
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('D1 does not stream results');
  }
}
