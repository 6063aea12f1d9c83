// A topic's own settings (sensitivity, minimum count, cool-down) change what the detector decides on the
// same history. The settings' validation is detector-settings.test.ts, quiet hours backlash-scenario.test.ts,
// and the alert state machine with a cool-down handed to it advance-alert.test.ts; these show that the
// detector reads each setting of the topic, one at a time, on an otherwise unchanged series.
import { describe, expect, it } from 'vitest';
import type { DetectionEvent } from '../../src/detection/evaluate-topic';
import { sensitivityThresholds } from '../../src/detection/detector-settings';
import { DAY, HOUR, makeSeries, MONDAY } from './synthetic-series';
import { runIncrementally } from './run-detector';

const MIN = 60_000;
const surgeAt = MONDAY + 10 * DAY + 14 * HOUR;
const minutesIn = (e: DetectionEvent) => (e.bucketStart - surgeAt) / MIN;
const raised = (events: DetectionEvent[]) => events.filter((e) => e.type !== 'resolved');

describe("a topic's detector settings", () => {
  // 60 mentions an hour, 6 more negative ones a bucket for two hours: a backlash every sensitivity sees,
  // but only once it has reached that sensitivity's bar.
  const moderate = makeSeries({ days: 12, seed: 3, extraNegative: (t) => (t >= surgeAt && t < surgeAt + 2 * HOUR ? 6 : 0) });
  const openings = Object.fromEntries(
    (['low', 'medium', 'high'] as const).map((sensitivity) => [sensitivity, runIncrementally(moderate, { settings: { sensitivity } }).events.filter((e) => e.type === 'opened')]),
  );

  // On this mature topic the low sensitivity's opening comes from the record rule instead (the biggest
  // surge in two weeks alerts below the bar, record-surge.test.ts), which says so.
  it.each([
    { sensitivity: 'low' as const, from: 'record' },
    { sensitivity: 'medium' as const, from: 'sensitivity' },
    { sensitivity: 'high' as const, from: 'sensitivity' },
  ])('sensitivity $sensitivity: the alert says the bar it had to reach ($from), and reached it', ({ sensitivity, from }) => {
    const opened = openings[sensitivity]!;
    expect(opened.map((e) => e.kind)).toEqual(['backlash']);
    const { needed, surprise } = opened[0]!.evidence;
    expect(needed!.from).toBe(from);
    if (from === 'sensitivity') expect(needed!.surprise).toBe(sensitivityThresholds[sensitivity]);
    expect(surprise).toBeGreaterThanOrEqual(needed!.surprise);
  });

  it('a higher sensitivity opens the same backlash sooner: high before medium, medium no later than low', () => {
    const at = (s: keyof typeof openings) => minutesIn(openings[s]![0]!);
    expect(at('high')).toBeLessThan(at('medium'));
    expect(at('medium')).toBeLessThanOrEqual(at('low'));
  });

  // A quiet topic (6 mentions an hour) with 3 more negative ones a bucket for an hour: 36 in all.
  const small = makeSeries({ days: 12, seed: 1, mean: () => 0.5, extraNegative: (t) => (t >= surgeAt && t < surgeAt + HOUR ? 3 : 0) });
  const byMinCount = Object.fromEntries([5, 20, 40, 60].map((minCount) => [minCount, raised(runIncrementally(small, { settings: { minCount } }).events)]));

  it.each([5, 20, 40])('minimum count %i: no window with fewer negative mentions raises or escalates the alert', (minCount) => {
    const events = byMinCount[minCount]!;
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.kind === 'backlash' && e.evidence.observed >= minCount)).toBe(true);
  });

  it('a higher minimum count waits for more mentions, and one above the whole surge raises nothing', () => {
    const openedAt = (minCount: number) => minutesIn(byMinCount[minCount]![0]!);
    expect(openedAt(5)).toBeLessThan(openedAt(20));
    expect(openedAt(20)).toBeLessThan(openedAt(40));
    expect(byMinCount[60]).toEqual([]);
  });

  // Two backlashes of 20 negative mentions a bucket, 14:00-16:00 and 19:00-20:00. The first is back near
  // its baseline a little before 17:00; the second surge comes about two hours later.
  const twoStorms = makeSeries({
    days: 12,
    seed: 1,
    extraNegative: (t) => ((t >= surgeAt && t < surgeAt + 2 * HOUR) || (t >= surgeAt + 5 * HOUR && t < surgeAt + 6 * HOUR) ? 20 : 0),
  });

  it.each([
    { cooldownMinutes: 30, types: ['opened', 'escalated', 'resolved', 'opened', 'resolved'], alerts: 2, name: 'resolves the first and opens a new alert for the second' },
    { cooldownMinutes: 90, types: ['opened', 'escalated', 'resolved', 'reopened', 'resolved'], alerts: 1, name: 'resolves the first and reopens it for the second, within its cool-down' },
    { cooldownMinutes: 180, types: ['opened', 'escalated', 'resolved'], alerts: 1, name: 'keeps the first open through the second' },
  ])('cool-down $cooldownMinutes minutes: $name, each resolution a cool-down after volume was back', ({ cooldownMinutes, types, alerts }) => {
    const events = runIncrementally(twoStorms, { settings: { cooldownMinutes } }).events;
    expect(events.map((e) => e.type)).toEqual(types);
    expect(events.every((e) => e.kind === 'backlash')).toBe(true);
    expect(new Set(events.map((e) => e.key)).size).toBe(alerts);
    const resolutions = events.filter((e) => e.type === 'resolved');
    for (const resolved of resolutions) expect(resolved.at - resolved.recovery!.volumeBackAt).toBe(cooldownMinutes * MIN);
    // The last resolution comes after the second storm, however long the cool-down.
    expect(resolutions.at(-1)!.bucketStart).toBeGreaterThanOrEqual(surgeAt + 6 * HOUR);
  });
});
