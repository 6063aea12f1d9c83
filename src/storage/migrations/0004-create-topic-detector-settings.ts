import type { Kysely } from 'kysely';

// Frozen once shipped. Per-topic detector settings (sensitivity, minimum count, cool-down, quiet
// hours...) as validated JSON; a topic without a row uses the defaults.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('topic_detector_settings')
    .ifNotExists()
    .addColumn('topic_id', 'integer', (c) => c.primaryKey().references('topics.id').onDelete('cascade'))
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'integer', (c) => c.notNull())
    .execute();
}
