import type { Kysely } from 'kysely';

// Frozen once shipped. Each source's crawl status history (issue 6): a row when a crawl's status
// (ok, failed, rate-limited, backfilling) differs from the source's previous one, so the detector can
// tell which buckets every source covered long after the fact. Keyed by (source, time): the history
// of one source over a range is one index range.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('crawl_status_changes')
    .ifNotExists()
    .addColumn('source_id', 'integer', (c) => c.notNull().references('sources.id').onDelete('cascade'))
    .addColumn('at', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('crawl_status_changes_pk', ['source_id', 'at'])
    .execute();
}
