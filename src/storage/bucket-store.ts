import { bucketStart, BUCKET_MS, type TopicBucket } from '../domain/bucket';
import type { Db } from './database';

/**
 * A topic's buckets in [from, to), oldest first, with empty buckets filled in as zeros:
 * detectors and charts need a contiguous series, storage keeps only non-empty rows.
 */
export async function listTopicBuckets(db: Db, topicId: number, from: number, to: number, bucketMs: number = BUCKET_MS): Promise<TopicBucket[]> {
  const rows = await db
    .selectFrom('topic_buckets')
    .selectAll()
    .where('topic_id', '=', topicId)
    .where('bucket_start', '>=', bucketStart(from))
    .where('bucket_start', '<', to)
    .orderBy('bucket_start')
    .execute();
  const series: TopicBucket[] = [];
  let i = 0;
  for (let start = bucketStart(from, bucketMs); start < to; start += bucketMs) {
    const bucket: TopicBucket = { topicId, bucketStart: start, count: 0, negative: 0, positive: 0, sentimentSum: 0, scored: 0, engagementSum: 0, engagementKnown: 0 };
    while (i < rows.length && rows[i]!.bucket_start < start + bucketMs) {
      const row = rows[i]!;
      bucket.count += row.count;
      bucket.negative += row.negative;
      bucket.positive += row.positive;
      bucket.sentimentSum += row.sentiment_sum;
      bucket.scored += row.scored;
      bucket.engagementSum += row.engagement_sum;
      bucket.engagementKnown += row.engagement_known;
      i += 1;
    }
    series.push(bucket);
  }
  return series;
}
