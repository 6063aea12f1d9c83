import type { Db } from './database';

/** Detector state is opaque JSON to storage: the detector owns its shape. */
export async function loadDetectorState<T>(db: Db, topicId: number): Promise<T | null> {
  const row = await db.selectFrom('detector_states').select('state').where('topic_id', '=', topicId).executeTakeFirst();
  return row ? (JSON.parse(row.state) as T) : null;
}

export async function saveDetectorState(db: Db, topicId: number, state: unknown, now: number): Promise<void> {
  const json = JSON.stringify(state);
  await db
    .insertInto('detector_states')
    .values({ topic_id: topicId, state: json, updated_at: now })
    .onConflict((oc) => oc.column('topic_id').doUpdateSet({ state: json, updated_at: now }))
    .execute();
}

/** When each topic's detector state was last saved, by topic id; topics never detected are absent. */
export async function listDetectorStateTimes(db: Db): Promise<Map<number, number>> {
  const rows = await db.selectFrom('detector_states').select(['topic_id', 'updated_at']).execute();
  return new Map(rows.map((r) => [r.topic_id, r.updated_at]));
}
