import type { SelectQueryBuilder } from 'kysely';
import type { Database, Db } from './database';

/**
 * The link through which a topic first saw a story (a canonical URL): of the topic's links to it that
 * repeat no other (duplicate_of null), the one of the lowest mention id. Every statement that links a
 * mention, or re-points a purged mention's repeats, asks inside itself with this one rule, so two crawls
 * and a purge at once agree on which link counts. `canonical`: the story's URL, or a statement selecting it.
 */
export function selectStoryFirstLink(db: Db, topicId: number, canonical: string | SelectQueryBuilder<Database, 'mentions', { canonical_url: string | null }>) {
  return db
    .selectFrom('mention_topics as c')
    .innerJoin('mentions as cm', 'cm.id', 'c.mention_id')
    .select('c.mention_id')
    .where('c.topic_id', '=', topicId)
    .where('c.duplicate_of', 'is', null)
    .where('cm.canonical_url', '=', canonical)
    .orderBy('cm.id')
    .limit(1);
}
