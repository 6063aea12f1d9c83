import { sql, type Selectable } from 'kysely';
import { foldTopicName } from '../domain/fold-topic-name';
import type { Topic } from '../domain/topic';
import type { Db, TopicsTable } from './database';

export function toTopic(row: Selectable<TopicsTable>): Topic {
  return {
    id: row.id,
    name: row.name,
    query: row.query,
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.delete_requested_at !== null ? { deleting: true as const } : {}),
  };
}

/**
 * includeDeleting: topics being deleted (requestTopicDeletion) too. Left out by default, so that what
 * lists topics (the crawl's matching, detection, the API) never sees one as live while it goes.
 */
export interface TopicLookup {
  includeDeleting?: boolean;
}

export async function listTopics(db: Db, options: { enabledOnly?: boolean } & TopicLookup = {}): Promise<Topic[]> {
  let query = db.selectFrom('topics').selectAll().orderBy('id');
  if (options.enabledOnly) query = query.where('enabled', '=', 1);
  if (!options.includeDeleting) query = query.where('delete_requested_at', 'is', null);
  return (await query.execute()).map(toTopic);
}

export async function getTopic(db: Db, id: number, options: TopicLookup = {}): Promise<Topic | undefined> {
  let query = db.selectFrom('topics').selectAll().where('id', '=', id);
  if (!options.includeDeleting) query = query.where('delete_requested_at', 'is', null);
  const row = await query.executeTakeFirst();
  return row ? toTopic(row) : undefined;
}

export interface TopicInput {
  name: string;
  query: string;
  enabled?: boolean;
}

/**
 * The topics other than `exceptId` named `key` but for case and Unicode form. Every statement that writes
 * a name has `not exists` of this in it, rather than a read before it: of two requests at once for `Acme`
 * and `acme`, the second statement finds the first's row. D1 has no transactions, and runs one
 * statement at a time; a SQLite write statement takes the write lock before it reads.
 */
function selectNamedAlike(db: Db, key: string, exceptId?: number) {
  const alike = db.selectFrom('topics as alike').select(sql.lit(1).as('taken')).where('alike.name_key', '=', key);
  return exceptId === undefined ? alike : alike.where('alike.id', '!=', exceptId);
}

/** The row a new topic would be, selected only when no topic is named like it, or (`orExactName`) when one is named exactly so. */
function selectNewTopicRow(db: Db, input: TopicInput, now: number, { orExactName }: { orExactName: boolean }) {
  const key = foldTopicName(input.name);
  return db
    .selectNoFrom((eb) => [
      eb.val(input.name).as('name'),
      eb.val(key).as('name_key'),
      eb.val(input.query).as('query'),
      eb.val(input.enabled === false ? 0 : 1).as('enabled'),
      eb.val(now).as('created_at'),
      eb.val(now).as('updated_at'),
    ])
    .where((eb) => {
      const free = eb.not(eb.exists(selectNamedAlike(db, key)));
      return orExactName ? eb.or([free, eb.exists(eb.selectFrom('topics').select(sql.lit(1).as('stored')).where('name', '=', input.name))]) : free;
    });
}

const topicColumns = ['name', 'name_key', 'query', 'enabled', 'created_at', 'updated_at'] as const;

/** Undefined when the name is taken: the same, or the same but for case or Unicode form (foldTopicName). */
export async function createTopic(db: Db, input: TopicInput, now: number): Promise<Topic | undefined> {
  const row = await db
    .insertInto('topics')
    .columns([...topicColumns])
    .expression(selectNewTopicRow(db, input, now, { orExactName: false }))
    // A row stored before its key was filled is not seen by the guard; the unique name still is.
    .onConflict((oc) => oc.column('name').doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ? toTopic(row) : undefined;
}

/**
 * Seeding: create by name, or bring the query up to date; safe to repeat. Undefined when another topic
 * is named like it but for case or Unicode form, or the topic of that name is being deleted (applySeed
 * refuses both first; this is the race).
 */
export async function upsertTopicByName(db: Db, input: TopicInput, now: number): Promise<Topic | undefined> {
  const row = await db
    .insertInto('topics')
    .columns([...topicColumns])
    .expression(selectNewTopicRow(db, { ...input, enabled: true }, now, { orExactName: true }))
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ query: input.query, name_key: foldTopicName(input.name), updated_at: now })
        .where('topics.delete_requested_at', 'is', null),
    )
    .returningAll()
    .executeTakeFirst();
  return row ? toTopic(row) : undefined;
}

/** `name-taken` carries the name refused, for the caller to say which topic holds it (findTopicNamedAlike). */
export type UpdateTopicResult = { kind: 'updated'; topic: Topic } | { kind: 'not-found' } | { kind: 'name-taken'; name: string } | { kind: 'deleting' };

/**
 * A new name is refused when another topic is named like it (foldTopicName). A name saved as it is
 * stored is no rename: it passes even where a database from before the check holds a look-alike beside it.
 * A topic being deleted stays as it is until the purge removes it.
 */
export async function updateTopic(db: Db, id: number, patch: Partial<TopicInput>, now: number): Promise<UpdateTopicResult> {
  const { name } = patch;
  let update = db
    .updateTable('topics')
    .set({
      ...(name !== undefined ? { name, name_key: foldTopicName(name) } : {}),
      ...(patch.query !== undefined ? { query: patch.query } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled ? 1 : 0 } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .where('delete_requested_at', 'is', null);
  if (name !== undefined) update = update.where((eb) => eb.or([eb('name', '=', name), eb.not(eb.exists(selectNamedAlike(db, foldTopicName(name), id)))]));
  const row = await update.returningAll().executeTakeFirst();
  if (row) return { kind: 'updated', topic: toTopic(row) };
  // Refused, being deleted or missing: which one is read afterwards, since the update said none.
  const current = await getTopic(db, id, { includeDeleting: true });
  if (!current) return { kind: 'not-found' };
  if (current.deleting) return { kind: 'deleting' };
  return name !== undefined ? { kind: 'name-taken', name } : { kind: 'not-found' };
}

export async function findTopicByName(db: Db, name: string): Promise<Topic | undefined> {
  const row = await db.selectFrom('topics').selectAll().where('name', '=', name).executeTakeFirst();
  return row ? toTopic(row) : undefined;
}

/**
 * A topic, other than `exceptId`, whose name is `name` but for case and Unicode form (foldTopicName):
 * the one a refused name conflicts with, a topic being deleted included (its name is taken until it is
 * gone). Databases from before the check may hold two such names; they stay, and the oldest is the one named.
 */
export async function findTopicNamedAlike(db: Db, name: string, exceptId?: number): Promise<Topic | undefined> {
  let query = db.selectFrom('topics').selectAll().where('name_key', '=', foldTopicName(name));
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
  const row = await query.orderBy('id').limit(1).executeTakeFirst();
  return row ? toTopic(row) : undefined;
}
