// Silence: a busy topic's mentions stop while every source answers (something broke quietly).
// It must alert once, and never for a quiet topic's quiet night, a weekend trough it has seen
// before, or a drop that a failing source explains.
import { describe, expect, it } from 'vitest';
import type { DetectionBucket } from '../../src/detection/evaluate-topic';
import { dailyCurve, DAY, HOUR, makeSeries, MONDAY } from './synthetic-series';
import { describeEvents, runIncrementally } from './run-detector';

/** Wednesday of the third week, 14:00 UTC: mid-afternoon, the topic's busiest hours. */
const STOP = MONDAY + 16 * DAY + 14 * HOUR;
const silenced = (series: DetectionBucket[], from: number, to: number, coverage: DetectionBucket['coverage'] = 'full') =>
  series.map((b) => (b.bucketStart >= from && b.bucketStart < to ? { ...b, count: 0, negative: 0, positive: 0, coverage } : b));
const silenceEvents = (buckets: DetectionBucket[]) => runIncrementally(buckets).events.filter((e) => e.kind === 'silence');

describe('silence alerts', () => {
  it('a busy topic whose sources answer with nothing for 3 hours: one alert, opened within the hour, escalated once it is total, resolved once mentions return', () => {
    const series = silenced(makeSeries({ days: 18, seed: 11 }), STOP, STOP + 3 * HOUR);
    const events = silenceEvents(series);
    expect(events.map((e) => `${e.type} ${e.severity}`)).toEqual(['opened watch', 'escalated warning', 'resolved warning']);
    const [opened, , resolved] = events;
    expect(opened!.bucketStart).toBeGreaterThanOrEqual(STOP);
    expect(opened!.bucketStart).toBeLessThan(STOP + HOUR);
    expect(opened!.evidence.observed).toBeLessThan(opened!.evidence.expected / 2);
    expect(opened!.evidence.partialCoverage).toBe(false);
    expect(resolved!.bucketStart).toBeGreaterThan(STOP + 3 * HOUR);
    expect(resolved!.recovery?.volumeBackAt).toBeGreaterThanOrEqual(STOP + 3 * HOUR);
  });

  it.each([
    {
      name: 'the same 3 hours while a source was failing (partial coverage explains the drop)',
      series: () => silenced(makeSeries({ days: 18, seed: 11 }), STOP, STOP + 3 * HOUR, 'partial'),
    },
    {
      name: 'a quiet topic (about 1 mention an hour) with an empty afternoon',
      series: () => silenced(makeSeries({ days: 18, seed: 12, mean: (t) => dailyCurve(t, 1) }), STOP, STOP + 6 * HOUR),
    },
    {
      name: 'weekends at a quarter of weekday volume, after the first weekend was seen',
      series: () => makeSeries({ days: 28, seed: 13, mean: (t) => dailyCurve(t, 60) * (((t - MONDAY) % (7 * DAY)) >= 5 * DAY ? 0.25 : 1) }),
    },
  ])('no silence alert: $name', ({ series }) => {
    const events = silenceEvents(series()).filter((e) => e.bucketStart >= MONDAY + 8 * DAY);
    expect(describeEvents(events)).toEqual([]);
  });

  it('a partial-coverage drop does not enter the baseline: the topic still expects its usual volume afterwards', () => {
    const series = makeSeries({ days: 18, seed: 11 });
    const outage = silenced(series, STOP - 2 * DAY, STOP, 'partial');
    // Two days of nothing learned from would drag a baseline down; skipped, the real silence still alerts.
    const events = silenceEvents(silenced(outage, STOP + HOUR, STOP + 4 * HOUR));
    expect(events.filter((e) => e.type === 'opened')).toHaveLength(1);
  });
});
