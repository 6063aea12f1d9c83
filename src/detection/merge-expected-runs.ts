// An alert's usual level, bucket by bucket, gathered from its events: each opening, escalation,
// reopening and resolution brings what the detector expected over the buckets before it (its last six
// hours), and together they cover the alert's life, with a gap where it stayed open more than six
// hours between two events. The alert page draws them as the usual level around the surge.
import type { ExpectedRun } from '../domain/alert';

/**
 * At most this many buckets are kept (three and a half days of 5-minute buckets; the page's chart
 * shows at most three days). Past it the first twelve hours stay (the six before the opening and
 * the start of the surge: a resolved alert is drawn from its start) and the oldest of the rest go.
 */
export const MAX_EXPECTED_BUCKETS = 1008;
const KEPT_FROM_START = 144;

/**
 * The runs stored on an alert (null or malformed: none), then `run` added. A bucket in both keeps the
 * newer expectation (a late item may have revised it) and the older top of its usual range: the one
 * kept closest to when the bucket was judged, before a surge learned since could widen it.
 */
export function mergeExpectedRuns(stored: unknown, run: ExpectedRun | null): ExpectedRun[] {
  const runs = readExpectedRuns(stored);
  if (run === null) return runs;
  const stepMs = run.bucketMinutes * 60_000;
  const inOrder = [...runs.filter((r) => r.bucketMinutes === run.bucketMinutes), run];
  const byTime = expectedByTime(inOrder);
  const highs = valuesByTime(inOrder, (r) => r.highs, 'first');
  let times = [...byTime.keys()].sort((a, b) => a - b);
  if (times.length > MAX_EXPECTED_BUCKETS) times = [...times.slice(0, KEPT_FROM_START), ...times.slice(times.length - (MAX_EXPECTED_BUCKETS - KEPT_FROM_START))];
  const merged: Array<ExpectedRun & { highs: Array<number | null> }> = [];
  for (const t of times) {
    const last = merged[merged.length - 1];
    if (last && last.from + last.counts.length * stepMs === t) {
      last.counts.push(byTime.get(t) as number);
      last.highs.push(highs.get(t) ?? null);
    } else {
      merged.push({ from: t, bucketMinutes: run.bucketMinutes, counts: [byTime.get(t) as number], highs: [highs.get(t) ?? null] });
    }
  }
  return merged.map(({ highs: kept, ...rest }) => (kept.some((h) => h !== null) ? { ...rest, highs: kept } : rest));
}

/** Each bucket's expectation by its start time; where runs overlap, the later run's value. */
export function expectedByTime(runs: readonly ExpectedRun[]): Map<number, number> {
  return valuesByTime(runs, (r) => r.counts, 'last');
}

/** One per-bucket series of the runs by bucket start (nulls left out); where runs overlap, the `keep` one's value. */
function valuesByTime(runs: readonly ExpectedRun[], values: (run: ExpectedRun) => ReadonlyArray<number | null> | undefined, keep: 'first' | 'last'): Map<number, number> {
  const byTime = new Map<number, number>();
  for (const run of runs) {
    values(run)?.forEach((value, i) => {
      const t = run.from + i * run.bucketMinutes * 60_000;
      if (value !== null && (keep === 'last' || !byTime.has(t))) byTime.set(t, value);
    });
  }
  return byTime;
}

/** The start of a run's last bucket. */
export function lastBucketOf(run: ExpectedRun): number {
  return run.from + (run.counts.length - 1) * run.bucketMinutes * 60_000;
}

/** The well-formed runs of a stored value: evidence from before Earshot kept them has none. */
export function readExpectedRuns(value: unknown): ExpectedRun[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (r): r is ExpectedRun =>
      typeof r === 'object' && r !== null &&
      Number.isFinite(r.from) && Number.isInteger(r.bucketMinutes) && r.bucketMinutes > 0 &&
      Array.isArray(r.counts) && r.counts.length > 0 && r.counts.every((c: unknown) => typeof c === 'number' && Number.isFinite(c) && c >= 0),
  ).map((r) => {
    const highs: unknown = r.highs;
    const wellFormed = Array.isArray(highs) && highs.length === r.counts.length && highs.every((h) => h === null || (typeof h === 'number' && Number.isFinite(h) && h >= 0));
    return { from: r.from, bucketMinutes: r.bucketMinutes, counts: [...r.counts], ...(wellFormed ? { highs: [...(highs as Array<number | null>)] } : {}) };
  });
}
