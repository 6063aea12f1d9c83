import type { Deps } from '../src/runtime/deps';
import { runCrawl, type CrawlReport } from './crawl';
import { runDeliver, type DeliverReport } from './deliver';
import { runDetect, type DetectReport } from './detect';
import { runPurge, type PurgeReport } from './purge-sources';
import { runRescore, type RescoreReport } from './rescore';

export interface TickReport {
  crawl: CrawlReport;
  detect: DetectReport;
  deliver: DeliverReport;
  /** Absent where a runtime skips re-scoring on a tick. */
  rescore?: RescoreReport;
  /** Mentions of deleted sources, and those deleted topics left linked to no topic, removed this tick (absent where a runtime skips it). */
  purge?: PurgeReport;
}

/**
 * One pass of the flow, in order: crawl → rescore → purge → detect → deliver, so a mention that tips a spike is alerted
 * in the same run that fetched it. Detection covers every topic (not only the touched ones) so that
 * alerts also resolve while a topic is quiet.
 */
export async function runDueJobs(deps: Deps, now: number, options: { force?: boolean } = {}): Promise<TickReport> {
  const crawl = await runCrawl(deps, now, { force: options.force });
  // Stale sentiment (new scorer version, changed topic overrides) is fixed a bounded batch per tick, before detection reads the buckets.
  const rescore = await runRescore(deps, now);
  // Deleted sources' mentions leave the buckets a bounded batch per tick, also before detection reads them;
  // then the mentions deleted topics left linked to no topic.
  const purge = await runPurge(deps, now);
  const detect = await runDetect(deps, now);
  const deliver = await runDeliver(deps, now);
  return { crawl, rescore, purge, detect, deliver };
}
