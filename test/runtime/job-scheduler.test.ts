import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../src/runtime/logger';
import { startJobScheduler } from '../../src/runtime/node/job-scheduler';

function recordingLogger() {
  const lines: Array<{ level: string; message: string }> = [];
  const log = (level: string) => (message: string) => void lines.push({ level, message });
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  return { logger, lines };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('job scheduler', () => {
  it('never overlaps a job with itself, and stop waits for the run in flight', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 30, 12, 0, 30) });
    const { logger, lines } = recordingLogger();
    let finish: () => void = () => {};
    let runs = 0;
    const scheduler = startJobScheduler(
      [{ name: 'tick', cron: '* * * * *', run: () => ((runs += 1), new Promise<void>((resolve) => (finish = resolve))) }],
      logger,
    );
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(runs).toBe(1);
    expect(lines.filter((l) => l.message === 'job still running, tick skipped').length).toBeGreaterThanOrEqual(2);
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(1);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(stopped).toBe(true);
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(runs).toBe(1);
  });

  it('logs a failing job and keeps the schedule', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 30, 12, 0, 30) });
    const { logger, lines } = recordingLogger();
    let runs = 0;
    const scheduler = startJobScheduler([{ name: 'tick', cron: '* * * * *', run: async () => void (runs += 1, (() => { throw new Error('boom'); })()) }], logger);
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(runs).toBe(2);
    expect(lines.filter((l) => l.level === 'error' && l.message === 'job failed')).toHaveLength(2);
    await scheduler.stop();
  });
});
