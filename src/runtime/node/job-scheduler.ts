import { Cron } from 'croner';
import type { Logger } from '../logger';

export interface ScheduledJob {
  name: string;
  cron: string;
  run(now: number): Promise<unknown>;
}

export interface JobScheduler {
  /** Stops new runs and waits for the ones in flight, so SIGTERM never cuts a job mid-write. */
  stop(): Promise<void>;
}

/** Runs jobs on their cron schedule in-process. A job never overlaps itself: a tick that finds it running is skipped. */
export function startJobScheduler(jobs: ScheduledJob[], log: Logger, clock: () => number = Date.now): JobScheduler {
  const running = new Map<string, Promise<unknown>>();
  const crons = jobs.map(
    (job) =>
      new Cron(job.cron, { protect: true, catch: false }, () => {
        if (running.has(job.name)) {
          log.warn('job still running, tick skipped', { job: job.name });
          return;
        }
        const started = clock();
        const run = job
          .run(started)
          .then((report) => log.info('job finished', { job: job.name, ms: clock() - started, report }))
          .catch((error: unknown) => log.error('job failed', { job: job.name, error: String(error) }))
          .finally(() => running.delete(job.name));
        running.set(job.name, run);
      }),
  );
  return {
    async stop() {
      crons.forEach((c) => c.stop());
      await Promise.all(running.values());
    },
  };
}
