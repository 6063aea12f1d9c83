import type { Kysely } from 'kysely';
import { addColumnIfMissing } from './add-column-if-missing';

// Frozen once shipped. A delivery's lease, apart from its schedule: until now a claim pushed next_attempt_at
// past the send's timeout, so a row being sent looked like one waiting for a retry, and a redelivery
// meanwhile sent a second copy at once. sending_until is set by the claim and cleared when the attempt is
// recorded; null = nobody is sending it. A lease left by a crashed sender ends at its time.
export async function up(db: Kysely<unknown>): Promise<void> {
  await addColumnIfMissing(db, 'deliveries', 'sending_until', 'integer');
}
