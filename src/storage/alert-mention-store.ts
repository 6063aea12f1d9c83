import type { Engagement } from '../domain/mention';
import type { Db } from './database';

/** A negative mention behind an alert, with what the headline picker needs. */
export interface NegativeMention {
  id: number;
  url: string | null;
  title: string | null;
  text: string;
  sentimentScore: number;
  publishedAt: number | null;
  bucketAt: number;
  engagement: Engagement | null;
}

/** Negative mentions of a topic in [from, to), oldest first, capped (an alert needs a handful, not thousands). */
export async function listNegativeMentionsInWindow(db: Db, topicId: number, from: number, to: number, limit: number): Promise<NegativeMention[]> {
  const rows = await db
    .selectFrom('mention_topics')
    .innerJoin('mentions', 'mentions.id', 'mention_topics.mention_id')
    .select(['mentions.id', 'mentions.url', 'mentions.title', 'mentions.text', 'mentions.sentiment_score', 'mentions.published_at', 'mentions.bucket_at', 'mentions.engagement'])
    .where('mention_topics.topic_id', '=', topicId)
    .where('mention_topics.bucket_at', '>=', from)
    .where('mention_topics.bucket_at', '<', to)
    .where('mentions.sentiment_label', '=', 'negative')
    .orderBy('mention_topics.bucket_at')
    .orderBy('mentions.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    url: r.url,
    title: r.title,
    text: r.text,
    sentimentScore: r.sentiment_score,
    publishedAt: r.published_at,
    bucketAt: r.bucket_at,
    engagement: r.engagement === null ? null : (JSON.parse(r.engagement) as Engagement),
  }));
}
