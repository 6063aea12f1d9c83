import type { Hono } from 'hono';
import { schedule, type JobName } from '../../../jobs/schedule';
import { createApp } from '../../api/create-app';
import { ConfigError } from '../../config/config-error';
import type { Deps } from '../deps';
import { createJsonLogger } from '../logger';
import { buildWorkerDeps } from './build-worker-deps';
import { loadWorkerConfig } from './load-worker-config';
import { prepareDatabaseOnce } from './prepare-database';
import { runWorkerTick, type Meters } from './run-worker-tick';
import { paidPlanBudget } from './worker-budget';
import type { WorkerEnv } from './worker-env';

/** The parts of Cloudflare's ScheduledController and ExecutionContext used here. */
interface ScheduledEvent {
  cron: string;
  scheduledTime: number;
}
interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

/** Each cron expression in wrangler.toml runs the job of the same name in jobs/schedule.ts; a new job without a runner fails the typecheck. */
const workerJobs: Record<JobName, (deps: Deps, now: number, meters: Meters) => Promise<unknown>> = {
  tick: (deps, now, meters) => runWorkerTick(deps, now, paidPlanBudget, meters),
};

/** Apps per isolate: env is the same object for every invocation of an isolate, so routes are built once. */
const apps = new WeakMap<object, Hono>();

/** A Worker's vars are fixed per deployment: a config problem is a deploy mistake, answered with the problems (never values). */
export function misconfigured(problems: readonly string[]): Response {
  return Response.json({ error: { code: 'misconfigured', message: 'the Worker configuration is invalid', details: problems } }, { status: 500 });
}

async function handleFetch(request: Request, env: WorkerEnv): Promise<Response> {
  const loaded = loadWorkerConfig(env);
  if (!loaded.ok) return misconfigured(loaded.problems);
  const { config } = loaded;
  let app = apps.get(env);
  if (!app) {
    const deps = buildWorkerDeps(env, config);
    try {
      await prepareDatabaseOnce(deps.db, config, Date.now(), deps.log);
    } catch (error) {
      // The seed can only be checked against the database (topic names a webhook refers to).
      if (error instanceof ConfigError) return misconfigured(error.problems);
      throw error;
    }
    app = createApp(deps, { now: Date.now, auth: { required: Boolean(config.EARSHOT_API_KEY) }, allowPrivateUrls: config.EARSHOT_ALLOW_PRIVATE_URLS });
    apps.set(env, app);
  }
  return app.fetch(request);
}

async function handleScheduled(event: ScheduledEvent, env: WorkerEnv): Promise<void> {
  const loaded = loadWorkerConfig(env);
  if (!loaded.ok) {
    createJsonLogger((line) => console.error(line)).error('invalid configuration, cron run skipped', { problems: loaded.problems });
    return;
  }
  // Fresh meters per invocation: Cloudflare's limits are per invocation, not per isolate.
  const meters: Meters = { queries: { statements: 0 }, subrequests: { count: 0 } };
  const deps = buildWorkerDeps(env, loaded.config, meters);
  // Jobs sharing an expression share its trigger (Cloudflare keeps one per distinct cron), and run in schedule order.
  const jobs = (Object.keys(schedule) as JobName[]).filter((name) => schedule[name] === event.cron);
  if (jobs.length === 0) {
    deps.log.error('no job for this cron trigger', { cron: event.cron });
    return;
  }
  const now = Date.now();
  for (const job of jobs) {
    try {
      await prepareDatabaseOnce(deps.db, loaded.config, now, deps.log);
      const report = await workerJobs[job](deps, now, meters);
      deps.log.info('job finished', { job, ms: Date.now() - now, statements: meters.queries.statements, subrequests: meters.subrequests.count, report });
    } catch (error) {
      // Logged, not rethrown: a cron retry would not help, the next tick repeats the work (every step is safe to repeat).
      deps.log.error('job failed', { job, statements: meters.queries.statements, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    }
  }
}

export default {
  fetch: (request: Request, env: WorkerEnv) => handleFetch(request, env),
  scheduled: (event: ScheduledEvent, env: WorkerEnv, ctx: ExecutionContext) => {
    ctx.waitUntil(handleScheduled(event, env));
  },
};
