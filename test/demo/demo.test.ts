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

it('npm run demo -- --once replays the backlash, fires one alert within the surge and exits 0', () => {
  const result = runDemoOnce({ EARSHOT_LOG_LEVEL: 'error' }, 120_000);
  expect(result.stderr).not.toContain('demo failed');
  expect(result.stdout).toMatch(/alert fired \d+ min after the surge began \(within the surge\)/);
  expect(result.stdout).toMatch(/\n {4}at its peak: \d+ vs [\d.]+ expected in \d\d:\d\d–\d\d:\d\d\n/);
  expect(result.stdout).toContain('webhook receiver got');
  expect(result.stdout).toContain('alert.opened');
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
