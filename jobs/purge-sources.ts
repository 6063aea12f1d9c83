import { closeAlertsOfDeletedTopic } from '../src/alerts/close-alerts-of-deleted-topic';
import type { Deps } from '../src/runtime/deps';
import { listMentionSweeps, sweepMentions } from '../src/storage/mention-sweep-store';
import { listSourcesToPurge, purgeSourceChunk } from '../src/storage/source-purge-store';
import { spend, type StatementBudget } from '../src/storage/statement-budget';
import { listTopicsToPurge, purgeTopic } from '../src/storage/topic-purge-store';
import { getTopic } from '../src/storage/topic-store';

export interface PurgeOptions {
  /**
   * D1 statements one run may send; the rest waits for the next run (a source's chunk of 50 mentions costs
   * ~6, plus 1–2 per story re-pointed; a deleted topic's sweep ~1 per 100 mentions and 2 per 1,000 ids looked at).
   */
  statementBudget?: number;
}

export interface PurgeReport {
  /** Mentions of deleted sources removed in this run. */
  removed: number;
  /** Sources whose last mention had gone, so their row went too. */
  sourcesDeleted: number[];
  /** Topics being deleted whose row went in this run, their own sources and links gone before it. */
  topicsDeleted: number[];
  /** Mentions that deleted topics left linked to no topic, removed in this run. */
  unlinkedRemoved: number;
  /** Deleted topics whose sweep finished in this run. */
  topicsSwept: number[];
  /** The run stopped at its budget: more is waiting. */
  more: boolean;
}

/** Node has no per-run cap; this keeps a tick short (~8,000 mentions of a source) while a big source goes. */
export const DEFAULT_PURGE_STATEMENTS = 1000;

/**
 * Finishes what DELETE /api/sources/:id started (requestSourceDeletion): the marked sources' mentions
 * are removed chunk by chunk (purgeSourceChunk: buckets recounted, stories re-pointed, then deleted),
 * then their rows. Then what DELETE /api/topics/:id started (requestTopicDeletion): each marked topic's
 * own sources (marked with it, so mostly purged by the step before), its links, then its row
 * (purgeTopic). Then the mentions deleted topics left linked to no topic, swept a window at a time
 * (sweepMentions). Bounded per run and safe to stop anywhere: a crash, or the budget running out, leaves
 * marks and sweep rows that the next run finishes from. With nothing deleted, a run is three look-ups
 * (sources, topics, sweeps) and reads no mention.
 */
export async function runPurge(deps: Deps, now: number, options: PurgeOptions = {}): Promise<PurgeReport> {
  const budget: StatementBudget = { left: options.statementBudget ?? DEFAULT_PURGE_STATEMENTS };
  const report: PurgeReport = { removed: 0, sourcesDeleted: [], topicsDeleted: [], unlinkedRemoved: 0, topicsSwept: [], more: false };
  if (!spend(budget, 1)) return { ...report, more: true };
  for (const sourceId of await listSourcesToPurge(deps.db)) {
    for (;;) {
      const step = await purgeSourceChunk(deps.db, sourceId, budget);
      if (step.kind === 'out-of-budget') {
        report.more = true;
        return report;
      }
      if (step.kind === 'source-deleted') break;
      report.removed += step.mentions;
    }
    report.sourcesDeleted.push(sourceId);
    deps.log.info('deleted source purged', { sourceId });
  }
  if (!spend(budget, 1)) return { ...report, more: true };
  for (const topicId of await listTopicsToPurge(deps.db)) {
    // DELETE closed its alerts before any purge; a crash between its mark and that leaves it to this
    // run, before the row (and the alerts with it) goes. Three look-ups when there is nothing to close;
    // the few raises when there is (one alert per kind at most) are not metered.
    if (!spend(budget, 3)) return { ...report, more: true };
    const topic = await getTopic(deps.db, topicId, { includeDeleting: true });
    if (topic) await closeAlertsOfDeletedTopic(deps, topic, now);
    if (!(await purgeTopic(deps.db, topicId, budget, now))) {
      report.more = true;
      return report;
    }
    report.topicsDeleted.push(topicId);
    deps.log.info('deleted topic purged', { topicId });
  }
  if (!spend(budget, 1)) return { ...report, more: true };
  for (const sweep of await listMentionSweeps(deps.db)) {
    const { removed, done } = await sweepMentions(deps.db, sweep, budget);
    report.unlinkedRemoved += removed;
    if (!done) {
      report.more = true;
      return report;
    }
    report.topicsSwept.push(sweep.topicId);
    deps.log.info('deleted topic swept', { topicId: sweep.topicId });
  }
  return report;
}
