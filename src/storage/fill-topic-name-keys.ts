import { foldTopicName } from '../domain/fold-topic-name';
import type { Db } from './database';

/**
 * Gives every topic stored without a name key (before migration 0011, or by an older version still
 * running beside this one during a deploy) its key, so the look-alike check in the insert sees it.
 * Run after every migration run rather than by 0011 itself: SQL cannot fold the names, and a database
 * migrated by `wrangler d1 migrations apply` runs 0011 as SQL. Each key is set only if the name is still
 * the one it was folded from, so a rename in between keeps its own key; rows already keyed are not read.
 * Returns how many rows it filled.
 */
export async function fillTopicNameKeys(db: Db): Promise<number> {
  const rows = await db.selectFrom('topics').select(['id', 'name']).where('name_key', 'is', null).execute();
  let filled = 0;
  for (const row of rows) {
    const result = await db
      .updateTable('topics')
      .set({ name_key: foldTopicName(row.name) })
      .where('id', '=', row.id)
      .where('name', '=', row.name)
      .where('name_key', 'is', null)
      .executeTakeFirst();
    filled += Number(result.numUpdatedRows);
  }
  return filled;
}
