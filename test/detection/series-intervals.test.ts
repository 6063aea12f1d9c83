// `detect` reads series at any interval. Its windows (one bucket, an hour, 6 hours) are counted in
// buckets for the topics' 5-minute buckets; at a coarser interval they close up, so a one-interval
// spike of an hourly series is judged as the hour it is, not as a twelfth of a half-day.
import { describe, expect, it } from 'vitest';
import { detectSeries } from '../../src/detection/detect-series';
import { windowBucketsFor } from '../../src/detection/signal-track';
import { DAY, HOUR, isMondayDaytime, MONDAY, poisson, randomSource, SEED_SWEEP_TIMEOUT_MS } from './synthetic-series';

const MINUTE = 60_000;

/** 60 days at `interval`, 120 mentions an hour on a daily curve (times `weekly`), and one interval at 2.5x at `spikeAt`. */
function spikedSeries(seed: number, interval: number, spikeAt: number, weekly: (at: number) => number = () => 1): { timestamp: number; value: number }[] {
  const random = randomSource(seed);
  const perInterval = (120 * interval) / HOUR;
  return Array.from({ length: (60 * DAY) / interval }, (_, i) => {
    const at = MONDAY + i * interval;
    const hour = (at % DAY) / HOUR;
    const mean = perInterval * (1 + 0.6 * Math.sin(((hour - 9) / 24) * 2 * Math.PI)) * weekly(at) * (at === spikeAt ? 2.5 : 1);
    return { timestamp: at, value: poisson(mean, random) };
  });
}

describe('series at other intervals', { timeout: SEED_SWEEP_TIMEOUT_MS }, () => {
  it.each([
    { interval: MINUTE, windows: [1, 12, 72] },
    { interval: 5 * MINUTE, windows: [1, 12, 72] },
    { interval: 30 * MINUTE, windows: [1, 2, 12] },
    { interval: HOUR, windows: [1, 1, 6] },
    { interval: DAY, windows: [1, 1, 1] },
  ])('windows for a $interval ms interval: $windows', ({ interval, windows }) => {
    expect(windowBucketsFor(interval)).toEqual(windows);
  });

  // Never anything but the spike's row or the row after it (the hour window is two rows half-hourly).
  // Hourly, the spike's own row on every seed. Half-hourly a one-interval 2.5x spike is near the
  // plain volume bar: over 12 sets of these 40 seeds 0-3 were missed, over 8 sets of other 40 seeds
  // 0-8 (6.3 % of 320), so the bound is a rate, not "every seed" (which held for some sets of 10
  // seeds and failed for others).
  it.each([
    { name: 'hourly', interval: HOUR, foundAtLeast: 40, exactAtLeast: 40 },
    { name: 'half-hourly', interval: 30 * MINUTE, foundAtLeast: 32, exactAtLeast: 30 },
  ])('$name, 120 mentions an hour: a one-interval spike of 2.5x is found on its row on $foundAtLeast of 40 seeds, and nothing else in 60 days', ({ interval, foundAtLeast, exactAtLeast }) => {
    const spikeAt = MONDAY + 50 * DAY + 14 * HOUR;
    let found = 0;
    let exact = 0;
    for (let seed = 11; seed <= 50; seed++) {
      const points = spikedSeries(seed, interval, spikeAt);
      const result = detectSeries(points);
      if (!result.ok) throw new Error(result.error);
      expect(result.bucketMs).toBe(interval);
      const alerted = points.filter((_, i) => result.alerts[i]).map((p) => p.timestamp);
      expect([[], [spikeAt], [spikeAt + interval]], `seed ${seed}`).toContainEqual(alerted);
      if (alerted.length > 0) found += 1;
      if (alerted[0] === spikeAt) exact += 1;
    }
    expect(found).toBeGreaterThanOrEqual(foundAtLeast);
    expect(exact).toBeGreaterThanOrEqual(exactAtLeast);
  });

  // The same spike on a series whose Mondays 9-17 h are three times busier. The week-hour factor
  // holds that peak; while the level and the hour and day shapes learned it too, every day's afternoon
  // and Monday's night were over-expected, the spread widened, and the half-hourly spike on a Wednesday
  // was found on 0 of 40 seeds (other seed sets: 36-39 of 40 now), with 9 seeds alerting elsewhere.
  it.each([
    { name: 'hourly', interval: HOUR, foundAtLeast: 40 },
    { name: 'half-hourly', interval: 30 * MINUTE, foundAtLeast: 32 },
  ])('$name, Monday daytime three times busier: the spike on a Wednesday is found on $foundAtLeast of 40 seeds, and nothing else from the third week', ({ interval, foundAtLeast }) => {
    const spikeAt = MONDAY + 51 * DAY + 14 * HOUR;
    let found = 0;
    for (let seed = 11; seed <= 50; seed++) {
      const points = spikedSeries(seed, interval, spikeAt, (at) => (isMondayDaytime(at) ? 3 : 1));
      const result = detectSeries(points);
      if (!result.ok) throw new Error(result.error);
      const alerted = points.filter((p, i) => result.alerts[i] && p.timestamp >= MONDAY + 14 * DAY).map((p) => p.timestamp);
      expect([[], [spikeAt], [spikeAt + interval]], `seed ${seed}`).toContainEqual(alerted);
      if (alerted.length > 0) found += 1;
    }
    expect(found).toBeGreaterThanOrEqual(foundAtLeast);
  });

  it('daily, with a weekly pattern: a weekend day at 3x is found on its row, and nothing else in 150 days, on every seed', () => {
    // Mentions per day: 100 on weekdays, 40 at weekends, slowly growing. The weekly shape is learned
    // from its own days (a young slot's prior is two hours' worth of buckets: one day here, not 24),
    // and so is the spread: it once learned at a 5-minute pace, kept its starting guess for months,
    // and the 3x day was seen on 7 of 20 seeds (only through the record rule).
    const spikeDay = 110;
    for (let seed = 1; seed <= 10; seed++) {
      const random = randomSource(seed);
      const points = Array.from({ length: 150 }, (_, d) => {
        const at = MONDAY + d * DAY;
        const weekend = d % 7 >= 5;
        return { timestamp: at, value: poisson((weekend ? 40 : 100) * (1 + d / 300) * (d === spikeDay ? 3 : 1), random) };
      });
      const result = detectSeries(points);
      if (!result.ok) throw new Error(result.error);
      expect(points.map((_, d) => d).filter((d) => result.alerts[d]), `seed ${seed}`).toEqual([spikeDay]);
    }
  });
});
