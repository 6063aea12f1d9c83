/**
 * The deploy bundle, built offline as CI would before `wrangler deploy`: `wrangler deploy --dry-run`
 * must succeed, and its size is printed and held under the Free plan's 3 MiB compressed limit
 * (https://developers.cloudflare.com/workers/platform/limits/#worker-size). The figure is quoted in
 * the README (Earshot on Cloudflare Workers).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let outdir = '';

afterAll(async () => {
  if (outdir) await rm(outdir, { recursive: true, force: true });
});

it('bundles the Worker with wrangler deploy --dry-run, well under the size limit', async () => {
  outdir = await mkdtemp(path.join(tmpdir(), 'earshot-bundle-'));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [path.join(root, 'node_modules/wrangler/bin/wrangler.js'), 'deploy', '--dry-run', '--outdir', outdir],
    { cwd: root, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' }, timeout: 120_000 },
  );
  expect(stdout).toMatch(/--dry-run: exiting now/);
  const files = (await readdir(outdir)).filter((file) => file.endsWith('.js'));
  expect(files).toContain('worker.js');
  const code = Buffer.concat(await Promise.all(files.map((file) => readFile(path.join(outdir, file)))));
  const gzipKiB = gzipSync(code, { level: 9 }).length / 1024;
  const wranglerLine = /Total Upload: .*/.exec(stdout)?.[0] ?? '';
  console.log(`Worker bundle: ${(code.length / 1024).toFixed(0)} KiB, ${gzipKiB.toFixed(0)} KiB gzipped (wrangler: ${wranglerLine})`);
  expect(gzipKiB).toBeLessThan(3 * 1024);
}, 120_000);
