import { sql, type Kysely } from 'kysely';
import { addColumnIfMissing } from './add-column-if-missing';

// Frozen once shipped. Deleting a source is a purge in steps (jobs/purge-sources.ts), because D1 has
// no transactions and a cascade would leave topic buckets counting the deleted mentions:
// purge_requested_at marks the source (it is disabled at the same time, so nothing crawls it), and the
// purge job removes its mentions a chunk at a time, then the row. The partial index finds the links
// the purge has marked (duplicate_of = -1) and the links that repeat a story through a mention being
// removed (duplicate_of = its id) without scanning every link; only repeats carry a duplicate_of.
export async function up(db: Kysely<unknown>): Promise<void> {
  await addColumnIfMissing(db, 'sources', 'purge_requested_at', 'integer');
  await db.schema
    .createIndex('mention_topics_duplicate_of')
    .ifNotExists()
    .on('mention_topics')
    .column('duplicate_of')
    .where(sql.ref('duplicate_of'), 'is not', null)
    .execute();
}
