/** Five minutes: the grain of every per-topic series and of detection. */
export const BUCKET_MS = 5 * 60 * 1000;

export function bucketStart(at: number, bucketMs: number = BUCKET_MS): number {
  return Math.floor(at / bucketMs) * bucketMs;
}

export interface TopicBucket {
  topicId: number;
  bucketStart: number;
  count: number;
  negative: number;
  positive: number;
  sentimentSum: number;
  /** Mentions with a sentiment (not `unscored`): mean sentiment is sentimentSum / scored. */
  scored: number;
  /** Engagement (engagementTotal) added up over the mentions that reported any, and how many did. */
  engagementSum: number;
  engagementKnown: number;
}
