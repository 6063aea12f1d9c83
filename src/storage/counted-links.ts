import type { Db } from './database';

/**
 * A topic's links whose bucket lies in [from, to), joined to their mentions (`mt`, `m`), as the buckets
 * count them: each story once, so a link that repeats a story already linked to the topic is left out.
 * The recount and every question asked "as the buckets count" read this one rule.
 */
export function countedLinksInWindow(db: Db, topicId: number, from: number, to: number) {
  return db
    .selectFrom('mention_topics as mt')
    .innerJoin('mentions as m', 'm.id', 'mt.mention_id')
    .where('mt.topic_id', '=', topicId)
    .where('mt.bucket_at', '>=', from)
    .where('mt.bucket_at', '<', to)
    .where('mt.duplicate_of', 'is', null);
}
