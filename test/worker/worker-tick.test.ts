import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildWorkerDeps } from '../../src/runtime/worker/build-worker-deps';
import { openD1 } from '../../src/runtime/worker/open-d1';
import { CLAIM_MS, runWorkerTick, type Meters } from '../../src/runtime/worker/run-worker-tick';
import { loadWorkerConfig, seedVarLabel } from '../../src/runtime/worker/load-worker-config';
import type { WorkerBudget } from '../../src/runtime/worker/worker-budget';
import type { WorkerEnv } from '../../src/runtime/worker/worker-env';
import { SCORER_VERSION } from '../../src/scoring/score-sentiment';
import { listDueSources, createSource } from '../../src/storage/source-store';
import { createTopic } from '../../src/storage/topic-store';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';
import { countPendingLinks, seedPendingBuckets } from '../support/pending-buckets-scenario';
import { snapshotPurgeState } from '../support/purge-scenario';
import { createTestDeps } from '../support/test-deps';

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
let server: FixtureServer;

beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(() => server.close());

const budget = (overrides: Partial<WorkerBudget>): WorkerBudget => ({ crawlStatements: 10_000, crawlStatementCap: 20_000, statementCap: 30_000, detectStatements: 25_000, detectMinimumStatements: 50, deliverMinimumRows: 15, crawlSubrequests: 10_000, sources: 50, deliveries: 10, rescores: 25, rescoreStatements: 80, recountStatements: 151, purgeStatements: 100, ...overrides });

async function setup(feeds: number) {
  const deps = await createTestDeps();
  await createTopic(deps.db, { name: 'Acme', query: 'acme' }, NOW);
  for (let i = 0; i < feeds; i += 1) await createSource(deps.db, { kind: 'rss', url: server.url(`/rss/basic?copy=${i}`) }, NOW);
  const meters: Meters = { queries: { statements: 0 }, subrequests: { count: 0 } };
  // A request per SafeFetch call: these feeds do not redirect, so as many as the Worker's deps count (one per hop).
  const inner = deps.fetch;
  deps.fetch = (request) => {
    meters.subrequests.count += 1;
    return inner(request);
  };
  return { deps, meters };
}

describe('a Worker cron tick', () => {
  it('crawls at most the budgeted number of sources and leaves the rest due for the next tick', async () => {
    const { deps, meters } = await setup(3);
    const first = await runWorkerTick(deps, NOW, budget({ sources: 2 }), meters);
    expect(first).toMatchObject({ budgetSpent: true, crawl: { sources: 2, succeeded: 2 } });
    expect(await listDueSources(deps.db, NOW)).toHaveLength(1);
    const second = await runWorkerTick(deps, NOW, budget({ sources: 2 }), { queries: { statements: 0 }, subrequests: { count: 0 } });
    expect(second).toMatchObject({ budgetSpent: false, crawl: { sources: 1, succeeded: 1 } });
    expect(await listDueSources(deps.db, NOW)).toHaveLength(0);
  });

  it('re-scores stale mentions a budgeted batch at a time, as the Node tick does', async () => {
    const { deps, meters } = await setup(1);
    await runWorkerTick(deps, NOW, budget({}), meters);
    // As if stored by an older scorer: every mention is stale.
    await deps.db.updateTable('mentions').set({ sentiment_version: 'old' }).execute();
    const report = await runWorkerTick(deps, NOW + 60_000, budget({ rescores: 1 }), { queries: { statements: 0 }, subrequests: { count: 0 } });
    expect(report.rescore).toMatchObject({ rescored: 1, more: true });
  });

  it('recounts the buckets a big re-score left pending a budgeted batch a tick, in its re-score step', async () => {
    const { deps } = await setup(1);
    const expected = await seedPendingBuckets(deps.db, 12, SCORER_VERSION);
    const reports = [];
    for (let tick = 0; tick < 3; tick += 1) {
      const report = await runWorkerTick(deps, NOW + tick * 60_000, budget({ recountStatements: 1 + 5 * 3 }), { queries: { statements: 0 }, subrequests: { count: 0 } });
      reports.push(report.rescore?.recountPending);
    }
    expect(reports).toEqual([true, true, false]);
    expect((await snapshotPurgeState(deps.db)).buckets.filter((b) => expected.some((e) => e.topic_id === b.topic_id))).toEqual(expected);
  });

  it('recounts none on a tick whose crawl reached its cap, so detect and deliver keep their reserve', async () => {
    const { deps } = await setup(0);
    await seedPendingBuckets(deps.db, 3, SCORER_VERSION);
    const pending = await countPendingLinks(deps.db);
    const spent = { queries: { statements: 20_000 }, subrequests: { count: 0 } };
    const report = await runWorkerTick(deps, NOW, budget({ crawlStatementCap: 20_000 }), spent);
    expect(report.rescore).toMatchObject({ recountPending: true });
    expect(await countPendingLinks(deps.db)).toBe(pending);
  });

  it.each([
    { name: 'room for the re-score batch', room: 100, rescored: 25, buckets: 6 },
    { name: 'room for a recount only', room: 50, rescored: 0, buckets: 16 },
  ])('re-scores and recounts within the crawl cap after a busy crawl ($name), so detect and deliver keep their reserve', async ({ room, rescored, buckets }) => {
    const { deps } = await setup(0);
    await seedPendingBuckets(deps.db, 60, 'old');
    const cap = budget({ crawlStatementCap: 20_000 });
    const spent = { queries: { statements: cap.crawlStatementCap - room }, subrequests: { count: 0 } };
    const report = await runWorkerTick(deps, NOW, cap, spent);
    expect(report.rescore).toMatchObject({ rescored, recountPending: true });
    // The batch's 80 statements first, then 1 to look the buckets up and 3 a bucket in what is left.
    expect(await deps.db.selectFrom('topic_buckets').select('topic_id').execute()).toHaveLength(buckets);
  });

  it('starts no new source once the subrequest budget is spent, and still runs detect and deliver', async () => {
    const { deps, meters } = await setup(3);
    const report = await runWorkerTick(deps, NOW, budget({ crawlSubrequests: 1 }), meters);
    expect(report).toMatchObject({ budgetSpent: true, crawl: { sources: 1 }, detect: { topics: 1 } });
    expect(await listDueSources(deps.db, NOW)).toHaveLength(2);
  });

  it('crawls a source once when a tick overlaps the next (cron triggers do not wait for the previous run)', async () => {
    const slowFeed = await startFixtureServer({
      routes: {
        '/slow': (_req, res) => {
          setTimeout(() => {
            res.writeHead(200, { 'content-type': 'application/rss+xml' });
            res.end('<?xml version="1.0"?><rss version="2.0"><channel><title>Slow</title><item><guid>s1</guid><title>Acme news</title></item></channel></rss>');
          }, 300);
        },
      },
    });
    try {
      const deps = await createTestDeps();
      await createTopic(deps.db, { name: 'Acme', query: 'acme' }, NOW);
      for (let i = 0; i < 3; i += 1) await createSource(deps.db, { kind: 'rss', url: slowFeed.url(`/slow?copy=${i}`) }, NOW);
      const meters = (): Meters => ({ queries: { statements: 0 }, subrequests: { count: 0 } });
      const [first, second] = await Promise.all([runWorkerTick(deps, NOW, budget({}), meters()), runWorkerTick(deps, NOW + 60_000, budget({}), meters())]);
      expect(first.crawl.sources + second.crawl.sources).toBe(3);
      expect(slowFeed.requests.filter((r) => r.path.startsWith('/slow'))).toHaveLength(3);
    } finally {
      await slowFeed.close();
    }
  });

  it('still runs detect and deliver when a crawl step fails on storage', async () => {
    const { deps, meters } = await setup(2);
    const errors: string[] = [];
    deps.log = { ...deps.log, error: (message) => errors.push(message) };
    // Every statement that writes a mention fails, as D1 does past an invocation's query cap.
    const db = deps.db;
    deps.db = db.withPlugin({
      transformQuery(args) {
        const node = args.node as { kind: string; into?: { table: { identifier: { name: string } } } };
        if (node.kind === 'InsertQueryNode' && node.into?.table.identifier.name === 'mentions') {
          throw new Error('D1_ERROR: Too many API requests by single worker invocation.');
        }
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const report = await runWorkerTick(deps, NOW, budget({}), meters);
    expect(report).toMatchObject({ crawlFailed: true, detect: { topics: 1 }, deliver: { attempted: 0 } });
    expect(errors).toContain('crawl step failed, crawl stops for this tick');
    // The one tried waits out its claim; the other was never started.
    expect(await listDueSources(db, NOW)).toHaveLength(1);
    expect(await listDueSources(db, NOW + CLAIM_MS)).toHaveLength(2);
  });
});

describe('the Worker subrequest meter', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('counts every redirect hop, as Cloudflare does, not one per fetch', async () => {
    const platformFetch = globalThis.fetch;
    const reached: string[] = [];
    vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      reached.push(url.pathname);
      if (url.hostname !== '127.0.0.1') return Promise.reject(new Error(`test tried to reach ${url.hostname}`));
      return platformFetch(url, init);
    });
    const loaded = loadWorkerConfig({ DB: { prepare: () => { throw new Error('unused'); } }, EARSHOT_ALLOW_PRIVATE_URLS: 'true' });
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    const meters: Meters = { queries: { statements: 0 }, subrequests: { count: 0 } };
    const deps = buildWorkerDeps({ DB: { prepare: () => { throw new Error('unused'); } } }, loaded.config, meters);
    const twoHops = server.url(`/_/redirect?to=${encodeURIComponent('/_/redirect?to=/rss/basic')}`);
    expect(await deps.fetch({ url: twoHops })).toMatchObject({ kind: 'response', status: 200 });
    expect(reached).toHaveLength(3);
    expect(meters.subrequests.count).toBe(3);
  });
});

describe('Worker configuration', () => {
  const env = (vars: Record<string, unknown>): WorkerEnv => ({ DB: { prepare: () => { throw new Error('unused'); } }, ...vars });

  it.each([
    ['a TOML table', { topics: [{ name: 'Acme', query: 'acme' }] }],
    ['a JSON string', JSON.stringify({ topics: [{ name: 'Acme', query: 'acme' }] })],
  ])('reads the seed from the EARSHOT_CONFIG var given as %s', (_name, seed) => {
    const result = loadWorkerConfig(env({ EARSHOT_CONFIG: seed, EARSHOT_ALLOW_PRIVATE_URLS: 'true' }));
    expect(result).toMatchObject({ ok: true, config: { EARSHOT_ALLOW_PRIVATE_URLS: true, seed: { topics: [{ name: 'Acme' }] } } });
  });

  it('reports every problem at once, naming the var instead of a file', () => {
    const result = loadWorkerConfig(env({ EARSHOT_CONFIG: '{"topics":[{"name":""}]}', EARSHOT_API_KEY: 'short', EARSHOT_LOG_LEVEL: 'loud' }));
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.some((p) => p.startsWith('EARSHOT_API_KEY'))).toBe(true);
    expect(problems.some((p) => p.startsWith('EARSHOT_LOG_LEVEL'))).toBe(true);
    expect(problems.some((p) => p.includes(seedVarLabel))).toBe(true);
    expect(problems.join('\n')).not.toContain('short');
  });
});

/** D1's binding shape over an in-memory better-sqlite3 database: enough to run the Worker's fetch handler in Node. */
async function sqliteBackedD1(): Promise<WorkerEnv['DB']> {
  const { default: Database } = await import('better-sqlite3');
  const sqlite = new Database(':memory:');
  const statement = (sql: string, values: unknown[] = []) => ({
    bind: (...bound: unknown[]) => statement(sql, bound),
    all: async () => {
      const prepared = sqlite.prepare(sql);
      if (prepared.reader) return { results: prepared.all(...values), success: true, meta: { changes: 0, last_row_id: 0 } };
      const run = prepared.run(...values);
      return { results: [], success: true, meta: { changes: run.changes, last_row_id: Number(run.lastInsertRowid) } };
    },
  });
  return { prepare: (sql: string) => statement(sql) };
}

describe('a Worker whose seed the database refuses', () => {
  it('answers 500 "misconfigured" listing the unknown topic, not a bare error', async () => {
    const { default: worker } = await import('../../src/runtime/worker/worker');
    const env: WorkerEnv = {
      DB: await sqliteBackedD1(),
      EARSHOT_API_KEY: 'a-long-enough-test-api-key-0123456789',
      EARSHOT_CONFIG: JSON.stringify({ topics: [{ name: 'Acme', query: 'acme' }], webhooks: [{ url: 'https://hooks.example/a', topics: ['Acne'] }] }),
    };
    const response = await worker.fetch(new Request('http://127.0.0.1/api/topics'), env);
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { code: string; details: string[] } };
    expect(body.error.code).toBe('misconfigured');
    expect(body.error.details.join('\n')).toMatch(/Acne/);
  });
});

describe('preparing the database on an isolate', () => {
  it('does not keep later invocations waiting on one whose preparation never finishes', async () => {
    vi.resetModules();
    const { prepareDatabaseOnce } = await import('../../src/runtime/worker/prepare-database');
    const loaded = loadWorkerConfig({ DB: { prepare: () => { throw new Error('unused'); } }, EARSHOT_API_KEY: 'a-long-enough-test-api-key-0123456789' });
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    const log = { debug() {}, info() {}, warn() {}, error() {} };
    // The first invocation's D1 calls never answer, as when Workers cancels it (its client went away).
    const stuck: WorkerEnv['DB'] = { prepare: () => ({ bind: () => stuck.prepare(''), all: () => new Promise(() => undefined) }) };
    void prepareDatabaseOnce(openD1(stuck), loaded.config, NOW, log);
    const next = prepareDatabaseOnce(openD1(await sqliteBackedD1()), loaded.config, NOW, log).then(() => 'prepared');
    const waited = new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5_000));
    expect(await Promise.race([next, waited])).toBe('prepared');
  });
});
