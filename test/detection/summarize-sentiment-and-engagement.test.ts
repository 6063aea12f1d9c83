import { describe, expect, it } from 'vitest';
import { summarizeSentimentAndEngagement, type SentimentAndEngagement, type SentimentEngagementBucket } from '../../src/detection/summarize-sentiment-and-engagement';

/** A bucket of `count` mentions; the rest defaults to "all scored, neutral, no engagement reported". */
function bucket(count: number, over: Partial<SentimentEngagementBucket> = {}): SentimentEngagementBucket {
  return { count, scored: count, sentimentSum: 0, engagementSum: 0, engagementKnown: 0, ...over };
}

const quietDay = [bucket(2, { sentimentSum: 0.2, engagementSum: 6, engagementKnown: 2 }), bucket(0), bucket(2, { sentimentSum: -0.2, engagementSum: 2, engagementKnown: 2 })];
const surge = [bucket(10, { sentimentSum: -6, engagementSum: 300, engagementKnown: 5 }), bucket(30, { sentimentSum: -18, engagementSum: 900, engagementKnown: 15 })];

const cases: Array<[string, { before: SentimentEngagementBucket[]; during: SentimentEngagementBucket[] }, SentimentAndEngagement]> = [
  [
    'a backlash: tone drops, each post draws more engagement',
    { before: quietDay, during: surge },
    { sentiment: { before: 0, during: -0.6 }, engagement: { perMentionBefore: 2, perMentionDuring: 60, totalDuring: 1200, knownShare: 0.5 } },
  ],
  [
    'no source reports engagement (RSS only): null, never 0',
    { before: [bucket(4, { sentimentSum: 0.4 })], during: [bucket(8, { sentimentSum: -4 })] },
    { sentiment: { before: 0.1, during: -0.5 }, engagement: { perMentionBefore: null, perMentionDuring: null, totalDuring: null, knownShare: 0 } },
  ],
  [
    'engagement reported as zero stays zero',
    { before: [bucket(1, { engagementKnown: 1 })], during: [bucket(3, { engagementKnown: 3 })] },
    { sentiment: { before: 0, during: 0 }, engagement: { perMentionBefore: 0, perMentionDuring: 0, totalDuring: 0, knownShare: 1 } },
  ],
  [
    'unscored mentions (a language the scorer cannot read) are left out of the mean',
    { before: [bucket(4, { scored: 1, sentimentSum: 0.8 })], during: [bucket(5, { scored: 0 })] },
    { sentiment: { before: 0.8, during: null }, engagement: { perMentionBefore: null, perMentionDuring: null, totalDuring: null, knownShare: 0 } },
  ],
  [
    'a new topic with no history before the window',
    { before: [], during: [bucket(2, { sentimentSum: -1, engagementSum: 5, engagementKnown: 1 })] },
    { sentiment: { before: null, during: -0.5 }, engagement: { perMentionBefore: null, perMentionDuring: 5, totalDuring: 5, knownShare: 0.5 } },
  ],
  [
    'an empty window (every source failing)',
    { before: quietDay, during: [bucket(0), bucket(0)] },
    { sentiment: { before: 0, during: null }, engagement: { perMentionBefore: 2, perMentionDuring: null, totalDuring: null, knownShare: null } },
  ],
  [
    'mentions weigh the same whichever bucket they fell in (sums first, then divide)',
    { before: [], during: [bucket(1, { sentimentSum: 1 }), bucket(9, { sentimentSum: -9 })] },
    { sentiment: { before: null, during: -0.8 }, engagement: { perMentionBefore: null, perMentionDuring: null, totalDuring: null, knownShare: 0 } },
  ],
  [
    'float noise from sums is rounded away, and -0 is 0',
    { before: [bucket(3, { sentimentSum: 0.3 - 0.1 - 0.2 })], during: [bucket(3, { sentimentSum: 0.1 + 0.2, engagementSum: 10, engagementKnown: 3 })] },
    { sentiment: { before: 0, during: 0.1 }, engagement: { perMentionBefore: null, perMentionDuring: 3.33, totalDuring: 10, knownShare: 1 } },
  ],
  [
    'a negative Reddit score counts as reported engagement',
    { before: [], during: [bucket(2, { engagementSum: -4, engagementKnown: 2 })] },
    { sentiment: { before: null, during: 0 }, engagement: { perMentionBefore: null, perMentionDuring: -2, totalDuring: -4, knownShare: 1 } },
  ],
];

describe('summarizeSentimentAndEngagement', () => {
  it.each(cases)('%s', (_name, input, expected) => {
    const summary = summarizeSentimentAndEngagement(input);
    expect(summary).toEqual(expected);
    expect(Object.is(summary.sentiment.before, -0)).toBe(false);
  });
});
