// The contract of `detect` (issue 6), checked as it is checked from outside: on any prefix of a file,
// the decisions on that prefix are the full file's. Here on messy series made from seeds, whose rows
// change interval and phase part way, where inferring the grid from the whole file broke it.
import { describe, expect, it } from 'vitest';
import { detectSeries } from '../../src/detection/detect-series';
import { makeMessySeries } from './messy-series';
import { HOUR, randomSource } from './synthetic-series';

const MINUTE = 60_000;
const SEEDS = [1, 2];
const CUTS_PER_SERIES = 10;

describe('detect on a prefix of a messy series', () => {
  it.each([
    { name: 'hourly, then 5-minute, then hourly rows', intervals: [HOUR, 5 * MINUTE, HOUR] },
    { name: '5-minute, then hourly, then 15-minute rows', intervals: [5 * MINUTE, HOUR, 15 * MINUTE] },
    { name: '15-minute, then 5-minute, then half-hourly rows', intervals: [15 * MINUTE, 5 * MINUTE, 30 * MINUTE] },
    { name: 'hourly rows throughout, shifting phase', intervals: [HOUR, HOUR, HOUR, HOUR] },
  ])('$name: the decisions of the full file on every prefix', ({ intervals }) => {
    let alertsAfterFirstStretch = 0;
    for (const seed of SEEDS) {
      const points = makeMessySeries({ seed, intervals, stretchHours: 24 });
      const full = detectSeries(points);
      if (!full.ok) throw new Error(full.error);
      const firstStretchEnd = points.findIndex((p) => p.timestamp >= points[0]!.timestamp + 24 * HOUR);
      alertsAfterFirstStretch += full.alerts.slice(firstStretchEnd).filter(Boolean).length;
      const random = randomSource(100 + seed);
      const cuts = Array.from({ length: CUTS_PER_SERIES }, () => 1 + Math.floor(random() * points.length));
      for (const cut of cuts) {
        const prefix = detectSeries(points.slice(0, cut));
        expect(prefix.ok && prefix.alerts, `seed ${seed}, a prefix of ${cut} of ${points.length} rows`).toEqual(full.alerts.slice(0, cut));
      }
    }
    // Otherwise the property holds of series that never alert after their first interval.
    expect(alertsAfterFirstStretch).toBeGreaterThan(0);
  });
});
