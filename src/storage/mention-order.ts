import { sql, type RawBuilder } from 'kysely';

/**
 * How strongly a mention speaks in a tone, as SQL to sort by (descending): the most negative, the most
 * positive, or with no tone the strongest either way. One definition for every list that leads with
 * "the strongest" mentions (alert evidence, alert notifications).
 */
export function strengthInTone(tone: 'negative' | 'positive' | null): RawBuilder<number> {
  return tone === 'negative' ? sql<number>`-mentions.sentiment_score` : tone === 'positive' ? sql<number>`mentions.sentiment_score` : sql<number>`abs(mentions.sentiment_score)`;
}

/**
 * A mention's time within its bucket, as SQL to sort by after the bucket: when it was published where
 * the source said, else the bucket's start. One definition for every list in time order (the pickup
 * path, a notification's first mention).
 */
export function publishedTime(): RawBuilder<number> {
  return sql<number>`coalesce(mentions.published_at, mentions.bucket_at)`;
}
