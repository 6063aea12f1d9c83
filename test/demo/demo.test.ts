import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';

it('npm run demo -- --once replays the backlash, fires one alert within the surge and exits 0', () => {
  const result = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'demo/run-demo.ts', '--once'], {
    cwd: new URL('../..', import.meta.url).pathname,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, EARSHOT_LOG_LEVEL: 'error' },
  });
  expect(result.stderr).not.toContain('demo failed');
  expect(result.stdout).toMatch(/alert fired \d+ min after the surge began \(within the surge\)/);
  expect(result.stdout).toContain('webhook receiver got');
  expect(result.stdout).toContain('alert.opened');
  expect(result.status).toBe(0);
}, 150_000);

it('refuses a demo day that is not a date, saying what it wants', () => {
  const result = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'demo/run-demo.ts', '--once'], {
    cwd: new URL('../..', import.meta.url).pathname,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, EARSHOT_DEMO_DAY: '2026-13-45' },
  });
  expect(result.status).not.toBe(0);
  expect(result.stderr).toContain('EARSHOT_DEMO_DAY: want a date like 2026-11-02, got "2026-13-45"');
}, 90_000);
