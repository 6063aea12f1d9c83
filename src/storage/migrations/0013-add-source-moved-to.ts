import type { Kysely } from 'kysely';
import { addColumnIfMissing } from './add-column-if-missing';

// Frozen once shipped. A feed whose every redirect was permanent (301/308) is fetched at the address it
// moved to from then on (src/sources/rss-source.ts): moved_to holds that address. The source keeps its
// url, which is what config seeding and duplicate checks know it by. Null = fetched at its url.
export async function up(db: Kysely<unknown>): Promise<void> {
  await addColumnIfMissing(db, 'sources', 'moved_to', 'text');
}
