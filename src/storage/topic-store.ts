import type { Selectable } from 'kysely';
import { foldTopicName } from '../domain/fold-topic-name';
import type { Topic } from '../domain/topic';
import type { Db, TopicsTable } from './database';
import { recordMentionSweep } from './mention-sweep-store';
import { markSharedMentionsForRescore } from './sentiment-store';

export function toTopic(row: Selectable<TopicsTable>): Topic {
  return {
    id: row.id,
    name: row.name,
    query: row.query,
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listTopics(db: Db, options: { enabledOnly?: boolean } = {}): Promise<Topic[]> {
  let query = db.selectFrom('topics').selectAll().orderBy('id');
  if (options.enabledOnly) query = query.where('enabled', '=', 1);
  return (await query.execute()).map(toTopic);
}

export async function getTopic(db: Db, id: number): Promise<Topic | undefined> {
  const row = await db.selectFrom('topics').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toTopic(row) : undefined;
}

export interface TopicInput {
  name: string;
  query: string;
  enabled?: boolean;
}

/** Returns undefined when the name is taken. */
export async function createTopic(db: Db, input: TopicInput, now: number): Promise<Topic | undefined> {
  const row = await db
    .insertInto('topics')
    .values({ name: input.name, name_key: foldTopicName(input.name), query: input.query, enabled: input.enabled === false ? 0 : 1, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ? toTopic(row) : undefined;
}

/** Seeding: create by name, or bring the query up to date; safe to repeat. */
export async function upsertTopicByName(db: Db, input: TopicInput, now: number): Promise<Topic> {
  const row = await db
    .insertInto('topics')
    .values({ name: input.name, name_key: foldTopicName(input.name), query: input.query, enabled: 1, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('name').doUpdateSet({ query: input.query, name_key: foldTopicName(input.name), updated_at: now }))
    .returningAll()
    .executeTakeFirstOrThrow();
  return toTopic(row);
}

export async function updateTopic(db: Db, id: number, patch: Partial<TopicInput>, now: number): Promise<Topic | undefined> {
  const row = await db
    .updateTable('topics')
    .set({
      ...(patch.name !== undefined ? { name: patch.name, name_key: foldTopicName(patch.name) } : {}),
      ...(patch.query !== undefined ? { query: patch.query } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled ? 1 : 0 } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row ? toTopic(row) : undefined;
}

/**
 * The topic row goes at once, and with it (cascade) its links, buckets, detector state and settings,
 * mute, alerts and own sources with their mentions. Mentions it shared with another topic keep that
 * topic's links, and its buckets do not change: a link repeats a story only through a mention linked to
 * the same topic. The mentions linked to no other topic are left with no link; the sweep recorded first
 * (recordMentionSweep) removes them, bounded (sweepDeletedTopic, then the purge job). The shared ones
 * are re-scored without its lexicon overrides (markSharedMentionsForRescore). False when there is no
 * such topic.
 */
export async function deleteTopic(db: Db, id: number, now: number): Promise<boolean> {
  await markSharedMentionsForRescore(db, id);
  await recordMentionSweep(db, id, now);
  const result = await db.deleteFrom('topics').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function findTopicByName(db: Db, name: string): Promise<Topic | undefined> {
  const row = await db.selectFrom('topics').selectAll().where('name', '=', name).executeTakeFirst();
  return row ? toTopic(row) : undefined;
}

/**
 * A topic, other than `exceptId`, whose name is `name` but for case and Unicode form (foldTopicName).
 * Every name is read: topics number in the tens, and the comparison cannot be made in SQL. Databases
 * from before this check may hold two such names; they stay, and either can still be saved as it is.
 */
export async function findTopicNamedAlike(db: Db, name: string, exceptId?: number): Promise<Topic | undefined> {
  const folded = foldTopicName(name);
  const rows = await db.selectFrom('topics').selectAll().orderBy('id').execute();
  const row = rows.find((candidate) => candidate.id !== exceptId && foldTopicName(candidate.name) === folded);
  return row ? toTopic(row) : undefined;
}
