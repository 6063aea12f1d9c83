/**
 * wrangler.toml against the code it deploys: the cron triggers are jobs/schedule.ts, the migrations/
 * SQL is what `npm run d1:migrations` makes of src/storage/migrations today, and that SQL and the
 * Worker's own migration can follow each other in either order on a real local D1 (wrangler's CLI
 * and its platform proxy, both on 127.0.0.1).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { getPlatformProxy, unstable_readConfig } from 'wrangler';
import { schedule } from '../../jobs/schedule';
import { findStaleFiles, renderD1Migrations } from '../../scripts/export-d1-migrations';
import type { D1Database } from '../../src/runtime/worker/d1-database';
import { d1MigrationFileName, recordWranglerMigrations } from '../../src/runtime/worker/d1-migration-files';
import { openD1 } from '../../src/runtime/worker/open-d1';
import type { Db } from '../../src/storage/database';
import { recountPendingBuckets } from '../../src/storage/bucket-recount';
import { migrateToLatest, migrations } from '../../src/storage/migrate';
import { readBucketCounts, seedStoryCountDamage } from '../support/story-count-damage';
import { createTestDb } from '../support/test-db';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const configPath = path.join(root, 'wrangler.toml');
const wranglerEnv = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' };
const temps: string[] = [];

afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

async function tempState(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'earshot-d1-state-'));
  temps.push(dir);
  return dir;
}

/** Tables and indexes with their DDL, leaving out SQLite's, D1's and wrangler's own. */
async function readSchema(db: Db): Promise<Array<{ type: string; name: string; sql: string | null }>> {
  const rows = await sql<{ type: string; name: string; sql: string | null }>`select type, name, sql from sqlite_master
    where name not like 'sqlite_%' and name not like '_cf_%' and name != 'd1_migrations' order by name`.execute(db);
  return rows.rows;
}

/** `wrangler d1 migrations apply` on a local D1 kept in `state`, as an operator would run it (without --local it would go remote). */
async function applyWithWrangler(state: string): Promise<string> {
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    [path.join(root, 'node_modules/wrangler/bin/wrangler.js'), 'd1', 'migrations', 'apply', 'earshot', '--local', '--persist-to', state],
    // Generous: wrangler's start-up alone took 63 s once on a loaded two-core machine; a hang still ends.
    { cwd: root, env: wranglerEnv, timeout: 150_000 },
  );
  return stdout + stderr;
}

/** The same local D1 through the platform proxy (wrangler's --persist-to X keeps its data under X/v3). */
async function withLocalD1<T>(state: string, use: (db: D1Database) => Promise<T>): Promise<T> {
  const proxy = await getPlatformProxy<{ DB: D1Database }>({ configPath, persist: { path: path.join(state, 'v3') }, remoteBindings: false, envFiles: [] });
  try {
    return await use(proxy.env.DB);
  } finally {
    await proxy.dispose();
  }
}

describe('wrangler.toml', () => {
  const config = unstable_readConfig({ config: configPath });

  it('triggers exactly the crons of jobs/schedule.ts', () => {
    // Distinct expressions: jobs sharing one share its trigger (src/runtime/worker/worker.ts runs them all).
    expect([...(config.triggers.crons ?? [])].sort()).toEqual([...new Set(Object.values(schedule))].sort());
  });

  it('deploys the Worker entry with a D1 binding named DB, nodejs_compat and the exported migrations', () => {
    expect(path.relative(root, config.main ?? '')).toBe('src/runtime/worker/worker.ts');
    expect(config.compatibility_flags).toContain('nodejs_compat');
    expect(config.d1_databases).toEqual([expect.objectContaining({ binding: 'DB', database_name: 'earshot', migrations_dir: 'migrations' })]);
  });

  it('ships migrations/ as npm run d1:migrations writes it from the code migrations today', async () => {
    expect(findStaleFiles(await renderD1Migrations()), 'run npm run d1:migrations').toEqual([]);
  });
});

// Each case opens wrangler's platform proxy on a fresh state; miniflare's SynchronousFetcher has been seen to
// lose a reply on a quiet machine (an assertion inside fetch-sync.ts), as in the d1 project, whose retry this
// shares. A retry starts over on a new state, so it cannot pass on what the failed attempt left.
describe('migrations on a local D1', { retry: 1 }, () => {
  it('applied by wrangler first, are not run again by the Worker', async () => {
    const state = await tempState();
    const log = await applyWithWrangler(state);
    for (const [name] of migrations) expect(log).toContain(d1MigrationFileName(name));
    const { applied, schema } = await withLocalD1(state, async (binding) => {
      const db = openD1(binding);
      return { applied: (await migrateToLatest(db, 1)).applied, schema: await readSchema(db) };
    });
    expect(applied).toEqual([]);
    const node = await createTestDb();
    expect(schema).toEqual(await readSchema(node));
    await node.destroy();
  }, 240_000);

  it('applied by the Worker first, leave nothing for wrangler to apply', async () => {
    const state = await tempState();
    await withLocalD1(state, async (binding) => {
      const db = openD1(binding);
      await migrateToLatest(db, 1);
      await recordWranglerMigrations(db);
    });
    expect(await applyWithWrangler(state)).toMatch(/No migrations to apply/);
  }, 240_000);

  // The counts the races fixed on 2 Dec 2026 left wrong (test/storage/story-count-repair-migration.test.ts on
  // better-sqlite3), repaired by 0014's SQL as an operator's upgrade runs it, then by the Worker's next recount.
  it('applied by wrangler after the races of 2 Dec 2026, have the next recount count each story once (0014)', async () => {
    const repair = '0014-repair-story-counts';
    const state = await tempState();
    await applyWithWrangler(state);
    const { acme, bolt } = await withLocalD1(state, async (binding) => {
      const db = openD1(binding);
      const seeded = await seedStoryCountDamage(db);
      // A D1 of the version before: 0014 adds no schema, so taking its records away is all that differs.
      await sql`delete from d1_migrations where name = ${d1MigrationFileName(repair)}`.execute(db);
      await sql`delete from schema_migrations where name = ${repair}`.execute(db);
      return seeded;
    });
    expect(await applyWithWrangler(state)).toContain(d1MigrationFileName(repair));
    const { applied, counts } = await withLocalD1(state, async (binding) => {
      const db = openD1(binding);
      const result = await migrateToLatest(db, 2);
      await recountPendingBuckets(db);
      return { applied: result.applied, counts: await readBucketCounts(db) };
    });
    expect(applied).toEqual([]);
    expect(counts).toEqual([
      { topic_id: acme, bucket: 0, count: 1, negative: 1 },
      { topic_id: acme, bucket: 1, count: 1, negative: 0 },
      { topic_id: acme, bucket: 2, count: 2, negative: 0 },
      { topic_id: bolt, bucket: 1, count: 1, negative: 1 },
    ]);
  }, 240_000);
});
