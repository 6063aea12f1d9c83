import { sql } from 'kysely';
import { bucketStart, BUCKET_MS } from '../domain/bucket';
import { spend, type StatementBudget } from './statement-budget';
import { countedLinksInWindow } from './counted-links';
import type { Db } from './database';

/** Statements recountBucket sends for one bucket. */
const STATEMENTS_PER_BUCKET = 3;

/**
 * Statements a recount of pending buckets sends unless told otherwise: the look-up and 50 buckets. A
 * re-score or a repair can leave thousands of links uncounted, and a Worker invocation may send 1,000
 * D1 statements in all (worker-budget.ts): a recount takes what fits, the next one goes on.
 */
export const RECOUNT_STATEMENTS = 1 + 50 * STATEMENTS_PER_BUCKET;

/** Buckets one look-up reads at most, whatever the budget: no read grows with what is pending. */
const PENDING_LOOKUP_LIMIT = 1000;

export interface PendingRecount {
  /** Topics whose buckets were recounted: the detector looks at these. */
  touchedTopicIds: number[];
  /** Buckets are still pending: the budget ran out before them, and the next recount goes on. */
  more: boolean;
}

/**
 * Recomputes buckets that have links not yet counted (counted below 1: see recountBucket), as many as
 * the budget pays for: one statement to look them up, then three a bucket, spent before each bucket so
 * a run stops between buckets, never in one. It claims only the buckets it recounts, so one it leaves
 * is still pending, and one a crash stops in is too (recountBucket); each run recounts what it looked up.
 */
export async function recountPendingBuckets(db: Db, budget: StatementBudget = { left: RECOUNT_STATEMENTS }): Promise<PendingRecount> {
  if (!spend(budget, 1)) return { touchedTopicIds: [], more: true };
  const fits = Math.min(Math.floor(budget.left / STATEMENTS_PER_BUCKET), PENDING_LOOKUP_LIMIT);
  const bucket = sql.lit(BUCKET_MS);
  // Floored as bucketStart is, so a link is always inside the bucket recountBucket is given for it.
  const pending = await db
    .selectFrom('mention_topics')
    .select(['topic_id', sql<number>`bucket_at - ((bucket_at % ${bucket}) + ${bucket}) % ${bucket}`.as('start')])
    .distinct()
    .where('counted', '<', 1)
    .limit(fits + 1)
    .execute();
  const touched = new Set<number>();
  for (const { topic_id, start } of pending.slice(0, fits)) {
    if (!spend(budget, STATEMENTS_PER_BUCKET)) return { touchedTopicIds: [...touched], more: true };
    await recountBucket(db, topic_id, start);
    touched.add(topic_id);
  }
  return { touchedTopicIds: [...touched], more: pending.length > fits };
}

/** Recounts the buckets of a mention's links whatever else is pending: a change to one mention shows at once. */
export async function recountMentionBuckets(db: Db, mentionId: number): Promise<void> {
  const links = await db.selectFrom('mention_topics').select(['topic_id', 'bucket_at']).where('mention_id', '=', mentionId).execute();
  for (const { topic_id, bucket_at } of links) await recountBucket(db, topic_id, bucketStart(bucket_at));
}

/** recountPendingBuckets run after run until no bucket is pending: each run recounts every bucket it looked up. */
export async function recountEveryPendingBucket(db: Db): Promise<PendingRecount> {
  const touched = new Set<number>();
  for (;;) {
    const run = await recountPendingBuckets(db);
    run.touchedTopicIds.forEach((id) => touched.add(id));
    if (!run.more) return { touchedTopicIds: [...touched], more: false };
  }
}

/**
 * Brings one bucket up to date with its links. Crawls recount at once (a crawl's workers share one
 * connection, cron invocations overlap on D1), and a crash may stop one between any two statements:
 * 1. claim the bucket's uncounted links with a mark of this recount's own (any counted below 1 is uncounted);
 * 2. recompute the bucket from every link that counts in one statement: read in one and written in
 *    another, a recount's numbers from before another crawl's link overwrote that crawl's recount;
 * 3. mark counted the links this recount claimed, all there at step 2. Marking every uncounted link of the
 *    bucket marked a link another crawl inserted after step 2, and that crawl then found nothing to recount.
 * A claim another recount took over is counted by that one; one a crash left is still uncounted.
 */
export async function recountBucket(db: Db, topicId: number, start: number): Promise<void> {
  const end = start + BUCKET_MS;
  const claim = -1 - (crypto.getRandomValues(new Uint32Array(1))[0]! >>> 1);
  await db
    .updateTable('mention_topics')
    .set({ counted: claim })
    .where('topic_id', '=', topicId)
    .where('bucket_at', '>=', start)
    .where('bucket_at', '<', end)
    .where('counted', '<', 1)
    .execute();
  const totals = countedLinksInWindow(db, topicId, start, end).select((eb) => [
      eb.val(topicId).as('topic_id'),
      eb.val(start).as('bucket_start'),
      eb.fn.countAll<number>().as('count'),
      eb.fn.coalesce(eb.fn.sum<number>(sql<number>`m.sentiment_label = 'negative'`), eb.val(0)).as('negative'),
      eb.fn.coalesce(eb.fn.sum<number>(sql<number>`m.sentiment_label = 'positive'`), eb.val(0)).as('positive'),
      eb.fn.coalesce(eb.fn.sum<number>('m.sentiment_score'), eb.val(0)).as('sentiment_sum'),
      eb.fn.coalesce(eb.fn.sum<number>(sql<number>`m.sentiment_label != 'unscored'`), eb.val(0)).as('scored'),
      // SUM and COUNT skip nulls: mentions whose source reported no engagement add nothing to either.
      eb.fn.coalesce(eb.fn.sum<number>('m.engagement_total'), eb.val(0)).as('engagement_sum'),
      eb.fn.count<number>('m.engagement_total').as('engagement_known'),
    ]);
  const columns = ['count', 'negative', 'positive', 'sentiment_sum', 'scored', 'engagement_sum', 'engagement_known'] as const;
  await db
    .insertInto('topic_buckets')
    .columns(['topic_id', 'bucket_start', ...columns])
    .expression(totals)
    .onConflict((oc) => oc.columns(['topic_id', 'bucket_start']).doUpdateSet((eb) => Object.fromEntries(columns.map((c) => [c, eb.ref(`excluded.${c}`)]))))
    .execute();
  await db
    .updateTable('mention_topics')
    .set({ counted: 1 })
    .where('topic_id', '=', topicId)
    .where('bucket_at', '>=', start)
    .where('bucket_at', '<', end)
    .where('counted', '=', claim)
    .execute();
}
