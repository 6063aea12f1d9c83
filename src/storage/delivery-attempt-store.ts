import type { Selectable } from 'kysely';
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

export async function insertDeliveryAttempt(db: Db, attempt: Omit<DeliveryAttempt, 'id'>): Promise<DeliveryAttempt> {
  const row = await db
    .insertInto('delivery_attempts')
    .values({
      delivery_id: attempt.deliveryId,
      endpoint_id: attempt.endpointId,
      attempt: attempt.attempt,
      attempted_at: attempt.attemptedAt,
      outcome: attempt.outcome,
      http_status: attempt.httpStatus,
      latency_ms: Math.max(0, Math.round(attempt.latencyMs)),
      error: attempt.error === null ? null : attempt.error.slice(0, 300),
      next_attempt_at: attempt.nextAttemptAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toDeliveryAttempt(row);
}

/** Oldest first: the log reads as the schedule it followed. */
export async function listDeliveryAttempts(db: Db, deliveryId: number, limit = 100): Promise<DeliveryAttempt[]> {
  const rows = await db.selectFrom('delivery_attempts').selectAll().where('delivery_id', '=', deliveryId).orderBy('id').limit(limit).execute();
  return rows.map(toDeliveryAttempt);
}
