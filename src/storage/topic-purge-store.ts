import type { Topic } from '../domain/topic';
import type { Db } from './database';
import { recordMentionSweep } from './mention-sweep-store';
import { hasLexiconOverrides, markSharedMentionsForRescore } from './sentiment-store';
import { purgeSource } from './source-purge-store';
import { markForPurge } from './source-store';
import { spend, type StatementBudget } from './statement-budget';
import { toTopic } from './topic-store';

/**
 * Links of a topic being deleted removed per statement, once its own sources are gone: the links it has
 * through sources that serve every topic. The statement finds them itself, so no id list is bound; the
 * shared mentions among them are marked for re-scoring a chunk at a time too.
 */
export const TOPIC_LINK_CHUNK = 500;

/**
 * Buckets of a topic being deleted removed per statement. A topic has one per five minutes with mentions,
 * so a busy one gains ~100,000 a year: one DELETE for all of them grows with its age.
 */
export const TOPIC_BUCKET_CHUNK = 1000;

/** Rows one statement of purgeTopic takes on; smaller in tests, to see many steps. */
export interface TopicPurgeLimits {
  links: number;
  buckets: number;
}

export const TOPIC_PURGE_LIMITS: TopicPurgeLimits = { links: TOPIC_LINK_CHUNK, buckets: TOPIC_BUCKET_CHUNK };

/**
 * Deleting a topic, step one, each statement safe to repeat: the sweep of the mentions it will leave with
 * no link is recorded (recordMentionSweep; it waits until the row is gone), then the topic is marked.
 * From then on nothing lists, matches or detects it (listTopics, getTopic), nor lends its lexicon
 * overrides to a re-score (loadTopicOverrides), and purgeTopic removes it in bounded steps. Repeating it keeps the first request time. Undefined when there
 * is no such topic.
 */
export async function requestTopicDeletion(db: Db, id: number, now: number): Promise<Topic | undefined> {
  await recordMentionSweep(db, id, now);
  const row = await db
    .updateTable('topics')
    .set((eb) => ({ delete_requested_at: eb.fn.coalesce('delete_requested_at', eb.val(now)), updated_at: now }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row ? toTopic(row) : undefined;
}

export type TopicDeletion = { kind: 'deleted' } | { kind: 'deleting'; topic: Topic } | { kind: 'not-found' };

/**
 * requestTopicDeletion, then purgeTopic as far as the budget allows: `deleting` when the purge step
 * (jobs/purge-sources.ts) has the rest to do. Asked again, it goes on from where the last one stopped.
 * `beforePurge` runs once the topic is marked and before anything of it goes (the API closes its alerts
 * there: they go with its row).
 */
export async function deleteTopic(
  db: Db,
  id: number,
  now: number,
  budget: StatementBudget,
  beforePurge: (topic: Topic) => Promise<unknown> = async () => undefined,
): Promise<TopicDeletion> {
  const topic = await requestTopicDeletion(db, id, now);
  if (!topic) return { kind: 'not-found' };
  await beforePurge(topic);
  return (await purgeTopic(db, id, budget, now)) ? { kind: 'deleted' } : { kind: 'deleting', topic };
}

/** Topics DELETE asked to remove, oldest request first. */
export async function listTopicsToPurge(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('topics').select('id').where('delete_requested_at', 'is not', null).orderBy('delete_requested_at').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/**
 * As much of a marked topic's deletion as the budget allows: true when its row is gone. No statement's
 * size grows with its mentions, which a cascade from the row would take all at once:
 * a. its own sources (topic_id = it) are marked for deletion, as DELETE /api/sources/:id does; again on
 *    every run, so one a crash left unmarked, or one created meanwhile, is caught;
 * b. each is purged chunk by chunk (purgeSource: buckets recounted, stories re-pointed, then the row);
 * c. its buckets go a chunk at a time (one row per bucket with mentions: they grow with time, not with
 *    mentions), so that none is left counting the links that go next; a bucket is either a fresh recount
 *    or gone, and none of a topic being deleted is shown anywhere meanwhile;
 * d. its links through the sources that serve every topic go a chunk at a time (the mentions they leave
 *    with no link are the sweep's, once the row is gone); when it has lexicon overrides, each chunk's
 *    mentions that another topic links are marked for re-scoring without them first
 *    (markSharedMentionsForRescore), in the same run, so a crash between the two marks the chunk again;
 * e. the row, guarded: only while no own source is left. Its alerts, detector state, settings and mute
 *    cascade, none of which grows with its mentions.
 */
export async function purgeTopic(db: Db, topicId: number, budget: StatementBudget, now: number, limits: TopicPurgeLimits = TOPIC_PURGE_LIMITS): Promise<boolean> {
  if (!spend(budget, 2)) return false;
  await db
    .updateTable('sources')
    .set(markForPurge(now))
    .where('topic_id', '=', topicId)
    .where('topic_id', 'in', (eb) => eb.selectFrom('topics').select('id').where('delete_requested_at', 'is not', null))
    .execute();
  const own = await db.selectFrom('sources').select('id').where('topic_id', '=', topicId).orderBy('id').execute();
  for (const source of own) if (!(await purgeSource(db, source.id, budget))) return false;
  for (;;) {
    if (!spend(budget, 1)) return false;
    if ((await deleteBucketChunk(db, topicId, limits.buckets)) < limits.buckets) break;
  }
  if (!spend(budget, 1)) return false;
  const marksShared = await hasLexiconOverrides(db, topicId);
  for (;;) {
    // The mark and the delete taken together, so a run never stops between the two.
    if (!spend(budget, marksShared ? 2 : 1)) return false;
    if (marksShared) await markSharedMentionsForRescore(db, topicId, selectLinkChunk(db, topicId, limits.links));
    const deleted = await db.deleteFrom('mention_topics').where('topic_id', '=', topicId).where('mention_id', 'in', selectLinkChunk(db, topicId, limits.links)).executeTakeFirst();
    if (Number(deleted.numDeletedRows) < limits.links) break;
  }
  if (!spend(budget, 2)) return false;
  await db
    .deleteFrom('topics')
    .where('id', '=', topicId)
    .where('delete_requested_at', 'is not', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('sources').select('sources.id').whereRef('sources.topic_id', '=', 'topics.id'))))
    .execute();
  return (await db.selectFrom('topics').select('id').where('id', '=', topicId).executeTakeFirst()) === undefined;
}

/**
 * The mentions of the topic's next chunk of links. In the order of the index that leads with topic_id
 * (mention_topics_timeline), so the statement reads one chunk of it, not all of the topic's links, and
 * so the mark and the delete that follow it take the same chunk.
 */
function selectLinkChunk(db: Db, topicId: number, size: number) {
  return db.selectFrom('mention_topics as l').select('l.mention_id').where('l.topic_id', '=', topicId).orderBy('l.bucket_at').orderBy('l.mention_id').limit(size);
}

/** The topic's oldest buckets, up to `size`, through the primary key (topic_id, bucket_start): no statement reads them all. */
async function deleteBucketChunk(db: Db, topicId: number, size: number): Promise<number> {
  const result = await db
    .deleteFrom('topic_buckets')
    .where('topic_id', '=', topicId)
    .where('bucket_start', 'in', (eb) => eb.selectFrom('topic_buckets as b').select('b.bucket_start').where('b.topic_id', '=', topicId).orderBy('b.bucket_start').limit(size))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
