import type { Deps } from '../runtime/deps';
import { enqueueDeliveries, listDeliveries } from '../storage/delivery-store';
import { buildTestPayload, testEventId } from './alert-payload';
import { attemptDelivery, type AttemptOptions, type AttemptResult } from './attempt-delivery';

/**
 * A `test` event to one endpoint, through the outbox like any alert (so it is logged, retried and
 * redeliverable), and sent right away so the caller sees the first answer.
 */
export async function sendTestEvent(deps: Deps, endpointId: number, now: number, options: AttemptOptions = {}): Promise<AttemptResult | null> {
  const eventId = testEventId(endpointId, now);
  const payload = buildTestPayload(endpointId, eventId, now);
  await enqueueDeliveries(deps.db, { eventId, alertId: null, eventType: 'test', payload: JSON.stringify(payload) }, [endpointId], now);
  const [row] = await listDeliveries(deps.db, { endpointId, limit: 1 });
  const delivery = row && row.eventId === eventId ? row : undefined;
  if (!delivery) return null;
  return attemptDelivery(deps, delivery, now, options);
}
