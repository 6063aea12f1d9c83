import type { Engagement } from '../domain/mention';
import type { Db } from './database';
import { publishedTime, strengthInTone } from './mention-order';

/** A mention behind an alert, with what the headline picker needs. */
export interface AlertMention {
  id: number;
  url: string | null;
  title: string | null;
  text: string;
  sentimentScore: number;
  publishedAt: number | null;
  bucketAt: number;
  engagement: Engagement | null;
  /** Where it was posted (the source's name, else its URL); null when not known. Untrusted text: escape it. */
  source: { kind: string; name: string } | null;
}

/** What an AlertMention is read from. */
const ALERT_MENTION_COLUMNS = [
  'mentions.id', 'mentions.url', 'mentions.title', 'mentions.text', 'mentions.sentiment_score', 'mentions.published_at', 'mentions.bucket_at', 'mentions.engagement',
  'sources.kind as source_kind', 'sources.name as source_name', 'sources.url as source_url',
] as const;

/**
 * Mentions of a topic in [from, to) with the given sentiment label (every mention for null), capped
 * (an alert needs a handful, not thousands), in one of three orders: oldest first; most engaged first
 * (only those whose source reported engagement); strongest in the label's tone first (for null the
 * strongest either way). Each order reads the whole window, so a big topic's viral post at the end of
 * a six-hour window is found as surely as its first one.
 */
export async function listAlertMentionsInWindow(
  db: Db,
  topicId: number,
  window: { from: number; to: number; label: 'negative' | 'positive' | null },
  limit: number,
  order: 'oldest' | 'most-engaged' | 'strongest' = 'oldest',
): Promise<AlertMention[]> {
  const { from, to, label } = window;
  let query = db
    .selectFrom('mention_topics')
    .innerJoin('mentions', 'mentions.id', 'mention_topics.mention_id')
    .leftJoin('sources', 'sources.id', 'mentions.source_id')
    .select(ALERT_MENTION_COLUMNS)
    .where('mention_topics.topic_id', '=', topicId)
    .where('mention_topics.bucket_at', '>=', from)
    .where('mention_topics.bucket_at', '<', to);
  if (label !== null) query = query.where('mentions.sentiment_label', '=', label);
  if (order === 'most-engaged') query = query.where('mentions.engagement_total', 'is not', null).orderBy('mentions.engagement_total', 'desc');
  if (order === 'strongest') query = query.orderBy(strengthInTone(label), 'desc');
  const rows = await query.orderBy('mention_topics.bucket_at').orderBy(publishedTime()).orderBy('mentions.id').limit(limit).execute();
  return rows.map(toAlertMention);
}

interface AlertMentionRow {
  id: number;
  url: string | null;
  title: string | null;
  text: string;
  sentiment_score: number;
  published_at: number | null;
  bucket_at: number;
  engagement: string | null;
  source_kind: string | null;
  source_name: string | null;
  source_url: string | null;
}

function toAlertMention(r: AlertMentionRow): AlertMention {
  return {
    id: r.id,
    url: r.url,
    title: r.title,
    text: r.text,
    sentimentScore: r.sentiment_score,
    publishedAt: r.published_at,
    bucketAt: r.bucket_at,
    engagement: r.engagement === null ? null : (JSON.parse(r.engagement) as Engagement),
    source: r.source_kind === null ? null : { kind: r.source_kind, name: r.source_name ?? r.source_url ?? r.source_kind },
  };
}

/** One mention of a topic by id (undefined when it is gone, or not the topic's), as listAlertMentionsInWindow gives it. */
export async function getAlertMention(db: Db, topicId: number, mentionId: number): Promise<AlertMention | undefined> {
  const row = await db
    .selectFrom('mention_topics')
    .innerJoin('mentions', 'mentions.id', 'mention_topics.mention_id')
    .leftJoin('sources', 'sources.id', 'mentions.source_id')
    .select(ALERT_MENTION_COLUMNS)
    .where('mention_topics.topic_id', '=', topicId)
    .where('mentions.id', '=', mentionId)
    .executeTakeFirst();
  return row === undefined ? undefined : toAlertMention(row);
}
