import { attemptDelivery, type AttemptOptions } from '../src/alerts/attempt-delivery';
import type { Delivery, DeliveryOutcome } from '../src/domain/delivery';
import type { Deps } from '../src/runtime/deps';
import { listDueDeliveries } from '../src/storage/delivery-store';

export { MAX_ATTEMPTS, RETRY_DELAYS_MS } from '../src/alerts/delivery-schedule';

export interface DeliverReport {
  attempted: number;
  delivered: number;
  retrying: number;
  failed: number;
  /** Due rows not tried because an earlier row of the run found their receiver failing; they stay due, untouched. */
  held: number;
  /** Due rows left for the next run because `stopBefore` said so (absent without it). */
  deferred?: number;
}

export interface DeliverOptions extends AttemptOptions {
  limit?: number;
  /**
   * Asked before each row; true ends the run there, between two rows, so no send is left without its
   * record (Workers cap the statements of a run). The rows left stay due, each endpoint's oldest first
   * for the next run.
   */
  stopBefore?: () => boolean;
}

/**
 * Deliver step: send due outbox rows. A row leaves `pending` only on an answer, never before the send,
 * so a crash or restart repeats a send (the receiver dedupes on webhook-id) and never skips one.
 * Rows of one run go out one after another, the endpoints taking turns (listDueDeliveries). Once a
 * receiver fails a send (a timeout, refused, 5xx, 429: anything retried), its other rows wait for the next
 * run, untried: a receiver that hangs costs a run one timeout, not one per row, and the rows to other
 * receivers behind them wait for none. A refusal (4xx) is about one message, so the receiver's other rows
 * still go.
 */
export async function runDeliver(deps: Deps, now: number, options: DeliverOptions = {}): Promise<DeliverReport> {
  const due = await listDueDeliveries(deps.db, now, options.limit ?? 50);
  const report: DeliverReport = { attempted: 0, delivered: 0, retrying: 0, failed: 0, held: 0, ...(options.stopBefore ? { deferred: 0 } : {}) };
  const failing = new Set<number>();
  for (const [i, delivery] of due.entries()) {
    if (failing.has(delivery.endpointId)) {
      report.held += 1;
      continue;
    }
    if (options.stopBefore?.()) {
      const held = due.slice(i).filter((row) => failing.has(row.endpointId)).length;
      report.held += held;
      report.deferred = due.length - i - held;
      break;
    }
    if ((await attemptRow(deps, delivery, now, options, report)) === 'retry') failing.add(delivery.endpointId);
  }
  return report;
}

/** One row's attempt, counted in the report; its outcome, or null when nothing was sent. */
async function attemptRow(deps: Deps, delivery: Delivery, now: number, options: AttemptOptions, report: DeliverReport): Promise<DeliveryOutcome['status'] | null> {
  try {
    const result = await attemptDelivery(deps, delivery, now, options);
    if (!result) return null;
    report.attempted += 1;
    if (result.delivery.status === 'delivered') report.delivered += 1;
    else if (result.delivery.status === 'pending') report.retrying += 1;
    else report.failed += 1;
    return result.attempt.outcome;
  } catch (error) {
    // A storage error on one row must not stop the others; the row is still pending and comes back.
    deps.log.error('delivery failed unexpectedly', { deliveryId: delivery.id, error: error instanceof Error ? error.message : String(error) });
    return null;
  }
}
