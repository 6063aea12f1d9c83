// Surprise is judged over 5 minutes, an hour and 6 hours at once, so that a fast burst and a slow build
// both show: the burst in its first 5-minute bucket, the build on the longer windows, where no single
// bucket of it is out of the ordinary.
import { describe, expect, it } from 'vitest';
import { BUCKET_MS } from '../../src/domain/bucket';
import { DAY, HOUR, makeSeries, MONDAY, SEED_SWEEP_TIMEOUT_MS } from './synthetic-series';
import { runIncrementally } from './run-detector';

const SEEDS = Array.from({ length: 10 }, (_, i) => i + 1);
const startAt = MONDAY + 10 * DAY + 8 * HOUR;

/** The first alert raised after the topic's first week, on a 60-an-hour topic (about one negative mention a bucket). */
const firstOpening = (seed: number, extraNegative: (t: number) => number) =>
  runIncrementally(makeSeries({ days: 12, seed, extraNegative })).events.find((e) => e.type === 'opened' && e.bucketStart >= MONDAY + 7 * DAY);

describe('a fast burst and a slow build both show', { timeout: SEED_SWEEP_TIMEOUT_MS }, () => {
  it('a 10-minute burst of 15 more negative mentions a bucket opens a backlash on its first bucket, on the 5-minute window, on every seed', () => {
    for (const seed of SEEDS) {
      const opened = firstOpening(seed, (t) => (t >= startAt && t < startAt + 2 * BUCKET_MS ? 15 : 0));
      expect(opened?.kind, `seed ${seed}`).toBe('backlash');
      expect(opened!.bucketStart, `seed ${seed}`).toBe(startAt);
      expect(opened!.evidence.windowMinutes, `seed ${seed}`).toBe(5);
    }
  });

  // Two more negative mentions a bucket for 8 hours (the negatives tripled, a share of 0.2 becoming about
  // 0.4): a bucket of it is 3 negative mentions where 1 is usual, ordinary on its own. Measured: opened
  // within 4 hours on every seed, on the hour (4 seeds) or the 6 hours (6 seeds).
  it('8 hours of two more negative mentions a bucket opens a backlash on the hour or the 6 hours, on every seed', () => {
    for (const seed of SEEDS) {
      const opened = firstOpening(seed, (t) => (t >= startAt && t < startAt + 8 * HOUR ? 2 : 0));
      expect(opened?.kind, `seed ${seed}`).toBe('backlash');
      expect(opened!.bucketStart, `seed ${seed}`).toBeGreaterThanOrEqual(startAt);
      expect(opened!.bucketStart, `seed ${seed}`).toBeLessThan(startAt + 5 * HOUR);
      expect([60, 360], `seed ${seed}`).toContain(opened!.evidence.windowMinutes);
    }
  });
});
