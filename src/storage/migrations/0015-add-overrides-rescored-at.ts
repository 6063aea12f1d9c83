import type { Kysely } from 'kysely';
import { addColumnIfMissing } from './add-column-if-missing';

// Frozen once shipped. Once a topic's lexicon overrides had changed, every re-score tick joined all of its
// links to find mentions scored before the change, and went on doing so after the last one was re-scored:
// about 2M rows read a tick at 1M mentions on D1, billed by rows read. overrides_rescored_at is the
// overrides_updated_at its mentions were all found re-scored for (src/storage/overrides-rescore-store.ts);
// only a topic where the two differ is looked into. 0 = never: a topic whose overrides changed before
// this migration is looked into once.
export async function up(db: Kysely<unknown>): Promise<void> {
  await addColumnIfMissing(db, 'topics', 'overrides_rescored_at', 'integer not null default 0');
}
