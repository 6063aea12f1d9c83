import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { expect, it } from 'vitest';

function runDemoOnce(env: Record<string, string>, timeout: number, args = ['--once']) {
  return spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'demo/run-demo.ts', ...args], {
    cwd: new URL('../..', import.meta.url).pathname,
    encoding: 'utf8',
    timeout,
    env: { ...process.env, ...env },
  });
}

/** Minutes since midnight of a demo clock time (HH:MM, UTC); the story runs within one day. */
const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

// Issue 6's demo promise: one alert, opened within the first three buckets of the surge (its third
// bucket, 10 to 15 minutes in, completes at 15 minutes), escalated once, resolved after the surge ends.
// The story and the simulated clock are fixed, so the run is the same every time.
it('npm run demo -- --once replays the backlash: one alert, opened within 3 buckets, escalated once, resolved after the surge, and exits 0', () => {
  const result = runDemoOnce({ EARSHOT_LOG_LEVEL: 'error' }, 120_000);
  expect(result.stderr).not.toContain('demo failed');
  expect(result.stdout).toMatch(/alert fired \d+ min after the surge began \(within the surge\)/);
  expect(result.stdout).toMatch(/\n {4}at its peak: \d+ vs [\d.]+ expected in \d\d:\d\d–\d\d:\d\d\n/);
  const [, surgeStart, surgeEnd] = /\n {2}surge: (\d\d:\d\d)–(\d\d:\d\d) UTC\n/.exec(result.stdout) ?? [];
  const alerts = [...result.stdout.matchAll(/^ {2}alert #\d+ (\S+) \[(\w+)\] (\w+): .*; opened (\d\d:\d\d)(?:, resolved (\d\d:\d\d))?$/gm)];
  expect(alerts.map(([, kind, , status]) => `${kind} ${status}`)).toEqual(['backlash resolved']);
  const [, , , , opened, resolved] = alerts[0]!;
  expect(minutesOf(opened!) - minutesOf(surgeStart!)).toBeLessThanOrEqual(15);
  expect(minutesOf(resolved!)).toBeGreaterThanOrEqual(minutesOf(surgeEnd!));
  expect(result.stdout).toContain('webhook receiver got 3 event(s): alert.opened, alert.escalated, alert.resolved\n');
  expect(result.status).toBe(0);
}, 150_000);

it('refuses a demo day that is not a date, saying what it wants', () => {
  const result = runDemoOnce({ EARSHOT_DEMO_DAY: '2026-13-45' }, 60_000);
  expect(result.status).not.toBe(0);
  expect(result.stderr).toContain('EARSHOT_DEMO_DAY: want a date like 2026-11-02, got "2026-13-45"');
}, 90_000);

it('says when the port to browse on is taken, and exits instead of hanging on its feed server', async () => {
  const taken = createServer().listen(0, '127.0.0.1');
  await once(taken, 'listening');
  const { port } = taken.address() as { port: number };
  try {
    const result = runDemoOnce({ EARSHOT_LOG_LEVEL: 'error', EARSHOT_PORT: String(port) }, 120_000, []);
    expect(result.signal, 'still running after the report').toBeNull();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`demo failed: cannot listen on 127.0.0.1:${port}: the port is already in use`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  } finally {
    taken.close();
  }
}, 150_000);
