import type { Selectable } from 'kysely';
import type { AlertEventType } from '../domain/alert';
import type { Delivery, DeliveryStatus } from '../domain/delivery';
import type { DeliveriesTable, Db } from './database';

export function toDelivery(row: Selectable<DeliveriesTable>): Delivery {
  return {
    id: row.id,
    eventId: row.event_id,
    endpointId: row.endpoint_id,
    alertId: row.alert_id,
    eventType: row.event_type as AlertEventType,
    payload: row.payload,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}

/**
 * Writes one outbox row per endpoint before anything is sent. The (event_id, endpoint_id) key makes a
 * repeated run (after a crash) enqueue nothing twice.
 */
export async function enqueueDeliveries(
  db: Db,
  event: { eventId: string; alertId: number | null; eventType: AlertEventType; payload: string },
  endpointIds: number[],
  now: number,
): Promise<void> {
  for (const endpointId of endpointIds) {
    await db
      .insertInto('deliveries')
      .values({
        event_id: event.eventId,
        endpoint_id: endpointId,
        alert_id: event.alertId,
        event_type: event.eventType,
        payload: event.payload,
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['event_id', 'endpoint_id']).doNothing())
      .execute();
  }
}

export async function listDueDeliveries(db: Db, now: number, limit: number): Promise<Delivery[]> {
  const rows = await db
    .selectFrom('deliveries')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toDelivery);
}

export async function recordDeliveryAttempt(
  db: Db,
  id: number,
  result: { status: DeliveryStatus; nextAttemptAt: number; error: string | null },
  now: number,
): Promise<void> {
  await db
    .updateTable('deliveries')
    .set((eb) => ({
      status: result.status,
      attempts: eb('attempts', '+', 1),
      next_attempt_at: result.nextAttemptAt,
      last_error: result.error === null ? null : result.error.slice(0, 500),
      ...(result.status === 'delivered' ? { delivered_at: now } : {}),
    }))
    .where('id', '=', id)
    .execute();
}

export async function listDeliveries(db: Db, q: { alertId?: number; status?: DeliveryStatus; limit: number }): Promise<Delivery[]> {
  let query = db.selectFrom('deliveries').selectAll();
  if (q.alertId !== undefined) query = query.where('alert_id', '=', q.alertId);
  if (q.status) query = query.where('status', '=', q.status);
  return (await query.orderBy('id', 'desc').limit(q.limit).execute()).map(toDelivery);
}
