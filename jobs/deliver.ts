import { attemptDelivery, type AttemptOptions } from '../src/alerts/attempt-delivery';
import type { Deps } from '../src/runtime/deps';
import { listDueDeliveries } from '../src/storage/delivery-store';

export { MAX_ATTEMPTS, RETRY_DELAYS_MS } from '../src/alerts/delivery-schedule';

export interface DeliverReport {
  attempted: number;
  delivered: number;
  retrying: number;
  failed: number;
  /** Due rows left for the next run because `stopBefore` said so (absent without it). */
  deferred?: number;
}

export interface DeliverOptions extends AttemptOptions {
  limit?: number;
  /**
   * Asked before each row; true ends the run there, between two rows, so no send is left without its
   * record (Workers cap the statements of a run). The rows left stay due, oldest first for the next run.
   */
  stopBefore?: () => boolean;
}

/**
 * Deliver step: send due outbox rows. A row leaves `pending` only on an answer, never before the send,
 * so a crash or restart repeats a send (the receiver dedupes on webhook-id) and never skips one.
 * Rows of one run go out one after another: a run is bounded by limit × timeout.
 */
export async function runDeliver(deps: Deps, now: number, options: DeliverOptions = {}): Promise<DeliverReport> {
  const due = await listDueDeliveries(deps.db, now, options.limit ?? 50);
  const report: DeliverReport = { attempted: 0, delivered: 0, retrying: 0, failed: 0, ...(options.stopBefore ? { deferred: 0 } : {}) };
  for (const [i, delivery] of due.entries()) {
    if (options.stopBefore?.()) {
      report.deferred = due.length - i;
      break;
    }
    try {
      const result = await attemptDelivery(deps, delivery, now, options);
      if (!result) continue;
      report.attempted += 1;
      if (result.delivery.status === 'delivered') report.delivered += 1;
      else if (result.delivery.status === 'pending') report.retrying += 1;
      else report.failed += 1;
    } catch (error) {
      // A storage error on one row must not stop the others; the row is still pending and comes back.
      deps.log.error('delivery failed unexpectedly', { deliveryId: delivery.id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return report;
}
