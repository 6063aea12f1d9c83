import { serve, type ServerType } from '@hono/node-server';
import { runDeliver } from '../../../jobs/deliver';
import { runDueJobs } from '../../../jobs/run-due-jobs';
import { schedule } from '../../../jobs/schedule';
import { createApp } from '../../api/create-app';
import { hashApiKey } from '../../api/require-api-key';
import type { Config } from '../../config/config-schema';
import { ensureApiKey } from '../../storage/api-key-store';
import { nextPendingDeliveryAt } from '../../storage/delivery-store';
import { buildNodeDeps, type NodeRuntime } from './build-node-deps';
import { startDeliveryFollowUp } from './delivery-follow-up';
import { runDailyBackup } from './daily-backup';
import { startJobScheduler, type JobScheduler, type ScheduledJob } from './job-scheduler';
import { isDatabaseFile } from './is-database-file';
import type { Logger } from '../logger';

/** Hourly at 17 past (off the hour, when crawls are busiest): the day's copy is made by the first run of the day. */
const BACKUP_CRON = '17 * * * *';

/**
 * The daily backup job when EARSHOT_BACKUP_DIR is set. Node only (Workers have D1's Time Travel), so
 * not in jobs/schedule.ts, which wrangler.toml mirrors.
 */
export function backupJobs(config: Pick<Config, 'EARSHOT_DB' | 'EARSHOT_BACKUP_DIR' | 'EARSHOT_BACKUP_KEEP'>, log: Logger): ScheduledJob[] {
  const dir = config.EARSHOT_BACKUP_DIR;
  // An in-memory database (tests, a throwaway run) has no file to copy.
  if (!dir || !isDatabaseFile(config.EARSHOT_DB)) return [];
  const run = async (now: number) => {
    const report = await runDailyBackup({ from: config.EARSHOT_DB, dir, keep: config.EARSHOT_BACKUP_KEEP, now });
    if (report.futureDated.length > 0) {
      log.warn('backups named after today are kept and not counted: the clock was wrong when they were made, or is now', { dir, futureDated: report.futureDated });
    }
    return report;
  };
  return [{ name: 'backup', cron: BACKUP_CRON, run }];
}

/** The server could not listen: a port already taken (a second `npm start`) or a host not on this machine. */
export class ListenError extends Error {
  override name = 'ListenError';
}

function listen(fetch: (request: Request) => Response | Promise<Response>, hostname: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const s = serve({ fetch, hostname, port }, () => {
      s.off('error', onError);
      resolve(s);
    });
    // Without a listener, a refused listen is an unhandled 'error' event: a stack trace instead of the setting to change.
    const onError = (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'the port is already in use (another Earshot, or another program): stop it or set EARSHOT_PORT'
        : error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' ? 'the address is not one of this machine\'s: set EARSHOT_HOST'
          : error.code === 'EACCES' ? 'permission denied (ports below 1024 need privileges): set EARSHOT_PORT'
            : error.message;
      reject(new ListenError(`cannot listen on ${urlHost(hostname)}:${port}: ${why}`));
    };
    s.once('error', onError);
  });
}

/** EARSHOT_HOST may be an IPv6 address as a URL writes it ([::1], a loopback the config accepts); listen takes it bare. */
function bindAddress(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1');
}

/** The host as a URL writes it: an IPv6 address in brackets. */
function urlHost(host: string): string {
  const bare = bindAddress(host);
  return bare.includes(':') ? `[${bare}]` : bare;
}

export interface RunningServer {
  runtime: NodeRuntime;
  port: number;
  stop(): Promise<void>;
}

/** `npm start`: migrate, seed, serve the API and dashboard, run the jobs on their schedule. */
export async function startNodeServer(config: Config, options: { runJobs?: boolean } = {}): Promise<RunningServer> {
  const runtime = await buildNodeDeps(config, Date.now());
  const { deps } = runtime;
  if (config.EARSHOT_API_KEY) {
    await ensureApiKey(deps.db, 'env', await hashApiKey(config.EARSHOT_API_KEY), Date.now());
  } else {
    deps.log.warn('EARSHOT_API_KEY is not set: the API is open to anyone who can reach this loopback address', {
      host: config.EARSHOT_HOST,
    });
  }
  const app = createApp(deps, {
    now: Date.now,
    auth: { required: Boolean(config.EARSHOT_API_KEY) },
    allowPrivateUrls: config.EARSHOT_ALLOW_PRIVATE_URLS,
  });
  let server: ServerType;
  try {
    server = await listen(app.fetch, bindAddress(config.EARSHOT_HOST), config.EARSHOT_PORT);
  } catch (error) {
    await runtime.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.EARSHOT_PORT;
  deps.log.info('earshot listening', { url: `http://${urlHost(config.EARSHOT_HOST)}:${port}/` });
  const followUp = startDeliveryFollowUp({
    nextDueAt: () => nextPendingDeliveryAt(deps.db),
    deliver: (now) => runDeliver(deps, now),
    clock: Date.now,
    horizonMs: 60_000,
    onError: (error) => deps.log.error('delivery follow-up failed', { error: String(error) }),
  });
  const tick = async (now: number) => {
    const report = await runDueJobs(deps, now);
    await followUp.poke();
    return report;
  };
  const jobs = [{ name: 'tick', cron: schedule.tick, run: tick }, ...backupJobs(config, deps.log)];
  const scheduler: JobScheduler | null = options.runJobs === false ? null : startJobScheduler(jobs, deps.log);
  return {
    runtime,
    port,
    async stop() {
      await scheduler?.stop();
      await followUp.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
    },
  };
}
