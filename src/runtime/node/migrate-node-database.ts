import type { Db } from '../../storage/database';
import { recountEveryPendingBucket } from '../../storage/bucket-recount';
import { migrateToLatest } from '../../storage/migrate';

export interface NodeMigration {
  applied: string[];
  /** Topics whose bucket counts were recomputed: links a migration (0014) or a crash left uncounted. */
  recountedTopicIds: number[];
}

/**
 * migrateToLatest, then the recount of every bucket with a link pending. Migration 0014 repairs story
 * counts only by marking links uncounted, leaving the numbers to the recount every crawl and re-score
 * runs; on Node the next of those may be an hour away (`migrate` alone runs neither), and until then the
 * dashboard, the API and the detector read the wrong counts. The Worker leaves it to its cron's budgeted
 * recount: one request may not recount a large database within D1's limits. With nothing pending this is
 * one look-up, through mention_topics_uncounted.
 */
export async function migrateNodeDatabase(db: Db, now: number): Promise<NodeMigration> {
  const { applied } = await migrateToLatest(db, now);
  const { touchedTopicIds } = await recountEveryPendingBucket(db);
  return { applied, recountedTopicIds: touchedTopicIds };
}
