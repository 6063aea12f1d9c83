import { hashApiKey } from '../../api/require-api-key';
import { sourceCredentials, type Config } from '../../config/config-schema';
import { ensureApiKey } from '../../storage/api-key-store';
import type { Db } from '../../storage/database';
import { migrateToLatest } from '../../storage/migrate';
import { applySeed } from '../apply-seed';
import { retryBlockedSources } from '../retry-blocked-sources';
import { recordWranglerMigrations } from './d1-migration-files';
import type { Logger } from '../logger';

let prepared = false;

/**
 * Migrates, seeds and stores the API key's hash on an isolate's first request or cron run, and on each
 * invocation that starts before one of them has finished. Invocations do not share one promise: on
 * Workers, an invocation awaiting a promise another one started never resumes when that one ends first
 * or is cancelled (a client that disconnects mid-migration), and every later request and cron run of
 * the isolate would hang on it. Every step is idempotent (see migrateToLatest), so invocations and
 * isolates preparing at once all succeed; a failure is not remembered, the next invocation tries again.
 */
export async function prepareDatabaseOnce(db: Db, config: Config, now: number, log: Logger): Promise<void> {
  if (prepared) return;
  await prepareDatabase(db, config, now, log);
  prepared = true;
}

async function prepareDatabase(db: Db, config: Config, now: number, log: Logger): Promise<void> {
  // allowNewer: during an upgrade the next version's migrations may be applied (wrangler) before its deploy.
  const migrated = await migrateToLatest(db, now, { allowNewer: true });
  if (migrated.newer.length > 0) log.warn('the database has migrations this Worker does not know: deploy the version that made them', { newer: migrated.newer });
  if (migrated.applied.length > 0) {
    await recordWranglerMigrations(db);
    log.info('database migrated', { applied: migrated.applied });
  }
  const seeded = await applySeed(db, config.seed, now);
  if (config.EARSHOT_CONFIG) log.info('config var applied', { ...seeded });
  const retried = await retryBlockedSources(db, sourceCredentials(config), now);
  if (retried.length > 0) log.info('blocked sources due again after a deploy', { sourceIds: retried });
  if (config.EARSHOT_API_KEY) await ensureApiKey(db, 'env', await hashApiKey(config.EARSHOT_API_KEY), now);
  else log.warn('EARSHOT_API_KEY is not set: the API answers only loopback Host names (wrangler dev), so a deployed Worker refuses every API call');
}
