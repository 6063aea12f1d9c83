// The bar each event kind must clear on the newest bucket, from hand-made window scores (no series).
import { describe, expect, it } from 'vitest';
import { scoreSignal, type SignalInput } from '../../src/detection/score-signals';
import type { WindowScore } from '../../src/detection/signal-track';

const window = (buckets: number, observed: number, expected: number, surprise: number): WindowScore => ({ buckets, observed, expected, dispersion: 0.1, surprise });

/**
 * A mature topic (no surge history) whose newest 5-minute bucket has a burst of `surprise`, inside an
 * hour that is up too (surprise 3, past "near baseline"). `negativeBurst`: the burst is all negative.
 */
function burst(surprise: number, negativeBurst: boolean): SignalInput {
  const all = [window(1, 60, 10, surprise), window(12, 180, 120, 3), window(72, 760, 720, 1)];
  const negative = negativeBurst ? [window(1, 52, 2, surprise), window(12, 76, 24, 3), window(72, 196, 144, 1)] : [window(1, 12, 2, 1), window(12, 36, 24, 1), window(72, 152, 144, 0)];
  const positive = [window(1, 15, 3, 1), window(12, 40, 36, 0), window(72, 220, 216, 0)];
  return { all, negative, positive, partial: [false, false, false], windowEnd: 0, bucketMs: 300_000, threshold: 6, minCount: 5 };
}

describe('the bar of each kind (medium sensitivity: 6)', () => {
  it.each([
    // A plain volume spike is one piece of evidence: it needs 6 + 2 (one in a hundred million).
    { name: 'volume spike at 7.5 (under 6 + 2)', kind: 'volume-spike' as const, surprise: 7.5, negativeBurst: false, level: 'elevated', needed: 8 },
    { name: 'volume spike at 8.5', kind: 'volume-spike' as const, surprise: 8.5, negativeBurst: false, level: 'firing', needed: 8 },
    // A backlash is two (a surprising count and a share clearly off its baseline): 6 is enough.
    { name: 'backlash at 6.5, its share far above baseline', kind: 'backlash' as const, surprise: 6.5, negativeBurst: true, level: 'firing', needed: 6 },
    { name: 'backlash at 5.5', kind: 'backlash' as const, surprise: 5.5, negativeBurst: true, level: 'elevated', needed: 6 },
  ])('$name: $level', ({ kind, surprise, negativeBurst, level, needed }) => {
    const signal = scoreSignal(kind, burst(surprise, negativeBurst));
    expect(signal.level).toBe(level);
    expect(signal.evidence.needed).toEqual({ surprise: needed, from: 'sensitivity' });
  });

  it('a 5-minute burst far past the volume bar stays quiet while its hour is near baseline (one bucket is a retweet or a bot)', () => {
    const input = burst(20, false);
    input.all[1] = window(12, 130, 120, 1);
    expect(scoreSignal('volume-spike', input).level).toBe('quiet');
  });
});

describe('a record of a tone needs a clear change of tone', () => {
  // A mature topic's hour at 3x its usual mentions, its negatives the most surprising in two weeks
  // (surprise 5: under the bar of 6, over the record bar of 4). A record lowers the volume evidence,
  // so the share must say more than the ordinary test (1 in 100) asks: 1 in 1,000.
  const recordHour = (negatives: number): SignalInput => {
    const quiet = { novelty: [0, 0, 0], largest: [0, 2, 2] };
    return {
      all: [window(1, 20, 7, 1), window(12, 240, 80, 5), window(72, 700, 600, 1)],
      negative: [window(1, 5, 1.4, 1), window(12, negatives, 16, 5), window(72, 140, 120, 1)],
      positive: [window(1, 5, 2, 0), window(12, 50, 24, 1), window(72, 180, 180, 0)],
      partial: [false, false, false],
      history: { all: quiet, negative: quiet, positive: quiet },
      historyTrusted: true,
      windowEnd: 0,
      bucketMs: 300_000,
      threshold: 6,
      minCount: 5,
    };
  };
  it.each([
    // 65 of 240 where 20 % were expected: 27 %, 1 in 200, which chance gives one of the many windows a surge offers.
    { name: 'the usual tone, up 7 points (1 in 200)', negatives: 65, level: 'elevated' },
    { name: 'up 8 points (1 in 800)', negatives: 68, level: 'elevated' },
    { name: 'up 9 points (1 in 2,000)', negatives: 70, level: 'firing' },
    { name: 'half of them negative', negatives: 120, level: 'firing' },
  ])('$name: $level', ({ negatives, level }) => {
    const signal = scoreSignal('backlash', recordHour(negatives));
    expect(signal.level).toBe(level);
    if (level === 'firing') expect(signal.evidence.needed).toEqual({ surprise: 4, from: 'record' });
  });
});

describe('a 5-minute change of tone inside a story told in the usual tone', () => {
  // A mature topic (8 mentions a bucket, 20 % negative, 30 % positive) whose newest 5-minute bucket
  // holds 24 mentions, `hits` of them in the tone of `kind`: a count far past the bar (surprise 7) and
  // a share past 1 in 100. Before it, the hour's other 55 minutes held `restMentions` (88 expected)
  // with `restHits` in that tone. During a story tripling every mention, each bucket's negative and
  // positive counts are surprising by volume alone, so the share test is tried every 5 minutes: a
  // bucket that turns on a story so far in the usual tone needs the hour before to lean the same way,
  // or its own share at 1 in 1,000. A backlash that starts the story still opens on its first bucket.
  const usualShare = { backlash: 0.2, 'positive-surge': 0.3 } as const;
  const storyBucket = (kind: 'backlash' | 'positive-surge', hits: number, restHits: number, restMentions: number): SignalInput => {
    const tone = (share: number, bucketHits: number, hourRest: number, surprise: number) => [
      window(1, bucketHits, 8 * share, surprise),
      window(12, bucketHits + hourRest, 96 * share, Math.min(surprise, 3)),
      window(72, 576 * share, 576 * share, 0),
    ];
    const other = kind === 'backlash' ? 'positive-surge' : 'backlash';
    const quiet = tone(usualShare[other], Math.round(24 * usualShare[other]), Math.round(restMentions * usualShare[other]), 1);
    const loud = tone(usualShare[kind], hits, restHits, 7);
    return {
      all: [window(1, 24, 8, 4), window(12, 24 + restMentions, 96, 3), window(72, 600, 576, 0)],
      negative: kind === 'backlash' ? loud : quiet,
      positive: kind === 'backlash' ? quiet : loud,
      partial: [false, false, false],
      windowEnd: 0,
      bucketMs: 300_000,
      threshold: 6,
      minCount: 5,
    };
  };
  it.each([
    // 11 of 24 negative where 20 % were expected: 1 in 260.
    { name: 'a backlash starting the story (the hour before calm): its first bucket', kind: 'backlash' as const, hits: 11, restHits: 18, restMentions: 88, level: 'firing' },
    { name: 'the same bucket after 55 minutes of a tripled story in the usual tone', kind: 'backlash' as const, hits: 11, restHits: 53, restMentions: 264, level: 'elevated' },
    { name: 'the same bucket after 55 minutes of a tripled story already leaning negative (66 of 264: 1 in 36)', kind: 'backlash' as const, hits: 11, restHits: 66, restMentions: 264, level: 'firing' },
    { name: 'an unmistakable bucket (14 of 24: 1 in 25,000) after 55 minutes in the usual tone', kind: 'backlash' as const, hits: 14, restHits: 53, restMentions: 264, level: 'firing' },
    // 14 of 24 positive where 30 % were expected: 1 in 280.
    { name: 'a positive surge starting the story: its first bucket', kind: 'positive-surge' as const, hits: 14, restHits: 26, restMentions: 88, level: 'firing' },
    { name: 'the same positive bucket after 55 minutes of a tripled story in the usual tone', kind: 'positive-surge' as const, hits: 14, restHits: 79, restMentions: 264, level: 'elevated' },
  ])('$name: $level', ({ kind, hits, restHits, restMentions, level }) => {
    const signal = scoreSignal(kind, storyBucket(kind, hits, restHits, restMentions));
    expect(signal.level).toBe(level);
    expect(signal.evidence.windowMinutes).toBe(5);
    expect(signal.evidence.share!.surprise).toBeGreaterThan(2);
  });
});

describe('a window that still holds a resolved alert\'s surge', () => {
  // A small topic's backlash resolved; 1.5 hours later one hour is mildly up (surprise 2.5) and the
  // 6-hour window, which still holds the resolved surge, is far past the bar. It used to open a new
  // backlash on that old surge (1 of 200 synthetic runs). `openFrom` is when that alert's volume was
  // back near baseline: windows starting before it cannot fire; windows after it still can.
  const HOUR = 3_600_000;
  const afterSurge = (): SignalInput => ({
    all: [window(1, 1, 0.5, 0), window(12, 9, 6, 1), window(72, 120, 36, 9)],
    negative: [window(1, 1, 0.1, 0.5), window(12, 5, 1.2, 2.5), window(72, 100, 7, 30)],
    positive: [window(1, 0, 0.15, 0), window(12, 2, 1.8, 0), window(72, 10, 11, 0)],
    partial: [false, false, false],
    windowEnd: 10 * HOUR,
    bucketMs: 300_000,
    threshold: 6,
    minCount: 5,
  });
  it.each([
    { name: 'no resolved alert of the kind', openFrom: undefined, level: 'firing' },
    { name: 'recovered 3 hours ago: the 6-hour window holds it', openFrom: 7 * HOUR, level: 'elevated' },
    { name: 'recovered 6 hours ago: the window starts after it', openFrom: 4 * HOUR, level: 'firing' },
  ])('$name: $level', ({ openFrom, level }) => {
    const input = afterSurge();
    expect(scoreSignal('backlash', openFrom === undefined ? input : { ...input, openFrom }).level).toBe(level);
  });
});
