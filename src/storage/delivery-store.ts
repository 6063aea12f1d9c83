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
 * repeated run (after a crash) enqueue nothing twice. Returns how many rows are new.
 */
export async function enqueueDeliveries(
  db: Db,
  event: { eventId: string; alertId: number | null; eventType: AlertEventType; payload: string },
  endpointIds: number[],
  now: number,
): Promise<number> {
  let inserted = 0;
  for (const endpointId of endpointIds) {
    const result = await db
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
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return inserted;
}

/** Due rows of enabled endpoints only: a disabled endpoint's rows wait, pending, until it is turned back on. */
export async function listDueDeliveries(db: Db, now: number, limit: number): Promise<Delivery[]> {
  const rows = await db
    .selectFrom('deliveries')
    .innerJoin('webhook_endpoints', 'webhook_endpoints.id', 'deliveries.endpoint_id')
    .selectAll('deliveries')
    .where('deliveries.status', '=', 'pending')
    .where('deliveries.next_attempt_at', '<=', now)
    .where('webhook_endpoints.enabled', '=', 1)
    .orderBy('deliveries.next_attempt_at')
    .orderBy('deliveries.id')
    .limit(limit)
    .execute();
  return rows.map(toDelivery);
}

/** When the earliest pending delivery to an enabled endpoint is due, or null when none is pending. */
export async function nextPendingDeliveryAt(db: Db): Promise<number | null> {
  const row = await db
    .selectFrom('deliveries')
    .innerJoin('webhook_endpoints', 'webhook_endpoints.id', 'deliveries.endpoint_id')
    .select((eb) => eb.fn.min('deliveries.next_attempt_at').as('at'))
    .where('deliveries.status', '=', 'pending')
    .where('webhook_endpoints.enabled', '=', 1)
    .executeTakeFirst();
  return row?.at === null || row?.at === undefined ? null : Number(row.at);
}

/**
 * Takes a due row for one send by pushing its next attempt past the send's timeout. A second runner that
 * listed the same row loses the compare-and-set; a runner that crashes mid-send leaves the row to be
 * retried when the lease ends (at-least-once, never lost). No transaction needed, so it works on D1 too.
 */
export async function claimDelivery(db: Db, delivery: Delivery, leaseUntil: number): Promise<boolean> {
  return moveNextAttempt(db, delivery, leaseUntil);
}

/**
 * The compare-and-set behind a claim and a deferral: the row's next attempt moves only if it is still
 * pending and due when it was listed, so of two runners that listed it, one wins.
 */
async function moveNextAttempt(db: Db, delivery: Delivery, to: number): Promise<boolean> {
  const result = await db
    .updateTable('deliveries')
    .set({ next_attempt_at: to })
    .where('id', '=', delivery.id)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '=', delivery.nextAttemptAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** An older row of the same alert to the same endpoint that is still pending: it goes first. */
export async function findEarlierPendingDelivery(db: Db, delivery: Delivery): Promise<Delivery | undefined> {
  if (delivery.alertId === null) return undefined;
  const row = await db
    .selectFrom('deliveries')
    .selectAll()
    .where('alert_id', '=', delivery.alertId)
    .where('endpoint_id', '=', delivery.endpointId)
    .where('status', '=', 'pending')
    .where('id', '<', delivery.id)
    .orderBy('id')
    .executeTakeFirst();
  return row ? toDelivery(row) : undefined;
}

/** Moves a due row's next attempt (compare-and-set, like a claim). */
export async function deferDelivery(db: Db, delivery: Delivery, until: number): Promise<void> {
  await moveNextAttempt(db, delivery, until);
}

export async function getDelivery(db: Db, id: number): Promise<Delivery | undefined> {
  const row = await db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toDelivery(row) : undefined;
}

/** Sends the row again from the start of the schedule, with the same webhook-id so a deduplicating receiver can tell. */
export async function requeueDelivery(db: Db, id: number, now: number): Promise<Delivery | undefined> {
  const row = await db
    .updateTable('deliveries')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now, last_error: null, delivered_at: null })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row ? toDelivery(row) : undefined;
}

/** Endpoints that were told about an alert: only they hear that it resolved. */
export async function listNotifiedEndpointIds(db: Db, alertId: number): Promise<Set<number>> {
  const rows = await db.selectFrom('deliveries').select('endpoint_id').distinct().where('alert_id', '=', alertId).execute();
  return new Set(rows.map((r) => r.endpoint_id));
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

export interface DeliveryQuery {
  alertId?: number;
  endpointId?: number;
  status?: DeliveryStatus;
  beforeId?: number;
  limit: number;
}

export async function listDeliveries(db: Db, q: DeliveryQuery): Promise<Delivery[]> {
  let query = db.selectFrom('deliveries').selectAll();
  if (q.alertId !== undefined) query = query.where('alert_id', '=', q.alertId);
  if (q.endpointId !== undefined) query = query.where('endpoint_id', '=', q.endpointId);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.beforeId !== undefined) query = query.where('id', '<', q.beforeId);
  return (await query.orderBy('id', 'desc').limit(q.limit).execute()).map(toDelivery);
}
