// The detector over a series' grid intervals, fed row by row by `detectSeries` once each row's
// interval is known: the one place that decides when an interval is judged and on which row.
import type { DetectorSettings } from './detector-settings';
import { createDetectorState } from './detector-state';
import { evaluateTopic, type DetectionBucket, type DetectionEvent } from './evaluate-topic';

/**
 * The detector over the grid's intervals, fed row by row. A row that holds a whole interval has it
 * judged at once; a finer row leaves its interval open, summing the rows that follow in it, until a
 * row of a later interval comes: then it is judged, and a decision taken there is written on that row,
 * as one taken in a gap is. An interval still open when the rows end is incomplete and is not judged,
 * so a prefix never judges an interval the full file has more rows for.
 */
export function createBucketJudge(bucketMs: number, settings: DetectorSettings) {
  let state = createDetectorState(bucketMs);
  const events: DetectionEvent[] = [];
  const counts = new Map<number, number>();
  /** The row on which each interval was judged: where its decisions are written. */
  const rowOfBucket = new Map<number, number>();
  let pending: DetectionBucket[] = [];
  /** Intervals before this are judged; null before the first row. */
  let judgedUntil: number | null = null;
  let open: { start: number; count: number } | null = null;
  const flush = () => {
    if (pending.length === 0) return;
    const result = evaluateTopic({ buckets: pending, state, settings, now: judgedUntil as number });
    state = result.state;
    events.push(...result.events);
    pending = [];
  };
  const close = (row: number) => {
    if (open === null) return;
    pending.push({ bucketStart: open.start, count: open.count, negative: 0, positive: 0 });
    counts.set(open.start, open.count);
    rowOfBucket.set(open.start, row);
    judgedUntil = open.start + bucketMs;
    open = null;
  };
  // Late: its interval was judged when its rows came. Judge what is pending first, so the revision
  // lands after it, as it did in the file.
  const revise = (bucket: number, value: number) => {
    flush();
    const total = (counts.get(bucket) ?? 0) + value;
    counts.set(bucket, total);
    state = evaluateTopic({ buckets: [{ bucketStart: bucket, count: total, negative: 0, positive: 0 }], state, settings, now: judgedUntil as number }).state;
  };
  const add = (bucket: number, value: number, row: number, isFiner: boolean): 'late' | 'read' => {
    if (judgedUntil !== null && bucket < judgedUntil) {
      revise(bucket, value);
      return 'late';
    }
    if (open !== null && bucket > open.start) close(row);
    if (open !== null) open.count += value;
    else {
      // A missing row is a gap in the data, not a zero: judged as a bucket no source answered for,
      // when the row after it shows the gap; a decision taken there is written on that row.
      for (let t = judgedUntil ?? bucket; t < bucket; t += bucketMs) {
        pending.push({ bucketStart: t, count: 0, negative: 0, positive: 0, coverage: 'none' });
        rowOfBucket.set(t, row);
      }
      open = { start: bucket, count: value };
      judgedUntil = bucket;
    }
    if (!isFiner) close(row);
    return 'read';
  };
  const finish = () => {
    flush();
    return { events, rowOfBucket };
  };
  return { add, finish };
}
