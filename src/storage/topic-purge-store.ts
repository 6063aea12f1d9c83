import type { Topic } from '../domain/topic';
import type { Db } from './database';
import { recordMentionSweep } from './mention-sweep-store';
import { markSharedMentionsForRescore } from './sentiment-store';
import { purgeSource } from './source-purge-store';
import { markForPurge } from './source-store';
import { spend, type StatementBudget } from './statement-budget';
import { toTopic } from './topic-store';

/**
 * Links of a topic being deleted removed per statement, once its own sources are gone: the links it has
 * through sources that serve every topic. The statement finds them itself, so no id list is bound.
 */
export const TOPIC_LINK_CHUNK = 500;

/**
 * Deleting a topic, step one, each statement safe to repeat: the mentions it shares with another topic are
 * marked for re-scoring without its lexicon overrides (markSharedMentionsForRescore), the sweep of the
 * mentions it will leave with no link is recorded (recordMentionSweep; it waits until the row is gone),
 * then the topic is marked. From then on nothing lists, matches or detects it (listTopics, getTopic), and
 * purgeTopic removes it in bounded steps. Repeating it keeps the first request time. Undefined when there
 * is no such topic.
 */
export async function requestTopicDeletion(db: Db, id: number, now: number): Promise<Topic | undefined> {
  await markSharedMentionsForRescore(db, id);
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
 * c. its buckets go (one row per bucket with mentions: they grow with time, not with mentions), so that
 *    none is left counting the links that go next; a bucket is either a fresh recount or gone;
 * d. its links through the sources that serve every topic go a chunk at a time (the mentions they leave
 *    with no link are the sweep's, once the row is gone);
 * e. the row, guarded: only while no own source is left. Its alerts, detector state, settings and mute
 *    cascade, none of which grows with its mentions.
 */
export async function purgeTopic(db: Db, topicId: number, budget: StatementBudget, now: number): Promise<boolean> {
  if (!spend(budget, 2)) return false;
  await db
    .updateTable('sources')
    .set(markForPurge(now))
    .where('topic_id', '=', topicId)
    .where('topic_id', 'in', (eb) => eb.selectFrom('topics').select('id').where('delete_requested_at', 'is not', null))
    .execute();
  const own = await db.selectFrom('sources').select('id').where('topic_id', '=', topicId).orderBy('id').execute();
  for (const source of own) if (!(await purgeSource(db, source.id, budget))) return false;
  if (!spend(budget, 1)) return false;
  await db.deleteFrom('topic_buckets').where('topic_id', '=', topicId).execute();
  for (;;) {
    if (!spend(budget, 1)) return false;
    if ((await deleteLinkChunk(db, topicId)) < TOPIC_LINK_CHUNK) break;
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

async function deleteLinkChunk(db: Db, topicId: number): Promise<number> {
  const result = await db
    .deleteFrom('mention_topics')
    .where('topic_id', '=', topicId)
    .where('mention_id', 'in', (eb) => eb.selectFrom('mention_topics as l').select('l.mention_id').where('l.topic_id', '=', topicId).limit(TOPIC_LINK_CHUNK))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
