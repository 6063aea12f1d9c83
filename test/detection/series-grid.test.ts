// `detect` reads its grid (interval and phase) from the leading rows and keeps it, so a prefix reads
// the grid the full file reads. What the rows after that are read as when their interval changes,
// and what the rows before it (warm-up) get.
import { describe, expect, it } from 'vitest';
import { detectSeries, seriesSettings, type SeriesPoint } from '../../src/detection/detect-series';
import { evaluateTopic, type DetectionBucket } from '../../src/detection/evaluate-topic';
import { DAY, HOUR, MONDAY, poisson, randomSource } from './synthetic-series';

const MINUTE = 60_000;

/** Rows every `interval` from `from` for `hours`, 240 mentions an hour on a daily curve, times `burst`. */
function rows(seed: number, from: number, hours: number, interval: number, burst: (at: number) => number = () => 1): SeriesPoint[] {
  const random = randomSource(seed);
  return Array.from({ length: (hours * HOUR) / interval }, (_, i) => {
    const at = from + i * interval;
    const perHour = 240 * (1 + 0.5 * Math.sin((((at % DAY) / HOUR - 9) / 24) * 2 * Math.PI));
    return { timestamp: at, value: poisson((perHour * interval * burst(at)) / HOUR, random) };
  });
}

const burstHour = MONDAY + 2 * DAY + 14 * HOUR;
const duringBurstHour = (factor: number) => (at: number) => (at >= burstHour && at < burstHour + HOUR ? factor : 1);

describe('the grid of a series', () => {
  it.each([
    {
      // The hour's rows are summed and the hour judged when it is complete: when the first row of
      // the next hour comes, so that is the row its alert is written on.
      name: 'hourly rows, then 5-minute rows: these are summed into their hour, judged when it closes',
      points: [...rows(1, MONDAY, 48, HOUR), ...rows(2, MONDAY + 2 * DAY, 24, 5 * MINUTE, duringBurstHour(4))],
      bucketMs: HOUR,
      alertsAt: [burstHour + HOUR],
      notes: [/^11 row\(s\) at or before an interval already read/, /^287 row\(s\) closer together than the 3600 s interval read from the first rows \(data row 50 at 2026-01-07T00:05:00.000Z, /],
    },
    ...[
      { interval: HOUR, spikeRow: 8 },
      { interval: DAY, spikeRow: 6 },
    ].map(({ interval, spikeRow }) => {
      // The detector is warm after 3 hours and would alert on these spikes; on any prefix the grid
      // could still change there, so every run writes 0 on them, and says so. A later spike alerts.
      const random = randomSource(7);
      const points = Array.from({ length: 40 }, (_, i) => ({ timestamp: MONDAY + i * interval, value: poisson(i === spikeRow || i === 30 ? 1000 : 100, random) }));
      const spikeAt = new Date(points[spikeRow]!.timestamp).toISOString();
      return {
        name: `rows every ${interval / HOUR} h: the first 12 rows are warm-up, alert 0 even on a spike there`,
        points,
        bucketMs: interval,
        alertsAt: [points[30]!.timestamp],
        notes: [new RegExp(`^the first 12 rows in time are warm-up while the interval is read from them, alert 0, though the detector would have alerted on 1 of them \\(data row ${spikeRow + 1} at ${spikeAt}\\)$`)],
      };
    }),
  ])('$name', ({ points, bucketMs, alertsAt, notes }) => {
    const result = detectSeries(points);
    if (!result.ok) throw new Error(result.error);
    expect(result.bucketMs).toBe(bucketMs);
    expect(points.filter((_, i) => result.alerts[i]).map((p) => new Date(p.timestamp).toISOString())).toEqual(alertsAt.map((t) => new Date(t).toISOString()));
    expect(result.notes).toEqual(notes.map((note) => expect.stringMatching(note)));
  });

  it('5-minute rows, then hourly rows: each counts in its own 5-minute interval, those between are gaps', () => {
    // An export that switched to hourly totals: the reader cannot tell such a row from one after
    // eleven missing rows, and reads it as that, not spreading its count over intervals no row told of.
    // (The first hourly row comes 5 minutes after the last 5-minute one: no gap before it.)
    const fine = rows(3, MONDAY, 24, 5 * MINUTE);
    const coarse = rows(4, MONDAY + DAY, 15 * 24, HOUR);
    const result = detectSeries([...fine, ...coarse]);
    if (!result.ok) throw new Error(result.error);
    expect(result.bucketMs).toBe(5 * MINUTE);
    const bucket = (p: SeriesPoint, coverage?: 'none'): DetectionBucket => ({ bucketStart: p.timestamp, count: coverage ? 0 : p.value, negative: 0, positive: 0, ...(coverage ? { coverage } : {}) });
    const gapsBefore = (p: SeriesPoint) => Array.from({ length: 11 }, (_, i) => bucket({ timestamp: p.timestamp - (11 - i) * 5 * MINUTE, value: 0 }, 'none'));
    const buckets = [...fine.map((p) => bucket(p)), ...coarse.flatMap((p, i) => [...(i === 0 ? [] : gapsBefore(p)), bucket(p)])];
    const end = coarse.at(-1)!.timestamp + 5 * MINUTE;
    expect(result.events).toEqual(evaluateTopic({ buckets, state: null, settings: seriesSettings(), now: end }).events);
    expect(result.notes).toEqual([expect.stringMatching(/^359 row\(s\) in stretches further apart than the 300 s interval read from the first rows \(data row 290 at 2026-01-06T01:00:00.000Z, .*\): each counted in its own interval, the intervals between them read as gaps, not zeros$/)]);
  });
});
