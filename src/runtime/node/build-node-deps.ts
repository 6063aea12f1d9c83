import { sourceCredentials, type Config } from '../../config/config-schema';
import type { Deps } from '../deps';
import { createJsonLogger, type Logger } from '../logger';
import { applySeed } from '../apply-seed';
import { retryBlockedSources } from '../retry-blocked-sources';
import { limitPerHost, requestsPerHost } from '../../http/limit-per-host';
import { migrateNodeDatabase } from './migrate-node-database';
import { createNodeSafeFetch } from './node-safe-fetch';
import { openSqlite } from './open-sqlite';
import type { SafeFetch } from '../../http/safe-fetch';

export interface NodeRuntime {
  deps: Deps;
  close(): Promise<void>;
}

/** Opens the database (migrated, its counts recounted, seeded) and builds the dependencies every job and route receives. */
export async function buildNodeDeps(
  config: Config,
  now: number,
  overrides: { fetch?: SafeFetch; log?: Logger } = {},
): Promise<NodeRuntime> {
  const log = overrides.log ?? createJsonLogger((line) => process.stderr.write(line + '\n'), config.EARSHOT_LOG_LEVEL);
  for (const { name, setting } of config.misspeltVariables ?? []) {
    log.warn(`${name} is not a setting and is ignored: did you mean ${setting}?`, { variable: name });
  }
  const { db } = openSqlite(config.EARSHOT_DB);
  // A database this version refuses (a newer Earshot's) is closed again: the caller reports why.
  const migrated = await migrateNodeDatabase(db, now).catch(async (error: unknown) => {
    await db.destroy();
    throw error;
  });
  if (migrated.applied.length > 0) log.info('database migrated', { applied: migrated.applied });
  if (migrated.recountedTopicIds.length > 0) log.info('story counts recounted', { topicIds: migrated.recountedTopicIds });
  const seeded = await applySeed(db, config.seed, now);
  if (config.EARSHOT_CONFIG) log.info('config file applied', { ...seeded });
  // Politeness: crawls run several sources at once, but never more than two requests to one host.
  const fetch = overrides.fetch ?? limitPerHost(createNodeSafeFetch({ allowPrivate: config.EARSHOT_ALLOW_PRIVATE_URLS }), { maxConcurrent: requestsPerHost });
  const deps: Deps = {
    db,
    fetch,
    log,
    settings: { publicUrl: config.EARSHOT_PUBLIC_URL ?? null, credentials: sourceCredentials(config) },
  };
  const retried = await retryBlockedSources(db, deps.settings.credentials, now);
  if (retried.length > 0) log.info('blocked sources due again after a restart', { sourceIds: retried });
  return { deps, close: () => db.destroy() };
}
