import type { Db } from './database';

/**
 * Forgets what the last fetches learned (validators, adapter cursor, error streak, where the feed
 * moved) and makes the source due now. For a source whose URL changed: the old feed's ETag or since-id
 * means nothing to the new one, the old feed's failures should not keep the new one backed off, and
 * the old feed's new address is not the new one's.
 */
export async function resetSourceFetchState(db: Db, id: number, now: number): Promise<void> {
  await db
    .updateTable('sources')
    .set({
      etag: null,
      last_modified: null,
      cursor: null,
      moved_to: null,
      error_count: 0,
      last_error: null,
      last_error_kind: null,
      next_check_at: now,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}
