import type { Kysely } from 'kysely';

// Frozen once shipped. Deleting a topic deletes its row at once (its links, buckets, alerts and own
// sources cascade), which leaves the mentions no other topic links with no link at all. A row here says
// that topic_id was deleted and that the mentions with ids from next_id to last_id that no topic links
// are to go; the purge job removes them a bounded step at a time (src/storage/mention-sweep-store.ts)
// and the row when it is done, so a tick with no deleted topic reads this empty table and nothing else.
// next_id only grows. last_id is written once the topic row is gone (null until then), so every
// mention that was linked to the topic is at or below it. No foreign key: the row outlives its topic.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mention_sweeps')
    .ifNotExists()
    .addColumn('topic_id', 'integer', (c) => c.primaryKey())
    .addColumn('next_id', 'integer', (c) => c.notNull())
    .addColumn('last_id', 'integer')
    .addColumn('requested_at', 'integer', (c) => c.notNull())
    .execute();
}
