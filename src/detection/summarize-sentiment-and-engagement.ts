// Mean sentiment and engagement of an alert's window against the period before it: context for a
// reader of the alert (is the tone worse than usual, are people engaging more with each post), not
// an input to the detector's decision. Pure: buckets in, numbers out.
import type { TopicBucket } from '../domain/bucket';

export type SentimentEngagementBucket = Pick<TopicBucket, 'count' | 'scored' | 'sentimentSum' | 'engagementSum' | 'engagementKnown'>;

export interface SentimentShift {
  /** Mean sentiment score in [-1, 1] over the scored mentions; null when there were none. */
  before: number | null;
  during: number | null;
}

export interface EngagementShift {
  /** Engagement (engagementTotal) per mention that reported any; null when none did. */
  perMentionBefore: number | null;
  perMentionDuring: number | null;
  /** Added up over the window's mentions that reported any; null when none did (not 0). */
  totalDuring: number | null;
  /** Share of the window's mentions that reported engagement; null when the window had none. */
  knownShare: number | null;
}

export interface SentimentAndEngagement {
  sentiment: SentimentShift;
  engagement: EngagementShift;
}

interface Totals {
  count: number;
  scored: number;
  sentimentSum: number;
  engagementSum: number;
  engagementKnown: number;
}

/**
 * Sums over buckets first, then divides: a bucket with one mention must not weigh as much as one
 * with fifty. Unknown is null everywhere (a feed that reports no likes says nothing, it does not say 0).
 */
export function summarizeSentimentAndEngagement(input: {
  before: readonly SentimentEngagementBucket[];
  during: readonly SentimentEngagementBucket[];
}): SentimentAndEngagement {
  const before = addUp(input.before);
  const during = addUp(input.during);
  return {
    sentiment: { before: ratio(before.sentimentSum, before.scored, 3), during: ratio(during.sentimentSum, during.scored, 3) },
    engagement: {
      perMentionBefore: ratio(before.engagementSum, before.engagementKnown, 2),
      perMentionDuring: ratio(during.engagementSum, during.engagementKnown, 2),
      totalDuring: during.engagementKnown > 0 ? round(during.engagementSum, 2) : null,
      knownShare: ratio(during.engagementKnown, during.count, 2),
    },
  };
}

function addUp(buckets: readonly SentimentEngagementBucket[]): Totals {
  const totals: Totals = { count: 0, scored: 0, sentimentSum: 0, engagementSum: 0, engagementKnown: 0 };
  for (const b of buckets) {
    totals.count += b.count;
    totals.scored += b.scored;
    totals.sentimentSum += b.sentimentSum;
    totals.engagementSum += b.engagementSum;
    totals.engagementKnown += b.engagementKnown;
  }
  return totals;
}

function ratio(sum: number, n: number, digits: number): number | null {
  return n > 0 ? round(sum / n, digits) : null;
}

/** Evidence is read by people and receivers: float noise from summing in SQL (0.30000000000000004) means nothing. */
function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  const rounded = Math.round(value * factor) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
}
