import type { Selectable } from 'kysely';
import type { Alert, AlertEvidence, AlertKind, AlertSeverity, AlertStatus } from '../domain/alert';
import type { AlertsTable, Db } from './database';

export function toAlert(row: Selectable<AlertsTable>): Alert {
  return {
    id: row.id,
    topicId: row.topic_id,
    kind: row.kind as AlertKind,
    status: row.status as AlertStatus,
    severity: row.severity as AlertSeverity,
    openedAt: row.opened_at,
    updatedAt: row.updated_at,
    acknowledgedAt: row.acknowledged_at,
    resolvedAt: row.resolved_at,
    evidence: JSON.parse(row.evidence) as AlertEvidence,
  };
}

export async function getAlert(db: Db, id: number): Promise<Alert | undefined> {
  const row = await db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toAlert(row) : undefined;
}

/** The alert of this topic and kind that is not resolved yet, if any (at most one by construction). */
export async function getActiveAlert(db: Db, topicId: number, kind: AlertKind): Promise<Alert | undefined> {
  const row = await db
    .selectFrom('alerts')
    .selectAll()
    .where('topic_id', '=', topicId)
    .where('kind', '=', kind)
    .where('status', '!=', 'resolved')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ? toAlert(row) : undefined;
}

/** Every alert of the topic not resolved yet (one per kind at most), oldest first; topics being deleted included. */
export async function listUnresolvedAlerts(db: Db, topicId: number): Promise<Alert[]> {
  const rows = await db.selectFrom('alerts').selectAll().where('topic_id', '=', topicId).where('status', '!=', 'resolved').orderBy('id').execute();
  return rows.map(toAlert);
}

export async function insertAlert(
  db: Db,
  input: { topicId: number; kind: AlertKind; severity: AlertSeverity; evidence: AlertEvidence },
  now: number,
): Promise<Alert> {
  const row = await db
    .insertInto('alerts')
    .values({
      topic_id: input.topicId,
      kind: input.kind,
      status: 'open',
      severity: input.severity,
      opened_at: now,
      updated_at: now,
      evidence: JSON.stringify(input.evidence),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAlert(row);
}

export async function updateAlert(
  db: Db,
  id: number,
  patch: { status?: AlertStatus; severity?: AlertSeverity; evidence?: AlertEvidence; resolvedAt?: number | null },
  now: number,
): Promise<Alert | undefined> {
  const row = await db
    .updateTable('alerts')
    .set({
      ...(patch.status ? { status: patch.status } : {}),
      ...(patch.severity ? { severity: patch.severity } : {}),
      ...(patch.evidence ? { evidence: JSON.stringify(patch.evidence) } : {}),
      ...(patch.resolvedAt !== undefined ? { resolved_at: patch.resolvedAt } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row ? toAlert(row) : undefined;
}

/** Evidence refreshed in the background (the usual level an open alert is drawn against): not news, so updated_at stays. */
export async function refreshAlertEvidence(db: Db, id: number, evidence: AlertEvidence): Promise<void> {
  await db.updateTable('alerts').set({ evidence: JSON.stringify(evidence) }).where('id', '=', id).execute();
}

/** Only an open alert can be acknowledged; acknowledging twice is a no-op that returns the alert. */
export async function acknowledgeAlert(db: Db, id: number, now: number): Promise<Alert | undefined> {
  await db
    .updateTable('alerts')
    .set({ status: 'acknowledged', acknowledged_at: now, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .execute();
  return getAlert(db, id);
}

export interface AlertQuery {
  topicId?: number;
  status?: AlertStatus;
  beforeId?: number;
  limit: number;
}

/** Newest first. The alerts of a topic being deleted are left out, as the topic is (listTopics); by id they are still there until it is gone. */
export async function listAlerts(db: Db, q: AlertQuery): Promise<Alert[]> {
  let query = db
    .selectFrom('alerts')
    .selectAll()
    .where((eb) => eb.not(eb.exists(eb.selectFrom('topics').select('topics.id').whereRef('topics.id', '=', 'alerts.topic_id').where('topics.delete_requested_at', 'is not', null))));
  if (q.topicId !== undefined) query = query.where('topic_id', '=', q.topicId);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.beforeId !== undefined) query = query.where('id', '<', q.beforeId);
  return (await query.orderBy('id', 'desc').limit(q.limit).execute()).map(toAlert);
}
