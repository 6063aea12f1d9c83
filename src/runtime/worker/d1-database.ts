/**
 * The slice of Cloudflare's D1 binding that Earshot uses, declared structurally (as Kysely declares
 * `SqliteDatabase`) so that src/ needs no Workers global types and tests can hand in the binding that
 * wrangler's platform proxy exposes to Node.
 */
export interface D1Result {
  results?: unknown[];
  success: boolean;
  meta: { changes: number; last_row_id: number; duration?: number; [key: string]: unknown };
  error?: string;
}

export interface D1PreparedStatement {
  bind(...values: unknown[]): D1PreparedStatement;
  all(): Promise<D1Result>;
}

export interface D1Database {
  prepare(sql: string): D1PreparedStatement;
}
