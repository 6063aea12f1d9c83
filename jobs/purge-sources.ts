import type { Deps } from '../src/runtime/deps';
import { listSourcesToPurge, purgeSourceChunk, type StatementBudget } from '../src/storage/source-purge-store';

export interface PurgeOptions {
  /** D1 statements one run may send; the rest of a purge waits for the next run (each chunk costs ~6, plus 1–2 per story re-pointed). */
  statementBudget?: number;
}

export interface PurgeReport {
  /** Mentions of deleted sources removed in this run. */
  removed: number;
  /** Sources whose last mention had gone, so their row went too. */
  sourcesDeleted: number[];
  /** The run stopped at its budget: more is waiting. */
  more: boolean;
}

/** Node has no per-run cap; this keeps a tick short (~8,000 mentions) while a big source goes. */
export const DEFAULT_PURGE_STATEMENTS = 1000;

/**
 * Finishes what DELETE /api/sources/:id started (requestSourceDeletion): the marked sources' mentions
 * are removed chunk by chunk (purgeSourceChunk: buckets recounted, stories re-pointed, then deleted),
 * then their rows. Bounded per run and safe to stop anywhere: a crash, or the budget running out, leaves
 * marks that the next run finishes from.
 */
export async function runPurge(deps: Deps, _now: number, options: PurgeOptions = {}): Promise<PurgeReport> {
  const budget: StatementBudget = { left: options.statementBudget ?? DEFAULT_PURGE_STATEMENTS };
  const report: PurgeReport = { removed: 0, sourcesDeleted: [], more: false };
  if (budget.left < 1) return { ...report, more: true };
  budget.left -= 1;
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
  return report;
}
