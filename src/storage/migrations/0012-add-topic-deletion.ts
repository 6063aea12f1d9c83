import type { Kysely } from 'kysely';
import { addColumnIfMissing } from './add-column-if-missing';

// Frozen once shipped. Deleting a topic deleted its row at once, and the cascade took its own sources
// with every mention they had in that one statement: on D1, with no transactions and a time budget per
// statement, a big topic failed the same way on every retry. delete_requested_at marks the topic as
// going (it is no longer listed, matched or detected); its own sources go through the source purge
// chunk by chunk, then its links, then the row (src/storage/topic-purge-store.ts). Null = live.
export async function up(db: Kysely<unknown>): Promise<void> {
  await addColumnIfMissing(db, 'topics', 'delete_requested_at', 'integer');
}
