import type { Config } from '../../config/config-schema';
import { sourceCredentials } from '../../config/config-schema';
import type { SafeFetch } from '../../http/safe-fetch';
import type { Deps } from '../deps';
import { createJsonLogger } from '../logger';
import { openD1, type QueryMeter } from './open-d1';
import { createWorkerSafeFetch } from './worker-safe-fetch';
import type { WorkerEnv } from './worker-env';

/** Deps on Cloudflare: D1 for storage, the platform fetch behind the URL guard, JSON logs to the Workers log. */
export function buildWorkerDeps(env: WorkerEnv, config: Config, meters: { queries?: QueryMeter; subrequests?: { count: number } } = {}): Deps {
  const counter = meters.subrequests;
  // Counted per platform fetch, not per SafeFetch call: each redirect hop is a request of its own, and
  // Cloudflare counts every one against the invocation's subrequests.
  const platformFetch: typeof fetch | undefined = counter
    ? (input, init) => {
        counter.count += 1;
        return fetch(input, init);
      }
    : undefined;
  const safeFetch: SafeFetch = createWorkerSafeFetch({ allowPrivate: config.EARSHOT_ALLOW_PRIVATE_URLS, fetch: platformFetch });
  return {
    db: openD1(env.DB, meters.queries),
    fetch: safeFetch,
    log: createJsonLogger((line) => console.log(line), config.EARSHOT_LOG_LEVEL),
    settings: { publicUrl: config.EARSHOT_PUBLIC_URL ?? null, credentials: sourceCredentials(config) },
  };
}
