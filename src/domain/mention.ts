/** What a source adapter hands over: one post, not yet matched, scored or stored. */
export interface MentionDraft {
  /**
   * Unique within the source: guid → link → hash of title+content (miniflux's chain). A feed item with
   * no link keeps the key it was stored under while its feed still shows it (see linkless-item-keys.ts).
   */
  dedupKey: string;
  url: string | null;
  author: string | null;
  title: string | null;
  /** Plain text, HTML already stripped. Used for matching and scoring. */
  text: string;
  /** Epoch ms as the source states it; null when the source gives no date. */
  publishedAt: number | null;
  /** Engagement the source reports; null fields mean "unknown", never zero. */
  engagement?: Engagement | null;
}

export interface Engagement {
  likes: number | null;
  reposts: number | null;
  replies: number | null;
  score: number | null;
}

/**
 * A mention's engagement as one number: likes + reposts + replies + score, whichever its source
 * reports (Bluesky and Mastodon: likes, reposts, replies; Hacker News and Reddit: score and
 * comments); null when it reports none, never 0. One unit for every source, so a topic's buckets
 * can add mentions up, and the same number the alert payload shows on each mention (`engagement`).
 * It is what the source said when the mention was first stored; it is never refreshed.
 */
export function engagementTotal(engagement: Engagement | null | undefined): number | null {
  if (!engagement) return null;
  const parts = [engagement.likes, engagement.reposts, engagement.replies, engagement.score].filter((n): n is number => typeof n === 'number');
  return parts.length === 0 ? null : parts.reduce((a, b) => a + b, 0);
}

export type SentimentLabel = 'negative' | 'neutral' | 'positive' | 'unscored';

export interface SentimentResult {
  /** In [-1, 1]; 0 for unscored text. */
  score: number;
  label: SentimentLabel;
  /** Which tokens moved the score, by how much and by which rule. */
  explanation: ExplanationEntry[];
  /** Bumped whenever the scorer's output for some text can change, so stored mentions get re-scored. */
  version: string;
}

export interface ExplanationEntry {
  token: string;
  weight: number;
  rule?: string;
  /** Which lexicon the weight came from (afinn, vader, emoji, brand, social, override, ...). */
  source?: string;
}

export interface StoredMention {
  id: number;
  sourceId: number;
  dedupKey: string;
  url: string | null;
  author: string | null;
  title: string | null;
  text: string;
  publishedAt: number | null;
  fetchedAt: number;
  /** The time the mention counts at in buckets: published time, clamped to fetch time. */
  bucketAt: number;
  sentimentScore: number;
  sentimentLabel: SentimentLabel;
  topicIds: number[];
}
