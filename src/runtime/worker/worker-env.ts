import type { D1Database } from './d1-database';

/**
 * What Cloudflare passes a Worker as `env`: the D1 binding named in wrangler.toml, then `[vars]` and
 * secrets (`wrangler secret put EARSHOT_API_KEY`). A `[vars]` value written as a TOML table or array
 * arrives as an object, hence `unknown`.
 */
export interface WorkerEnv {
  DB: D1Database;
  [name: string]: unknown;
}
