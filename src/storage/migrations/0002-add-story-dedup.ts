import type { Kysely } from 'kysely';
import { addColumnIfMissing } from './add-column-if-missing';

// Frozen once shipped. The same story seen through two sources (a blog post and its Hacker News
// submission) is one story in a topic's buckets: mentions carry their canonical URL, and a topic link
// to a story that is already linked points at the first mention instead of counting again.
export async function up(db: Kysely<unknown>): Promise<void> {
  await addColumnIfMissing(db, 'mentions', 'canonical_url', 'text');
  await addColumnIfMissing(db, 'mention_topics', 'duplicate_of', 'integer');
  await db.schema.createIndex('mentions_canonical_url').ifNotExists().on('mentions').column('canonical_url').execute();
}
