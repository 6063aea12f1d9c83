import { alertChannels } from '../src/alerts/alert-channels';
import type { Delivery, DeliveryOutcome } from '../src/domain/delivery';
import type { Deps } from '../src/runtime/deps';
import { listDueDeliveries, recordDeliveryAttempt } from '../src/storage/delivery-store';
import { getEndpoint } from '../src/storage/endpoint-store';

export interface DeliverReport {
  attempted: number;
  delivered: number;
  retrying: number;
  failed: number;
}

/** Attempts before a delivery is given up as dead and shown as such. */
export const MAX_ATTEMPTS = 10;

/** Deliver step: send due outbox rows; a row leaves `pending` only on an answer, never before the send. */
export async function runDeliver(deps: Deps, now: number, options: { limit?: number } = {}): Promise<DeliverReport> {
  const due = await listDueDeliveries(deps.db, now, options.limit ?? 50);
  const report: DeliverReport = { attempted: due.length, delivered: 0, retrying: 0, failed: 0 };
  for (const delivery of due) {
    const outcome = await attempt(deps, delivery, now);
    const next = nextState(delivery, outcome, now);
    await recordDeliveryAttempt(deps.db, delivery.id, next, now);
    if (next.status === 'delivered') report.delivered += 1;
    else if (next.status === 'pending') report.retrying += 1;
    else report.failed += 1;
    // Only the endpoint id is logged: webhook URLs often carry secrets in their path.
    deps.log.info('delivery attempt', { deliveryId: delivery.id, endpointId: delivery.endpointId, outcome: outcome.status });
  }
  return report;
}

async function attempt(deps: Deps, delivery: Delivery, now: number): Promise<DeliveryOutcome> {
  const endpoint = await getEndpoint(deps.db, delivery.endpointId);
  if (!endpoint || !endpoint.enabled) return { status: 'rejected', reason: 'endpoint removed or disabled', httpStatus: 0 };
  try {
    return await alertChannels[endpoint.kind].deliver(delivery, endpoint, { fetch: deps.fetch, now });
  } catch (error) {
    return { status: 'retry', reason: `channel error: ${String(error)}` };
  }
}

function nextState(delivery: Delivery, outcome: DeliveryOutcome, now: number) {
  if (outcome.status === 'delivered') return { status: 'delivered' as const, nextAttemptAt: now, error: null };
  if (outcome.status === 'rejected') return { status: 'rejected' as const, nextAttemptAt: now, error: outcome.reason };
  const attempts = delivery.attempts + 1;
  if (attempts >= MAX_ATTEMPTS) return { status: 'dead' as const, nextAttemptAt: now, error: outcome.reason };
  const backoff = Math.min(30_000 * 2 ** (attempts - 1), 60 * 60 * 1000);
  return { status: 'pending' as const, nextAttemptAt: now + Math.max(backoff, outcome.retryAfterMs ?? 0), error: outcome.reason };
}
