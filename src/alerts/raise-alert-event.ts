import type { Alert, AlertEventType } from '../domain/alert';
import type { Topic } from '../domain/topic';
import type { Deps } from '../runtime/deps';
import { enqueueDeliveries } from '../storage/delivery-store';
import { listEndpoints } from '../storage/endpoint-store';
import { alertEventId, buildAlertPayload } from './alert-payload';

/** Writes the outbox rows for an alert event, one per enabled endpoint, before anything is sent. */
export async function raiseAlertEvent(
  deps: Deps,
  alert: Alert,
  topic: Pick<Topic, 'id' | 'name'>,
  type: AlertEventType,
  now: number,
  qualifier = '',
): Promise<void> {
  const endpoints = await listEndpoints(deps.db, { enabledOnly: true });
  const eventId = alertEventId(alert, type, qualifier);
  const payload = buildAlertPayload(alert, topic, type, eventId, now, deps.settings.publicUrl);
  await enqueueDeliveries(
    deps.db,
    { eventId, alertId: alert.id, eventType: type, payload: JSON.stringify(payload) },
    endpoints.map((e) => e.id),
    now,
  );
}
