/**
 * The per-invocation D1 budget on a real local D1 (workerd via wrangler's platform proxy): a feed too big
 * for one Worker run is cut off at the crawl cap and recorded as too large with backoff, keeping what it
 * stored, instead of failing at Cloudflare's hard cap on every tick and starving the other sources; and
 * a crawl at its cap still leaves detect and deliver their minimum shares.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { BUCKET_MS } from '../../src/domain/bucket';
import type { Logger } from '../../src/runtime/logger';
import { openD1 } from '../../src/runtime/worker/open-d1';
import { runWorkerTick, type Meters } from '../../src/runtime/worker/run-worker-tick';
import { paidPlanBudget } from '../../src/runtime/worker/worker-budget';
import { SCORER_VERSION } from '../../src/scoring/score-sentiment';
import { listAlerts } from '../../src/storage/alert-store';
import { listTopicCrawlStatuses } from '../../src/storage/crawl-status-store';
import { listDeliveryAttempts } from '../../src/storage/delivery-attempt-store';
import { enqueueDeliveries, listDeliveries } from '../../src/storage/delivery-store';
import { createEndpoint } from '../../src/storage/endpoint-store';
import { countMentions, insertMentions, type ScoredDraft } from '../../src/storage/mention-store';
import { migrateToLatest } from '../../src/storage/migrate';
import { createSource, getSource } from '../../src/storage/source-store';
import { createTopic } from '../../src/storage/topic-store';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';
import { startWebhookTestReceiver, type WebhookTestReceiver } from '../support/webhook-test-receiver';
import { createTestDeps } from '../support/test-deps';
import { startD1Platform, type D1Platform } from './d1-platform';

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
let platform: D1Platform;
let server: FixtureServer;
let receiver: WebhookTestReceiver;

/** A feed of `count` items that all match the topic "acme". */
function bigFeed(count: number): string {
  const items = Array.from({ length: count }, (_, i) =>
    `<item><guid>acme-${i}</guid><title>Acme update ${i}</title><description>Acme shipped thing ${i}.</description><pubDate>${new Date(NOW - i * 60_000).toUTCString()}</pubDate></item>`,
  );
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>${items.join('')}</channel></rss>`;
}

// A new platform for each attempt: when miniflare's proxy loses a reply (vitest.config.ts) it answers nothing
// more, and the d1 project's retry must not run on the dead one.
beforeEach(async () => {
  platform = await startD1Platform(['DB']);
});
afterEach(async () => {
  await platform?.dispose();
});
beforeAll(async () => {
  receiver = await startWebhookTestReceiver();
  server = await startFixtureServer({
    routes: {
      '/big': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(bigFeed(60));
      },
      // More than the paid plan's crawl cap of 700 statements (about 4 a new item).
      '/huge': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(bigFeed(300));
      },
    },
  });
});
afterAll(async () => {
  await server?.close();
  await receiver?.close();
});

const freshMeters = (): Meters => ({ queries: { statements: 0 }, subrequests: { count: 0 } });

it('records a feed too big for one run as too-large, keeps what it stored, and lets the other sources through next tick', async () => {
  const meters = freshMeters();
  const warnings: string[] = [];
  const log: Logger = { debug() {}, info() {}, warn: (message) => warnings.push(message), error() {} };
  const deps = await createTestDeps({ db: openD1(platform.databases.DB!, meters.queries), log });
  await migrateToLatest(deps.db, NOW);
  const topic = (await createTopic(deps.db, { name: 'Acme', query: 'acme' }, NOW))!;
  const big = (await createSource(deps.db, { kind: 'rss', url: server.url('/big') }, NOW))!;
  const small = (await createSource(deps.db, { kind: 'rss', url: server.url('/rss/basic') }, NOW))!;
  const budget = { ...paidPlanBudget, crawlStatements: 50, crawlStatementCap: 80, statementCap: 400 };

  meters.queries.statements = 0; // the setup above is not part of the run
  const first = await runWorkerTick(deps, NOW, budget, meters);
  // What the cut-off source stored is news for its topic all the same: detect takes it first.
  expect(first).toMatchObject({ crawlFailed: true, crawl: { sources: 0, touchedTopicIds: [topic.id] }, detect: { topics: 1 } });
  expect(warnings).toContain('source too large for one Worker run');
  expect((await getSource(deps.db, big.id))!.state).toMatchObject({ lastErrorKind: 'too-large', errorCount: 1 });
  expect((await getSource(deps.db, big.id))!.state.nextCheckAt).toBeGreaterThan(NOW);
  const kept = await countMentions(deps.db);
  expect(kept).toBeGreaterThan(0);
  expect(meters.queries.statements).toBeLessThanOrEqual(budget.statementCap);

  const second = freshMeters();
  const next = await runWorkerTick({ ...deps, db: openD1(platform.databases.DB!, second.queries) }, NOW, budget, second);
  expect(next).toMatchObject({ crawlFailed: false, crawl: { sources: 1, succeeded: 1 } });
  expect((await getSource(deps.db, small.id))!.state).toMatchObject({ errorCount: 0, lastSuccessAt: NOW });
  expect(await countMentions(deps.db)).toBeGreaterThan(kept);
  // Both outcomes are in the crawl status history the detector's coverage comes from.
  const statuses = await listTopicCrawlStatuses(deps.db, topic.id, NOW, NOW + 1);
  expect(statuses).toEqual(expect.arrayContaining([[{ at: NOW, status: 'failed' }], [{ at: NOW, status: 'ok' }]]));
}, 120_000);

it('detects topics until the reserve for deliver, and the ones left first on the next tick, instead of failing inside detect', async () => {
  const meters = freshMeters();
  const deps = await createTestDeps({ db: openD1(platform.databases.DB!, meters.queries) });
  await migrateToLatest(deps.db, NOW);
  const topics = [];
  for (let i = 0; i < 12; i += 1) topics.push((await createTopic(deps.db, { name: `Acme ${i}`, query: 'acme' }, NOW))!);
  await createSource(deps.db, { kind: 'rss', url: server.url('/rss/basic') }, NOW);
  // A first tick with room for everything: every topic has a detector state from here on.
  await runWorkerTick(deps, NOW, paidPlanBudget, meters);
  const detectedAt = async () => new Map((await deps.db.selectFrom('detector_states').select(['topic_id', 'updated_at']).execute()).map((r) => [r.topic_id, r.updated_at]));
  expect([...(await detectedAt()).values()]).toEqual(topics.map(() => NOW));

  // Then ticks whose statements run out after a few topics (each costs about 5): D1's cap is near.
  const tight = { ...paidPlanBudget, detectStatements: 40, detectMinimumStatements: 0, statementCap: 60 };
  const reports = [];
  for (let tick = 1; tick <= 4; tick += 1) {
    const run = freshMeters();
    reports.push(await runWorkerTick({ ...deps, db: openD1(platform.databases.DB!, run.queries) }, NOW + tick * 60_000, tight, run));
    expect(run.queries.statements).toBeLessThanOrEqual(tight.statementCap);
  }
  expect(reports[0]!.detect.topics).toBeGreaterThan(0);
  expect(reports[0]!.detect.deferred).toBeGreaterThan(0);
  // Deliver had its turn on every tick, and over the ticks every topic was detected again.
  for (const report of reports) expect(report.deliver).toBeDefined();
  expect([...(await detectedAt()).values()].every((at) => at > NOW)).toBe(true);
}, 120_000);

/** Six quiet hours of the topic, one mention a bucket, then 15 negative ones a bucket in the last quarter hour. */
function surgeBefore(now: number, topicId: number): ScoredDraft[] {
  const items: ScoredDraft[] = [];
  for (let t = now - 6 * 3_600_000; t < now; t += BUCKET_MS) {
    const negative = t >= now - 3 * BUCKET_MS ? 15 : 0;
    for (let i = 0; i <= negative; i += 1) {
      const key = `seen-${t}-${i}`;
      items.push({
        draft: { dedupKey: key, url: `https://forum.example/${key}`, author: key, title: null, text: i === 0 ? 'acme shipped a thing' : 'acme is awful, refund now', publishedAt: t + 1000 + i },
        sentiment: i === 0 ? { score: 0, label: 'neutral', explanation: [], version: SCORER_VERSION } : { score: -0.7, label: 'negative', explanation: [], version: SCORER_VERSION },
        topicIds: [topicId],
      });
    }
  }
  return items;
}

it('after a crawl that reached its cap, detects the topic it touched and delivers what still fits, a whole row at a time, the rest first next tick', async () => {
  const meters = freshMeters();
  const errors: string[] = [];
  const log: Logger = { debug() {}, info() {}, warn() {}, error: (message) => errors.push(message) };
  const deps = await createTestDeps({ db: openD1(platform.databases.DB!, meters.queries), log });
  await migrateToLatest(deps.db, NOW);
  // Topics the crawl does not touch, never detected: in the old order they came first and took detect's minimum.
  for (let i = 0; i < 12; i += 1) await createTopic(deps.db, { name: `Other ${i}`, query: `other${i}` }, NOW - 3_600_000);
  const topic = (await createTopic(deps.db, { name: 'Acme', query: 'acme' }, NOW))!;
  const huge = (await createSource(deps.db, { kind: 'rss', url: server.url('/huge') }, NOW))!;
  // A backlash building up in the buckets already stored; the crawl brings the topic more mentions on top.
  await insertMentions(deps.db, huge.id, surgeBefore(NOW, topic.id), NOW - 60_000);
  // A re-score batch waiting as well: on such a tick it waits, so that detect and deliver keep their minimums.
  const stale = Array.from({ length: paidPlanBudget.rescores }, (_, i) => ({
    draft: { dedupKey: `stale-${i}`, url: `https://blog.example/${i}`, author: null, title: `acme ${i}`, text: 'acme is fine', publishedAt: NOW - 3_600_000 },
    sentiment: { score: 0, label: 'neutral' as const, explanation: [], version: 'old' },
    topicIds: [topic.id],
  }));
  await insertMentions(deps.db, huge.id, stale, NOW - 3_600_000);
  // A full batch of due rows to a receiver answering 500: every attempt is a retry, the costliest usual one.
  // One endpoint a row: a receiver that fails one send has its other rows of the run held back untried.
  for (let i = 0; i < paidPlanBudget.deliveries; i += 1) {
    const endpoint = (await createEndpoint(deps.db, { url: `${receiver.url}?n=${i}` }, NOW))!;
    await enqueueDeliveries(deps.db, { eventId: `evt_${i}`, alertId: null, eventType: 'alert.opened', payload: '{}' }, [endpoint.id], NOW - 60_000);
  }
  await receiver.setMode('error');

  meters.queries.statements = 0; // the setup above is not part of the run
  const first = await runWorkerTick(deps, NOW, paidPlanBudget, meters);
  // The re-score batch waits for a tick with room for it; detect had its minimum, the touched topic first.
  expect(first).toMatchObject({ crawlFailed: true, crawl: { touchedTopicIds: [topic.id] }, rescore: { rescored: 0 }, detect: { opened: 1 } });
  expect(first.detect.deferred).toBeGreaterThan(0);
  expect(meters.queries.statements).toBeLessThanOrEqual(paidPlanBudget.statementCap);
  const [alert] = await listAlerts(openD1(platform.databases.DB!), { topicId: topic.id, limit: 10 });
  expect(alert).toMatchObject({ kind: 'backlash', status: 'open' });
  // No row cut between its send and its record, nor refused for want of statements: the rows left wait, untouched.
  expect(errors).toEqual([]);
  const unmetered = openD1(platform.databases.DB!);
  const tried = await listDeliveries(unmetered, { limit: 100 });
  const attempts = (await Promise.all(tried.map((d) => listDeliveryAttempts(unmetered, d.id)))).flat();
  expect(receiver.requests).toHaveLength(first.deliver.attempted);
  expect(attempts).toHaveLength(first.deliver.attempted);
  // At least deliver's minimum, which the steps before it leave room for (worker-budget.ts).
  expect(first.deliver.attempted).toBeGreaterThanOrEqual(paidPlanBudget.deliverMinimumRows);
  expect(first.deliver.attempted + first.deliver.deferred!).toBe(paidPlanBudget.deliveries);

  // The receiver is back: the rows left wait for nothing, and go out before those already tried once.
  await receiver.setMode('healthy');
  const sentBefore = receiver.requests.length;
  const second = freshMeters();
  const next = await runWorkerTick({ ...deps, db: openD1(platform.databases.DB!, second.queries) }, NOW + 60_000, paidPlanBudget, second);
  expect(next.deliver).toMatchObject({ delivered: paidPlanBudget.deliveries, deferred: 0 });
  const neverTried = new Set(tried.filter((d) => d.attempts === 0).map((d) => d.eventId));
  const order = receiver.requests.slice(sentBefore).map((r) => String(r.headers['webhook-id']));
  expect(new Set(order.slice(0, neverTried.size))).toEqual(neverTried);
}, 300_000);
