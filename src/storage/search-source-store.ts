import type { Source } from '../domain/source';
import { planSearchSources, type SearchSourceOptions } from '../sources/search-terms';
import type { Db } from './database';
import { toSource } from './source-store';

/**
 * Creates the per-topic search sources (Hacker News, Reddit, Mastodon, Bluesky) a topic does not have
 * yet and returns all of its search sources. Safe to repeat: a source is unique by (kind, url, topic),
 * so a second call, or two at once, adds nothing. New sources are due at once.
 */
export async function ensureSearchSources(db: Db, topicId: number, options: SearchSourceOptions, now: number): Promise<Source[]> {
  for (const plan of planSearchSources(options)) {
    await db
      .insertInto('sources')
      .values({
        kind: plan.kind,
        url: plan.url,
        name: null,
        topic_id: topicId,
        enabled: 1,
        config: JSON.stringify(plan.config),
        next_check_at: now,
        error_count: 0,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(['kind', 'url', 'topic_id']).doNothing())
      .execute();
  }
  return listSearchSources(db, topicId);
}

/** A topic's search sources (those bound to it), oldest first. */
export async function listSearchSources(db: Db, topicId: number): Promise<Source[]> {
  const rows = await db
    .selectFrom('sources')
    .selectAll()
    .where('topic_id', '=', topicId)
    .where('kind', 'in', ['hackernews', 'reddit', 'mastodon', 'bluesky'])
    .orderBy('id')
    .execute();
  return rows.map(toSource);
}
