import type { Kysely } from 'kysely';
import { addColumnIfMissing } from './add-column-if-missing';

// Frozen once shipped. Topic names are one name up to foldTopicName (case and Unicode form), and the
// API's look-alike check and its insert were two statements: two requests at once could both pass it.
// name_key holds the folded name, so the insert or rename can refuse a look-alike in the same statement
// (src/storage/topic-store.ts). The index is not unique: a database from before the check may hold two
// look-alike names, and both must keep working. SQL can neither normalise nor fold beyond ASCII, so the
// keys of stored rows are filled in code (fillTopicNameKeys, run by migrateToLatest every time), not
// here: `wrangler d1 migrations apply` runs this as SQL and could not fill them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await addColumnIfMissing(db, 'topics', 'name_key', 'text');
  await db.schema.createIndex('topics_name_key').ifNotExists().on('topics').column('name_key').execute();
}
