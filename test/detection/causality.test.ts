// The decision for a row uses only the rows before it and that row: a prefix gets the same
// decisions on that prefix, and running incrementally gives what one call gives.
import { describe, expect, it } from 'vitest';
import { BUCKET_MS } from '../../src/domain/bucket';
import { detectSeries } from '../../src/detection/detect-series';
import { defaultDetectorSettings } from '../../src/detection/detector-settings';
import { evaluateTopic } from '../../src/detection/evaluate-topic';
import { dailyCurve, DAY, HOUR, makeSeries, MONDAY, randomSource } from './synthetic-series';
import { runIncrementally } from './run-detector';

const surges = (t: number) => ([4, 6, 8].some((d) => t >= MONDAY + d * DAY + 13 * HOUR && t < MONDAY + d * DAY + 15 * HOUR) ? 40 : 0);
const series = makeSeries({ days: 10, seed: 21, mean: (t) => dailyCurve(t, 60), extraNegative: surges });
const points = series.map((b) => ({ timestamp: b.bucketStart, value: b.count }));

describe('causality', () => {
  const full = detectSeries(points);
  if (!full.ok) throw new Error(full.error);

  it('the full series alerts at all (otherwise the property below is empty)', () => {
    expect(full.alerts.filter(Boolean).length).toBeGreaterThan(0);
  });

  const random = randomSource(5);
  const cuts = Array.from({ length: 6 }, () => 600 + Math.floor(random() * (points.length - 600)));
  it.each(cuts.map((cut) => ({ cut })))('a prefix of $cut rows gets the same decisions on that prefix', ({ cut }) => {
    const prefix = detectSeries(points.slice(0, cut));
    expect(prefix.ok && prefix.alerts).toEqual(full.alerts.slice(0, cut));
  });

  // An export in local time: the clocks fall back on day 3 (an hour of rows repeats), a row is
  // written twice on day 5, and a few rows are seconds late. Late rows revise, they are not judged.
  const messy = points.flatMap((p, i) => {
    const jittered = i % 97 === 0 ? { ...p, timestamp: p.timestamp + 4_000 } : p;
    if (p.timestamp === MONDAY + 3 * DAY + 2 * HOUR) return [jittered, ...points.slice(i - 12, i).map((q) => ({ ...q, value: q.value + 1 }))];
    if (p.timestamp === MONDAY + 5 * DAY + 9 * HOUR) return [jittered, jittered];
    return [jittered];
  });
  const messyFull = detectSeries(messy);
  if (!messyFull.ok) throw new Error(messyFull.error);

  it('a messy export (a repeated hour, a doubled row, rows seconds late) gets one decision per row, the same surges, and notes', () => {
    expect(messyFull.alerts).toHaveLength(messy.length);
    expect(messyFull.bucketMs).toBe(BUCKET_MS);
    const surgeRows = (alerts: boolean[], rows: { timestamp: number }[]) => rows.filter((_, i) => alerts[i]).map((r) => Math.floor(r.timestamp / DAY));
    expect(surgeRows(messyFull.alerts, messy)).toEqual(surgeRows(full.alerts, points));
    expect(messyFull.notes).toEqual([expect.stringMatching(/^13 row\(s\) at or before an interval already read/), expect.stringMatching(/ off the 300 s grid/)]);
  });

  it('a newest-first export is read oldest first: the same decisions, on the same rows, and a note', () => {
    const reversed = detectSeries([...points].reverse());
    expect(reversed.ok && [...reversed.alerts].reverse()).toEqual(full.alerts);
    expect(reversed.ok && reversed.notes).toEqual(['the rows are newest first: read oldest first']);
  });

  it.each(cuts.map((cut) => ({ cut })))('a prefix of $cut rows of the messy export gets the same decisions on that prefix', ({ cut }) => {
    const prefix = detectSeries(messy.slice(0, cut));
    expect(prefix.ok && prefix.alerts).toEqual(messyFull.alerts.slice(0, cut));
  });

  it('a decision taken in a gap (no rows) is written on the row after it, when the gap became known', () => {
    const surgeAt = MONDAY + 5 * DAY + 12 * HOUR;
    // No rows for the hour after a 30-minute surge: the escalation, held 30 minutes after the opening,
    // comes due in it. Whether it does depends on the noise (some surges open at their top severity),
    // so the case is the first seed where it does.
    const gapCase = (seed: number) => {
      const ramp = makeSeries({ days: 6, seed, mean: (t) => dailyCurve(t, 60) + (t >= surgeAt && t < surgeAt + 30 * 60_000 ? 30 + (t - surgeAt) / 30_000 : 0) });
      const gapped = ramp.filter((b) => b.bucketStart < surgeAt + 30 * 60_000 || b.bucketStart >= surgeAt + 90 * 60_000).map((b) => ({ timestamp: b.bucketStart, value: b.count }));
      const result = detectSeries(gapped);
      if (!result.ok) throw new Error(result.error);
      const decided = result.events.filter((e) => e.type !== 'resolved' && e.kind !== 'source-health');
      const inGap = decided.filter((e) => !gapped.some((p) => p.timestamp === e.bucketStart));
      return { gapped, result, decided, inGap };
    };
    // Seeds 31-50, stopping at the first whose decision falls in the gap.
    let found: ReturnType<typeof gapCase> | undefined;
    for (let seed = 31; seed <= 50 && found === undefined; seed++) {
      const run = gapCase(seed);
      if (run.inGap.length > 0) found = run;
    }
    expect(found).toBeDefined();
    const { gapped, result, decided, inGap } = found!;
    expect(inGap.map((e) => e.type)).toEqual(['escalated']);
    const rowAfter = gapped.findIndex((p) => p.timestamp > inGap[0]!.bucketStart);
    expect(gapped[rowAfter]!.timestamp).toBe(surgeAt + 90 * 60_000);
    expect(result.alerts.map((a, i) => (a ? i : -1)).filter((i) => i >= 0)).toEqual([...decided.filter((e) => !inGap.includes(e)).map((e) => gapped.findIndex((p) => p.timestamp === e.bucketStart)), rowAfter].sort((x, y) => x - y));
  });

  it.each([{ step: 1 }, { step: 7 }, { step: 100 }])('incremental runs of $step buckets give the events and state of one call', ({ step }) => {
    const once = evaluateTopic({ buckets: series, state: null, settings: defaultDetectorSettings, now: MONDAY + 10 * DAY });
    const incremental = runIncrementally(series, { stepBuckets: step });
    expect(incremental.events).toEqual(once.events);
    expect(incremental.state).toEqual(once.state);
  });

  it('buckets not yet complete at `now` are left for the next run', () => {
    const cut = series[1000]!.bucketStart;
    const result = evaluateTopic({ buckets: series, state: null, settings: defaultDetectorSettings, now: cut + BUCKET_MS - 1 });
    expect(result.state.nextBucketStart).toBe(cut);
  });
});
