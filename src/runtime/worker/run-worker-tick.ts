import { recordCrawlFailure, runCrawl, type CrawlReport } from '../../../jobs/crawl';
import { runDeliver } from '../../../jobs/deliver';
import { runDetect } from '../../../jobs/detect';
import { runPurge } from '../../../jobs/purge-sources';
import { runRescore } from '../../../jobs/rescore';
import type { TickReport } from '../../../jobs/run-due-jobs';
import { MOST_STATEMENTS_PER_ATTEMPT } from '../../alerts/attempt-delivery';
import type { Source } from '../../domain/source';
import type { SourceFailure } from '../../sources/source-adapter';
import { claimDueSource, listDueSources } from '../../storage/source-store';
import type { Deps } from '../deps';
import { QueryBudgetError, type QueryMeter } from './open-d1';
import { reserveForDetectAndDeliver, type WorkerBudget } from './worker-budget';

/** How long a claimed source waits for the run that claimed it: Cloudflare ends a scheduled invocation after 15 minutes. */
export const CLAIM_MS = 15 * 60_000;

export interface Meters {
  queries: QueryMeter;
  subrequests: { count: number };
}

/**
 * runDueJobs' crawl → rescore → purge → detect → deliver, bounded for one Workers invocation: sources are claimed and
 * crawled one at a time until the budget is spent, so the run stops between sources. Sources left over keep their
 * next_check_at and come first on the next tick. A single source that would use up the invocation's D1
 * statements is cut off at crawlStatementCap and recorded as too large (with backoff), keeping a reserve
 * for detect and deliver: each has a minimum share on every tick (worker-budget.ts).
 */
export async function runWorkerTick(deps: Deps, now: number, budget: WorkerBudget, meters: Meters): Promise<TickReport & { budgetSpent: boolean; crawlFailed: boolean }> {
  const { crawl, budgetSpent, crawlFailed } = await crawlWithinBudget(deps, now, budget, meters);
  meters.queries.limit = budget.statementCap;
  // As on Node: stale sentiment is fixed a small batch per tick, before detection reads the buckets, and
  // pending buckets are recounted, a bounded batch too, in what the batch leaves. Stale sentiment is history
  // being corrected (a new scorer, changed overrides), never news: on a tick whose crawl came near its cap
  // the batch waits, and detect and deliver keep their reserve.
  const room = roomBeforeDetect(budget, meters);
  const rescores = room >= budget.rescoreStatements ? budget.rescores : 0;
  const recountStatements = Math.max(0, Math.min(budget.recountStatements, room - (rescores > 0 ? budget.rescoreStatements : 0)));
  const rescore = await runRescore(deps, now, { limit: rescores, recountStatements });
  // Deleted sources' mentions, then those deleted topics left linked to no topic, a bounded batch per tick;
  // none on a tick whose crawl ran up to its cap. The purge stops between its steps and resumes on the next tick.
  const purge = await runPurge(deps, now, { statementBudget: Math.min(budget.purgeStatements, roomBeforeDetect(budget, meters)) });
  // Topics one at a time until the reserve for deliver is reached: past ~100 topics a run's statements
  // would otherwise end inside detect every tick, leaving the same last topics and every delivery out.
  // Yet always detect's minimum, the topics the crawl just brought mentions to first: a busy crawl is
  // what a breaking story brings, and is when detection must not stop. Before them one topic left undetected
  // for 15 minutes (OVERDUE_MS), so a topic gone silent, or whose sources all fail, is heard within a bounded
  // time however many busy ticks in a row take the rest of the minimum.
  const detectFrom = meters.queries.statements;
  const detectUntil = Math.max(budget.detectStatements, detectFrom + budget.detectMinimumStatements);
  const detect = await runDetect(deps, now, { touchedTopicIds: crawl.touchedTopicIds, stopBefore: () => meters.queries.statements >= detectUntil });
  // Rows while one more still fits under the cap, whatever detect left: at least deliverMinimumRows, which the
  // steps before detect leave room for (worker-budget.ts). A row is never cut between its send and its record;
  // the rows left, oldest due first, go next tick.
  const deliver = await runDeliver(deps, now, { limit: budget.deliveries, stopBefore: () => meters.queries.statements + MOST_STATEMENTS_PER_ATTEMPT > budget.statementCap });
  return { crawl, rescore, purge, detect, deliver, budgetSpent, crawlFailed };
}

/**
 * Due sources claimed and crawled one at a time until the crawl's share is spent (sources, statements,
 * subrequests), under the crawl's cap; a source cut off at the cap is recorded as too large and ends the crawl.
 */
async function crawlWithinBudget(deps: Deps, now: number, budget: WorkerBudget, meters: Meters): Promise<{ crawl: CrawlReport; budgetSpent: boolean; crawlFailed: boolean }> {
  const crawl: CrawlReport = { sources: 0, succeeded: 0, notModified: 0, failed: 0, inserted: 0, touchedTopicIds: [] };
  let budgetSpent = false;
  let crawlFailed = false;
  meters.queries.limit = budget.crawlStatementCap;
  for (;;) {
    if (crawl.sources >= budget.sources || meters.queries.statements >= budget.crawlStatements || meters.subrequests.count >= budget.crawlSubrequests) {
      budgetSpent = true;
      break;
    }
    const [next] = await listDueSources(deps.db, now, { limit: 1 });
    if (!next) break;
    // Cron triggers do not wait for the previous run: a tick past a minute (a few feeds that time out)
    // overlaps the next, which lists the same due source. The claim gives it to one of them; the other
    // looks again. A run that dies mid-crawl leaves the claim, and the source is due once it cannot be alive.
    if (!(await claimDueSource(deps.db, next, now + CLAIM_MS, now))) continue;
    let step: CrawlReport;
    let matched: number[] = [];
    try {
      // Buckets others left pending are the re-score step's, within its budget: a source's statements stay its own.
      step = await runCrawl(deps, now, { sources: [next], concurrency: 1, recountStatements: 0, onMatched: (topicIds) => (matched = topicIds) });
    } catch (error) {
      meters.queries.limit = budget.statementCap;
      crawlFailed = true;
      // A source cut off while storing kept what it stored, often a breaking story's many items: detect takes its topics first too.
      crawl.touchedTopicIds = [...new Set([...crawl.touchedTopicIds, ...matched])];
      await recordCrawlStepFailure(deps, next, error, budget, meters, now);
      break;
    }
    if (step.sources === 0) break;
    addCrawl(crawl, step);
  }
  return { crawl, budgetSpent, crawlFailed };
}

/** What the steps between the crawl and detect may still send: up to the crawl's cap, and never into detect's and deliver's reserve. */
function roomBeforeDetect(budget: WorkerBudget, meters: Meters): number {
  const ceiling = Math.min(budget.crawlStatementCap, budget.statementCap - reserveForDetectAndDeliver(budget));
  return Math.max(0, ceiling - meters.queries.statements);
}

async function recordCrawlStepFailure(deps: Deps, source: Source, error: unknown, budget: WorkerBudget, meters: Meters, now: number): Promise<void> {
  if (error instanceof QueryBudgetError) {
    const failure: SourceFailure = { kind: 'too-large', message: `needs more than the ${budget.crawlStatementCap} D1 statements one Worker run allows; what was stored is kept` };
    await recordCrawlFailure(deps, source, failure, now);
    deps.log.warn('source too large for one Worker run', { sourceId: source.id, statements: meters.queries.statements });
    return;
  }
  // A storage error (D1 unavailable) ends the crawl, not the tick: detect and deliver still get their turn,
  // and the source is due again when its claim ends, from where its cursor is: that only moves after its mentions are stored.
  deps.log.error('crawl step failed, crawl stops for this tick', { sourceId: source.id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
}

function addCrawl(total: CrawlReport, step: CrawlReport): void {
  total.sources += step.sources;
  total.succeeded += step.succeeded;
  total.notModified += step.notModified;
  total.failed += step.failed;
  total.inserted += step.inserted;
  total.touchedTopicIds = [...new Set([...total.touchedTopicIds, ...step.touchedTopicIds])];
}
