import { sql, type Selectable } from 'kysely';
import type { DeliveryAttempt, DeliveryOutcome } from '../domain/delivery';
import type { Db, DeliveryAttemptsTable } from './database';

export function toDeliveryAttempt(row: Selectable<DeliveryAttemptsTable>): DeliveryAttempt {
  return {
    id: row.id,
    deliveryId: row.delivery_id,
    endpointId: row.endpoint_id,
    attempt: row.attempt,
    attemptedAt: row.attempted_at,
    outcome: row.outcome as DeliveryOutcome['status'],
    httpStatus: row.http_status,
    latencyMs: row.latency_ms,
    error: row.error,
    nextAttemptAt: row.next_attempt_at,
  };
}

/**
 * Appends to the log, numbering the attempt by its place in the delivery's log: 1 for the first, and on
 * across redeliveries, which restart the retry schedule (`deliveries.attempts`) but not the log. Counted
 * in the insert itself, so two writers cannot take the same number; after a log written before this
 * (when a redelivery started again from 1), the number is still its place and above every earlier one.
 */
export async function insertDeliveryAttempt(db: Db, attempt: Omit<DeliveryAttempt, 'id' | 'attempt'>): Promise<DeliveryAttempt> {
  const row = await db
    .insertInto('delivery_attempts')
    .values((eb) => ({
      delivery_id: attempt.deliveryId,
      endpoint_id: attempt.endpointId,
      attempt: eb
        .selectFrom('delivery_attempts')
        .select(sql<number>`count(*) + 1`.as('next'))
        .where('delivery_id', '=', attempt.deliveryId),
      attempted_at: attempt.attemptedAt,
      outcome: attempt.outcome,
      http_status: attempt.httpStatus,
      latency_ms: Math.max(0, Math.round(attempt.latencyMs)),
      error: attempt.error === null ? null : attempt.error.slice(0, 300),
      next_attempt_at: attempt.nextAttemptAt,
    }))
    .returningAll()
    .executeTakeFirstOrThrow();
  return toDeliveryAttempt(row);
}

/** How much of a delivery's log listDeliveryAttempts gives: a retry run is 29 attempts, so three runs and more. */
export const ATTEMPT_LOG_LIMIT = 100;

/**
 * The newest `limit` attempts of the log, oldest first: the log reads as the schedule it followed. The
 * newest, because a delivery redelivered a few times has more than fits, and what its last run did is
 * what its reader came for (the first 100 hid it).
 */
export async function listDeliveryAttempts(db: Db, deliveryId: number, limit = ATTEMPT_LOG_LIMIT): Promise<DeliveryAttempt[]> {
  const rows = await db.selectFrom('delivery_attempts').selectAll().where('delivery_id', '=', deliveryId).orderBy('id', 'desc').limit(limit).execute();
  return rows.reverse().map(toDeliveryAttempt);
}

/**
 * How many attempts each delivery's log holds (across redeliveries, unlike `deliveries.attempts`, the
 * place on the retry schedule), by delivery id; a delivery never attempted is absent. One statement for
 * a page of the list (at most 100 ids, well under the bound-parameter limit).
 */
export async function countDeliveryAttempts(db: Db, deliveryIds: readonly number[]): Promise<Map<number, number>> {
  if (deliveryIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('delivery_attempts')
    .select(['delivery_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('delivery_id', 'in', [...deliveryIds])
    .groupBy('delivery_id')
    .execute();
  return new Map(rows.map((row) => [row.delivery_id, Number(row.n)]));
}
