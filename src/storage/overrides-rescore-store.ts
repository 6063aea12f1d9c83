import { sql } from 'kysely';
import { MAX_BOUND_PARAMETERS } from './bound-parameter-limit';
import type { Db } from './database';
import { RESCORE_PENDING } from './rescore-pending';

/**
 * Which topics the re-score job looks into for mentions scored before the topic's lexicon overrides
 * changed (listStaleMentions). A topic is caught up when topics.overrides_rescored_at (0015) equals its
 * overrides_updated_at: no mention linked to it was scored before that change. Only the other topics'
 * links are read, so a tick reads none once every topic is caught up, however many links they have.
 * "Differs", not "is behind": an overrides change stamped earlier than the last one (a clock set back)
 * still counts.
 *
 * Kept true without transactions (D1 has none) by three writes, each one statement:
 * - markOverridesRescored, after a scan and its re-scores, moves the marker to the overrides_updated_at
 *   read before the scan (listTopicsBehindOverrides), and only if no linked mention is still older than
 *   that: overrides changed during the scan leave the topic behind their newer time, and a mention
 *   linked during the scan stops the marking;
 * - reopenOverridesRescore, after a crawl links mentions, moves the marker of each topic whose overrides
 *   changed since those mentions were scored back under their time. A crawl scores with the overrides it
 *   loaded when it started, so a change while it runs makes what it stores stale; a mention stored
 *   before and linked to a topic only now was scored without that topic's overrides, and the scan finds
 *   it, as it did before the marker, when those changed after it was fetched;
 * - saveTopicOverrides moves overrides_updated_at, which leaves the marker behind.
 */

/** A topic whose mentions may predate its overrides, and when those last changed, read before its links are. */
export interface TopicBehindOverrides {
  topicId: number;
  overridesUpdatedAt: number;
}

/** When a stored mention's sentiment was last scored: at its fetch by the crawl (sentiment_scored_at 0), or by a re-score. */
export const mentionScoredAt = sql<number>`max(m.sentiment_scored_at, m.fetched_at)`;

/** Topics not caught up, lowest id first; those past `limit` wait until these are. */
export async function listTopicsBehindOverrides(db: Db, limit: number): Promise<TopicBehindOverrides[]> {
  const { rows } = await sql<{ id: number; overrides_updated_at: number }>`
    select id, overrides_updated_at from topics where overrides_rescored_at != overrides_updated_at order by id limit ${limit}
  `.execute(db);
  return rows.map((r) => ({ topicId: r.id, overridesUpdatedAt: r.overrides_updated_at }));
}

// Two parameters a topic and the version: D1 binds at most 100 a statement.
const TOPICS_PER_MARK = Math.floor((MAX_BOUND_PARAMETERS - 1) / 2);

/**
 * Marks topics caught up with the overrides time read before their scan, once the mentions it found are
 * re-scored. The check that no linked mention of `version` is older is in the same statement as the write,
 * so no link can come between them; it reads the topic's links once more, once per overrides change.
 * Mentions of another version are the version scan's, which does not depend on markers.
 */
export async function markOverridesRescored(db: Db, version: string, topics: readonly TopicBehindOverrides[]): Promise<void> {
  for (let i = 0; i < topics.length; i += TOPICS_PER_MARK) {
    const seen = sql.join(topics.slice(i, i + TOPICS_PER_MARK).map((t) => sql`(${t.topicId}, ${t.overridesUpdatedAt})`));
    await sql`
      with seen(topic_id, updated_at) as (values ${seen})
      update topics set overrides_rescored_at = (select updated_at from seen where seen.topic_id = topics.id)
      where id in (select topic_id from seen)
        and not exists (
          select 1 from mention_topics mt join mentions m on m.id = mt.mention_id
          where mt.topic_id = topics.id and m.sentiment_version = ${version}
            and ${mentionScoredAt} < (select updated_at from seen where seen.topic_id = topics.id)
        )
    `.execute(db);
  }
}

/**
 * After a crawl linked mentions: `earliestByTopic` is, for each topic linked, the earliest fetch time of
 * a mention linked to it (a lower bound of when it was scored: a re-scored one may be looked into once
 * for nothing). A caught-up topic whose overrides changed after that time is looked into again.
 * Sent after the links, so a marking that read the links before them is undone here.
 */
export async function reopenOverridesRescore(db: Db, earliestByTopic: ReadonlyMap<number, number>): Promise<void> {
  const topicsByTime = new Map<number, number[]>();
  for (const [topicId, at] of earliestByTopic) topicsByTime.set(at, [...(topicsByTime.get(at) ?? []), topicId]);
  for (const [at, topicIds] of topicsByTime) {
    for (let i = 0; i < topicIds.length; i += MAX_BOUND_PARAMETERS - 3) {
      const ids = sql.join(topicIds.slice(i, i + MAX_BOUND_PARAMETERS - 3));
      await sql`
        update topics set overrides_rescored_at = ${at}
        where id in (${ids}) and overrides_updated_at > ${at} and overrides_rescored_at > ${at}
      `.execute(db);
    }
  }
}

/**
 * A mention stored earlier and linked to more topics now (its feed lists it again and a topic's query
 * has since come to match it) keeps the sentiment it was stored with, scored without those topics'
 * overrides. If one of them has overrides, it waits for the re-score, which merges every topic's of
 * its links. reopenOverridesRescore covers overrides changed after the fetch; this covers those set
 * before it, which no marker or scan looks back at. Sent after the links, like the reopening.
 */
export async function markLinkedAfterScoring(db: Db, mentionId: number, newTopicIds: readonly number[]): Promise<void> {
  if (newTopicIds.length === 0) return;
  await sql`
    update mentions set sentiment_version = ${RESCORE_PENDING}
    where id = ${mentionId}
      and exists (select 1 from topics where id in (${sql.join(newTopicIds.slice(0, MAX_BOUND_PARAMETERS - 2))}) and overrides_updated_at > 0)
  `.execute(db);
}
