import { describe, expect, it } from 'vitest';
import { runDetect } from '../../jobs/detect';
import { runPurge } from '../../jobs/purge-sources';
import type { DetectorState } from '../../src/detection/detector-state';
import { runWorkerTick, type Meters } from '../../src/runtime/worker/run-worker-tick';
import { paidPlanBudget } from '../../src/runtime/worker/worker-budget';
import { loadDetectorState } from '../../src/storage/detector-state-store';
import { requestSourceDeletion } from '../../src/storage/source-store';
import { BLOG_STORIES, recountEveryBucket, seedPurgeScenario, snapshotPurgeState, PURGE_T0 } from '../support/purge-scenario';
import { createTestDeps } from '../support/test-deps';

const LATER = PURGE_T0 + 4 * 3_600_000;
const meters = (): Meters => ({ queries: { statements: 0 }, subrequests: { count: 0 } });

describe('the purge job', () => {
  it("finishes a purge bigger than one Worker tick's budget over several ticks, each within it", async () => {
    const deps = await createTestDeps();
    const { blog, hn, forum } = await seedPurgeScenario(deps.db);
    // Nothing to crawl: only the purge has work.
    await deps.db.updateTable('sources').set({ enabled: 0 }).execute();
    await requestSourceDeletion(deps.db, blog, LATER);
    const budget = { ...paidPlanBudget, purgeStatements: 15 };
    const reports = [];
    for (let tick = 0; tick < 20; tick += 1) {
      const spent = meters();
      const report = await runWorkerTick(deps, LATER + tick * 60_000, budget, spent);
      reports.push(report.purge!);
      if (!report.purge!.more) break;
    }
    expect(reports.length).toBeGreaterThan(2);
    expect(reports.slice(0, -1).every((r) => r.more)).toBe(true);
    expect(reports.at(-1)).toMatchObject({ more: false, sourcesDeleted: [blog] });
    expect(reports.reduce((n, r) => n + r.removed, 0)).toBe(BLOG_STORIES + 1);
    const after = await snapshotPurgeState(deps.db);
    expect(after.sources).toEqual([hn, forum]);
    expect(await recountEveryBucket(deps.db)).toEqual(after.buckets);
  });

  it('gives a purge no statements on a Worker tick whose crawl reached its cap, leaving it for the next', async () => {
    const deps = await createTestDeps();
    const { blog } = await seedPurgeScenario(deps.db);
    await deps.db.updateTable('sources').set({ enabled: 0 }).execute();
    await requestSourceDeletion(deps.db, blog, LATER);
    const spent = meters();
    spent.queries.statements = paidPlanBudget.crawlStatementCap;
    const report = await runWorkerTick(deps, LATER, paidPlanBudget, spent);
    expect(report.purge).toEqual({ removed: 0, sourcesDeleted: [], topicsDeleted: [], unlinkedRemoved: 0, topicsSwept: [], more: true });
  });

  it('lets the detector relearn when a deleted source stops feeding a topic, instead of raising a silence alert', async () => {
    const deps = await createTestDeps();
    const { topicA, blog, hn, forum } = await seedPurgeScenario(deps.db);
    await deps.db.updateTable('sources').set({ last_success_at: PURGE_T0 }).execute();
    await runDetect(deps, LATER);
    // Feeding sources are "id:digest of what it reads"; the ids are what this test is about.
    const ids = (state: DetectorState | null | undefined) => state?.feedingSources?.map((source) => Number.parseInt(String(source), 10));
    expect(ids(await loadDetectorState<DetectorState>(deps.db, topicA))).toEqual([blog, hn, forum]);
    await requestSourceDeletion(deps.db, blog, LATER + 60_000);
    // The set changes once, when the source is disabled; removing its mentions later changes nothing more.
    await runPurge(deps, LATER + 120_000, { statementBudget: 20 });
    await runDetect(deps, LATER + 120_000);
    const state = (await loadDetectorState<DetectorState>(deps.db, topicA))!;
    expect(ids(state)).toEqual([hn, forum]);
    expect(state.relearnFrom).not.toBeNull();
    await runPurge(deps, LATER + 180_000);
    await runDetect(deps, LATER + 180_000);
    expect(ids(await loadDetectorState<DetectorState>(deps.db, topicA))).toEqual([hn, forum]);
    expect(await deps.db.selectFrom('alerts').select('kind').execute()).toEqual([]);
  });
});
