// The demo's story: bloggers pick up a story and negative mentions surge for two hours.
import { describe, expect, it } from 'vitest';
import { BUCKET_MS } from '../../src/domain/bucket';
import { DAY, HOUR, makeSeries, MONDAY } from './synthetic-series';
import { runIncrementally } from './run-detector';

const surgeAt = MONDAY + 10 * DAY + 14 * HOUR;
const surgeEnd = surgeAt + 2 * HOUR;

describe('a backlash surge', () => {
  it.each([
    { name: 'mid-size topic (60 mentions an hour, +20 negative per 5 minutes)', perHour: 60, extra: 20 },
    { name: 'small topic (6 mentions an hour, +4 negative per 5 minutes)', perHour: 6, extra: 4 },
  ])('$name: one alert, opened within 3 buckets, escalated once, resolved after', ({ perHour, extra }) => {
    const series = makeSeries({ days: 12, seed: 11, mean: (t) => (perHour / 12) * (1 + 0.6 * Math.sin((((t % DAY) / HOUR - 9) / 24) * 2 * Math.PI)), extraNegative: (t) => (t >= surgeAt && t < surgeEnd ? extra : 0) });
    const { events } = runIncrementally(series, { stepBuckets: 3 });
    const backlash = events.filter((e) => e.kind === 'backlash');
    expect(backlash.map((e) => e.type)).toEqual(['opened', 'escalated', 'resolved']);
    const [opened, escalated, resolved] = backlash;
    expect((opened!.bucketStart - surgeAt) / BUCKET_MS).toBeLessThan(3);
    expect(escalated!.bucketStart).toBeLessThan(surgeEnd);
    expect(resolved!.bucketStart).toBeGreaterThanOrEqual(surgeEnd);
    expect(new Set(backlash.map((e) => e.key)).size).toBe(1);
    expect(events.filter((e) => e.kind !== 'backlash')).toEqual([]);
  });

  // A quiet small topic (a negative mention every two hours) whose first storm comes on its second
  // day. At exactly one day old the storm's first bucket was the first sample of the spread, became
  // the whole spread, and hid the storm for an hour.
  it.each([24, 25, 30, 48])('a young topic\'s first storm, %i hours after it was created, opens within 3 buckets', (hours) => {
    const start = MONDAY;
    const stormAt = start + hours * HOUR;
    const series = Array.from({ length: (hours + 4) * 12 }, (_, i) => {
      const at = start + i * BUCKET_MS;
      const negative = at >= stormAt && at < stormAt + 2 * HOUR ? 4 + 2 * Math.floor((at - stormAt) / (10 * 60_000)) : i % 24 === 0 ? 1 : 0;
      return { bucketStart: at, count: negative + (i % 2 === 0 ? 1 : 0), negative, positive: 0 };
    });
    const opened = runIncrementally(series, { stepBuckets: 1 }).events.find((e) => e.type === 'opened');
    expect(opened?.kind).toBe('backlash');
    expect((opened!.bucketStart - stormAt) / BUCKET_MS).toBeLessThan(3);
  });

  it('carries its evidence: observed vs expected with the band, surprise, share before and during, recovery', () => {
    const series = makeSeries({ days: 12, seed: 11, extraNegative: (t) => (t >= surgeAt && t < surgeEnd ? 20 : 0) });
    const { events } = runIncrementally(series);
    const opened = events.find((e) => e.type === 'opened');
    const resolved = events.find((e) => e.type === 'resolved');
    expect(opened?.evidence).toMatchObject({ partialCoverage: false, share: { of: 'negative' } });
    const evidence = opened!.evidence;
    expect(evidence.observed).toBeGreaterThan(evidence.band.high);
    expect(evidence.surprise).toBeGreaterThanOrEqual(6);
    expect(evidence.share!.during).toBeGreaterThan(evidence.share!.before + 0.2);
    expect(opened!.notification).toEqual({ notify: true });
    expect(resolved?.recovery?.volumeBackAt).toBeGreaterThanOrEqual(surgeEnd);
    expect(resolved?.recovery?.minutesToVolume).toBeGreaterThanOrEqual(120);
  });

  it.each([
    { name: 'a slow surge: the opening is held back and sent when quiet hours end', extra: 6, notified: ['opened held', 'opened at 15:00', 'resolved'] },
    { name: 'a storm: turning critical breaks through quiet hours', extra: 20, notified: ['opened held', 'escalated', 'resolved'] },
  ])('quiet hours 13:30-15:00, $name', ({ extra, notified }) => {
    const series = makeSeries({ days: 12, seed: 11, extraNegative: (t) => (t >= surgeAt && t < surgeAt + 3 * HOUR ? extra : 0) });
    const { events } = runIncrementally(series, { settings: { quietHours: { start: '13:30', end: '15:00' } } });
    const described = events.map((e) => (e.notification.notify ? (e.type === 'opened' ? `opened at ${new Date(e.at).toISOString().slice(11, 16)}` : e.type) : `${e.type} held`));
    expect(described).toEqual(notified);
    expect(new Set(events.map((e) => e.key)).size).toBe(1);
  });

  it('a surge in the sources that answered still alerts, marked partial coverage', () => {
    const series = makeSeries({ days: 12, seed: 12, extraNegative: (t) => (t >= surgeAt && t < surgeEnd ? 10 : 0) }).map((b) => (b.bucketStart >= surgeAt - HOUR && b.bucketStart < surgeEnd ? { ...b, coverage: 'partial' as const } : b));
    const opened = runIncrementally(series).events.find((e) => e.type === 'opened');
    expect(opened).toMatchObject({ kind: 'backlash', evidence: { partialCoverage: true } });
  });

  it('a positive surge (a launch going well) is its own kind, not a backlash', () => {
    const series = makeSeries({ days: 12, seed: 13, extraPositive: (t) => (t >= surgeAt && t < surgeEnd ? 10 : 0) });
    const kinds = runIncrementally(series).events.filter((e) => e.type === 'opened').map((e) => e.kind);
    expect(kinds).toEqual(['positive-surge']);
  });

  it('every source failing for an hour raises a source-health alert instead of silence', () => {
    const series = makeSeries({ days: 12, seed: 14 }).map((b) => (b.bucketStart >= surgeAt && b.bucketStart < surgeEnd ? { ...b, count: 0, negative: 0, positive: 0, coverage: 'none' as const } : b));
    const events = runIncrementally(series).events;
    expect(events.map((e) => `${e.type} ${e.kind}`)).toEqual(['opened source-health', 'resolved source-health']);
    expect(events[0]!.bucketStart).toBe(surgeAt + HOUR - BUCKET_MS);
  });
});
