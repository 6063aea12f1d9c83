import { sql, type ExpressionBuilder, type Selectable } from 'kysely';
import type { AlertEventType } from '../domain/alert';
import type { Delivery, DeliveryStatus } from '../domain/delivery';
import type { Database, DeliveriesTable, Db } from './database';

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
    sendingUntil: row.sending_until,
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

/** Nobody is sending the row at `now`: it was never taken, its attempt was recorded, or its lease ran out (a crash). */
function leaseEnded(now: number) {
  return (eb: ExpressionBuilder<Database, 'deliveries'>) => eb.or([eb('deliveries.sending_until', 'is', null), eb('deliveries.sending_until', '<=', now)]);
}

/** The row's lease is still the one it was read with: no other sender took it since. */
function sameLease(delivery: Pick<Delivery, 'sendingUntil'>) {
  return (eb: ExpressionBuilder<Database, 'deliveries'>) =>
    delivery.sendingUntil === null ? eb('sending_until', 'is', null) : eb('sending_until', '=', delivery.sendingUntil);
}

/**
 * Due rows of enabled endpoints only: a disabled endpoint's rows wait, pending, until it is turned back on.
 * A row another sender holds is not due until its lease ends.
 *
 * Endpoints take turns: each one's oldest due row, then each one's second, and so on, so a backlog of
 * retries to a receiver that is down never fills the limit ahead of a fresh alert to another. Within a
 * turn, endpoints in a failure streak come after the others: a healthy receiver is not kept waiting for
 * one that is likely to time out. One endpoint's rows keep their order (due time, then id).
 * The turn is a window function: one statement, on SQLite and on D1 (SQLite 3.25 and later has them).
 */
export async function listDueDeliveries(db: Db, now: number, limit: number): Promise<Delivery[]> {
  const rows = await db
    .selectFrom('deliveries')
    .innerJoin('webhook_endpoints', 'webhook_endpoints.id', 'deliveries.endpoint_id')
    .selectAll('deliveries')
    .where('deliveries.status', '=', 'pending')
    .where('deliveries.next_attempt_at', '<=', now)
    .where(leaseEnded(now))
    .where('webhook_endpoints.enabled', '=', 1)
    .orderBy((eb) => eb.fn.agg<number>('row_number').over((over) => over.partitionBy('deliveries.endpoint_id').orderBy('deliveries.next_attempt_at').orderBy('deliveries.id')))
    .orderBy(sql`webhook_endpoints.failing_since is not null`)
    .orderBy('deliveries.next_attempt_at')
    .orderBy('deliveries.id')
    .limit(limit)
    .execute();
  return rows.map(toDelivery);
}

/**
 * When the earliest pending delivery to an enabled endpoint is due, or null when none is pending. A row
 * being sent counts from the end of its lease: its sender records the next time, and were it due at once,
 * the Node follow-up timer would wake again and again while the send is under way.
 */
export async function nextPendingDeliveryAt(db: Db): Promise<number | null> {
  const row = await db
    .selectFrom('deliveries')
    .innerJoin('webhook_endpoints', 'webhook_endpoints.id', 'deliveries.endpoint_id')
    // SQLite's two-argument max() is the larger of the two (null if either is null, hence the coalesce).
    .select(sql<number | null>`min(max(deliveries.next_attempt_at, coalesce(deliveries.sending_until, 0)))`.as('at'))
    .where('deliveries.status', '=', 'pending')
    .where('webhook_endpoints.enabled', '=', 1)
    .executeTakeFirst();
  return row?.at === null || row?.at === undefined ? null : Number(row.at);
}

/**
 * Takes a due row for one send with a lease that outlasts the send's timeout. A second runner that listed
 * the same row loses the compare-and-set, and so does a redelivery; a runner that crashes mid-send leaves
 * the row to be retried when the lease ends (at-least-once, never lost). The schedule (next_attempt_at)
 * is left as it is, so the row never reads as waiting for a retry while it is being sent. No transaction
 * needed, so it works on D1 too.
 */
export async function claimDelivery(db: Db, delivery: Delivery, leaseUntil: number, now: number): Promise<boolean> {
  const result = await db
    .updateTable('deliveries')
    .set({ sending_until: leaseUntil })
    .where(freeAsListed(delivery, now))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The row is as it was listed and free to take: still pending, due at the same time, under the same lease,
 * and that lease ended. Of two runners that listed it, the first to write wins.
 */
function freeAsListed(delivery: Delivery, now: number) {
  return (eb: ExpressionBuilder<Database, 'deliveries'>) =>
    eb.and([eb('id', '=', delivery.id), eb('status', '=', 'pending'), eb('next_attempt_at', '=', delivery.nextAttemptAt), sameLease(delivery)(eb), leaseEnded(now)(eb)]);
}

/**
 * An older row of the same alert to the same endpoint that is still pending: it goes first. Rows whose
 * alert is gone (its topic was deleted: the alert row cascades, `alert_id` becomes null) are told apart
 * by their event id's alert part, so a pending resolution still waits behind its pending opening.
 */
export async function findEarlierPendingDelivery(db: Db, delivery: Delivery): Promise<Delivery | undefined> {
  const { alertId } = delivery;
  const prefix = alertEventIdPrefix(delivery.eventId);
  if (alertId === null && prefix === null) return undefined;
  const row = await db
    .selectFrom('deliveries')
    .selectAll()
    .where((eb) => (alertId !== null ? eb('alert_id', '=', alertId) : eb(sql<string>`substr(event_id, 1, ${prefix?.length ?? 0})`, '=', prefix ?? '')))
    .where('endpoint_id', '=', delivery.endpointId)
    .where('status', '=', 'pending')
    .where('id', '<', delivery.id)
    .orderBy('id')
    .executeTakeFirst();
  return row ? toDelivery(row) : undefined;
}

/** `evt_alert_12_` for an alert event's id (alert-payload's alertEventId), null for any other. */
function alertEventIdPrefix(eventId: string): string | null {
  return /^evt_alert_\d+_/.exec(eventId)?.[0] ?? null;
}

/** Moves a due row's next attempt (compare-and-set, like a claim): never that of a row someone is sending. */
export async function deferDelivery(db: Db, delivery: Delivery, until: number, now: number): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({ next_attempt_at: until })
    .where(freeAsListed(delivery, now))
    .execute();
}

export async function getDelivery(db: Db, id: number): Promise<Delivery | undefined> {
  const row = await db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toDelivery(row) : undefined;
}

export type RequeueResult = { kind: 'requeued'; delivery: Delivery } | { kind: 'being-sent'; delivery: Delivery } | { kind: 'missing' };

/**
 * Sends the row again from the start of the schedule, with the same webhook-id so a deduplicating receiver
 * can tell; refused while a sender holds it (a second copy would go out at once, and the two answers would
 * race to set its state). One compare-and-set, so a claim between a check and the update cannot slip through.
 */
export async function requeueDelivery(db: Db, id: number, now: number): Promise<RequeueResult> {
  const row = await db
    .updateTable('deliveries')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now, sending_until: null, last_error: null, delivered_at: null })
    .where('id', '=', id)
    .where(leaseEnded(now))
    .returningAll()
    .executeTakeFirst();
  if (row) return { kind: 'requeued', delivery: toDelivery(row) };
  const current = await getDelivery(db, id);
  return current ? { kind: 'being-sent', delivery: current } : { kind: 'missing' };
}

/**
 * Endpoints that were told about an alert, or still will be (an event of it delivered or pending): only
 * they hear that it resolved. One whose every event of it was given up (dead) or refused never saw it.
 */
export async function listNotifiedEndpointIds(db: Db, alertId: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom('deliveries')
    .select('endpoint_id')
    .distinct()
    .where('alert_id', '=', alertId)
    .where('status', 'in', ['pending', 'delivered'])
    .execute();
  return new Set(rows.map((r) => r.endpoint_id));
}

/**
 * After an event of an alert was given up or refused at an endpoint: its resolution waiting behind it
 * is given up too when no other event of the alert reached the endpoint or still may, so a receiver
 * that was down until after the opening died does not come back to a resolution of an alert it never
 * saw. A redelivery of either row is still the operator's to ask for. Rows being sent are left alone.
 */
export async function giveUpUnannouncedResolutions(db: Db, alertId: number, endpointId: number, now: number): Promise<number> {
  const result = await db
    .updateTable('deliveries')
    .set({ status: 'dead', next_attempt_at: now, last_error: 'not sent: this endpoint never received the opening or an escalation of the alert' })
    .where('alert_id', '=', alertId)
    .where('endpoint_id', '=', endpointId)
    .where('event_type', '=', 'alert.resolved')
    .where('status', '=', 'pending')
    .where(leaseEnded(now))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('deliveries as told')
            .select('told.id')
            .where('told.alert_id', '=', alertId)
            .where('told.endpoint_id', '=', endpointId)
            .where('told.event_type', '!=', 'alert.resolved')
            .where('told.status', 'in', ['pending', 'delivered']),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * The row's state after one attempt, written by the sender that holds it, which ends the lease. False when
 * the lease is no longer the sender's (it ran out and another sender took the row): that sender's answer
 * sets the state, and this one must not overwrite it.
 */
export async function recordDeliveryAttempt(
  db: Db,
  lease: { deliveryId: number; until: number },
  result: { status: DeliveryStatus; nextAttemptAt: number; error: string | null },
  now: number,
): Promise<boolean> {
  const written = await db
    .updateTable('deliveries')
    .set((eb) => ({
      status: result.status,
      attempts: eb('attempts', '+', 1),
      next_attempt_at: result.nextAttemptAt,
      sending_until: null,
      last_error: result.error === null ? null : result.error.slice(0, 500),
      ...(result.status === 'delivered' ? { delivered_at: now } : {}),
    }))
    .where('id', '=', lease.deliveryId)
    .where('sending_until', '=', lease.until)
    .executeTakeFirst();
  return Number(written.numUpdatedRows) === 1;
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
