import { hashApiKey } from '../../api/require-api-key';
import { sourceCredentials, type Config } from '../../config/config-schema';
import { ensureApiKey } from '../../storage/api-key-store';
import type { Db } from '../../storage/database';
import { migrateToLatest } from '../../storage/migrate';
import { applySeed } from '../apply-seed';
import { retryBlockedSources } from '../retry-blocked-sources';
import { recordWranglerMigrations } from './d1-migration-files';
import type { Logger } from '../logger';

let prepared: Promise<void> | null = null;

/**
 * Migrates, seeds and stores the API key's hash once per isolate, on its first request or cron run.
 * Every step is idempotent (see migrateToLatest), so isolates racing each other on a fresh database
 * all succeed; a failure is not remembered, the next invocation tries again.
 */
export function prepareDatabaseOnce(db: Db, config: Config, now: number, log: Logger): Promise<void> {
  prepared ??= prepareDatabase(db, config, now, log).catch((error: unknown) => {
    prepared = null;
    throw error;
  });
  return prepared;
}

async function prepareDatabase(db: Db, config: Config, now: number, log: Logger): Promise<void> {
  const migrated = await migrateToLatest(db, now);
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
