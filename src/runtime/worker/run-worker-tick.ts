import { runCrawl, type CrawlReport } from '../../../jobs/crawl';
import { runDeliver } from '../../../jobs/deliver';
import { runDetect } from '../../../jobs/detect';
import type { TickReport } from '../../../jobs/run-due-jobs';
import type { Deps } from '../deps';
import type { QueryMeter } from './open-d1';
import type { WorkerBudget } from './worker-budget';

export interface Meters {
  queries: QueryMeter;
  subrequests: { count: number };
}

/**
 * runDueJobs' crawl → detect → deliver, bounded for one Workers invocation: sources are crawled one at a
 * time until the budget is spent, so the run stops between sources, never inside one. Sources left
 * over keep their next_check_at and come first on the next tick.
 */
export async function runWorkerTick(deps: Deps, now: number, budget: WorkerBudget, meters: Meters): Promise<TickReport & { budgetSpent: boolean; crawlFailed: boolean }> {
  const crawl: CrawlReport = { sources: 0, succeeded: 0, notModified: 0, failed: 0, inserted: 0, touchedTopicIds: [] };
  let budgetSpent = false;
  let crawlFailed = false;
  for (;;) {
    if (crawl.sources >= budget.sources || meters.queries.statements >= budget.crawlStatements || meters.subrequests.count >= budget.crawlSubrequests) {
      budgetSpent = true;
      break;
    }
    let step: CrawlReport;
    try {
      step = await runCrawl(deps, now, { limit: 1, concurrency: 1 });
    } catch (error) {
      // A storage error (D1 down, the invocation's query cap) ends the crawl, not the tick: detect and deliver
      // still get their turn, and the source stays due because its cursor only moves after its mentions are stored.
      deps.log.error('crawl step failed, crawl stops for this tick', { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      crawlFailed = true;
      break;
    }
    if (step.sources === 0) break;
    addCrawl(crawl, step);
  }
  const detect = await runDetect(deps, now);
  const deliver = await runDeliver(deps, now, { limit: budget.deliveries });
  return { crawl, detect, deliver, budgetSpent, crawlFailed };
}

function addCrawl(total: CrawlReport, step: CrawlReport): void {
  total.sources += step.sources;
  total.succeeded += step.succeeded;
  total.notModified += step.notModified;
  total.failed += step.failed;
  total.inserted += step.inserted;
  total.touchedTopicIds = [...new Set([...total.touchedTopicIds, ...step.touchedTopicIds])];
}
