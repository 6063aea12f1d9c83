/**
 * A real local D1 in workerd, reached from Node through wrangler's platform proxy (miniflare on
 * 127.0.0.1), so test code in Node drives the same kysely-d1 dialect the Worker uses against the
 * same D1 implementation `wrangler dev` runs. Each proxy keeps its data in its own temp folder.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getPlatformProxy } from 'wrangler';
import type { D1Database } from '../../src/runtime/worker/d1-database';

export interface D1Platform {
  databases: Record<string, D1Database>;
  dispose(): Promise<void>;
}

export async function startD1Platform(bindings: string[]): Promise<D1Platform> {
  // No usage telemetry from test runs (wrangler reads this in-process too).
  process.env.WRANGLER_SEND_METRICS = 'false';
  const dir = await mkdtemp(path.join(tmpdir(), 'earshot-d1-'));
  const config = [
    'name = "earshot-d1-test"',
    'compatibility_date = "2026-04-20"',
    ...bindings.flatMap((binding, i) => [
      '[[d1_databases]]',
      `binding = "${binding}"`,
      `database_name = "${binding.toLowerCase()}"`,
      `database_id = "00000000-0000-0000-0000-00000000000${i}"`,
    ]),
  ].join('\n');
  await writeFile(path.join(dir, 'wrangler.toml'), config);
  const proxy = await getPlatformProxy<Record<string, D1Database>>({
    configPath: path.join(dir, 'wrangler.toml'),
    persist: { path: path.join(dir, 'state') },
    remoteBindings: false,
    envFiles: [],
  });
  return {
    databases: proxy.env,
    async dispose() {
      await proxy.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
