// The benchmark contract behind `earshot detect`: a plain count series (one value per fixed
// interval, no sentiment) through the same detector the topics use, with the volume-spike kind.
// Causal by construction: every row is judged once, from the rows before it and itself, so a
// prefix of the file gets the same decisions on that prefix.
import { parseDetectorSettings, type DetectorSettings, type DetectorSettingsInput } from './detector-settings';
import { createDetectorState } from './detector-state';
import { evaluateTopic, type DetectionBucket, type DetectionEvent } from './evaluate-topic';

export interface SeriesPoint {
  timestamp: number;
  value: number;
}

export type SeriesDetection =
  | { ok: true; bucketMs: number; alerts: boolean[]; events: DetectionEvent[]; notes: string[] }
  | { ok: false; error: string };

export function seriesSettings(overrides: DetectorSettingsInput = {}): DetectorSettings {
  return parseDetectorSettings({ kinds: ['volume-spike'], ...overrides });
}

/**
 * alerts[i] is true where an alert opens, reopens or escalates at row i.
 *
 * Rows are a stream, judged in file order (oldest first: a newest-first file is read backwards).
 * Real exports are not always a clean grid: a clock that falls back an hour (daylight saving in local
 * time), a row written twice, a timestamp a few seconds off. A row whose interval was already judged
 * is late data, as a crawl's late items are: its value is added to that interval (revising the
 * windows still open) and its own decision is 0. A row off the grid counts in the interval of the
 * nearest grid time. Nothing is dropped, the decisions stay causal, and the notes say what was done;
 * a clean grid gives exactly the result it always did.
 */
export function detectSeries(points: readonly SeriesPoint[], settings: DetectorSettings = seriesSettings()): SeriesDetection {
  if (points.length === 0) return { ok: true, bucketMs: 0, alerts: [], events: [], notes: [] };
  // Many tools export newest first. Read such a file oldest first; its lines keep their order.
  if (isNewestFirst(points)) {
    const last = points.length - 1;
    const read = detectStream([...points].reverse(), settings);
    return {
      ok: true,
      bucketMs: read.bucketMs,
      alerts: [...read.alerts].reverse(),
      events: read.events,
      notes: ['the rows are newest first: read oldest first', ...seriesNotes(points, read.bucketMs, read.late.map((row) => last - row).sort((a, b) => a - b), read.offGrid)],
    };
  }
  const read = detectStream(points, settings);
  return { ok: true, bucketMs: read.bucketMs, alerts: read.alerts, events: read.events, notes: seriesNotes(points, read.bucketMs, read.late, read.offGrid) };
}

function isNewestFirst(points: readonly SeriesPoint[]): boolean {
  let back = 0;
  let forward = 0;
  for (let i = 1; i < points.length; i++) {
    const step = (points[i] as SeriesPoint).timestamp - (points[i - 1] as SeriesPoint).timestamp;
    if (step < 0) back += 1;
    else if (step > 0) forward += 1;
  }
  return back > forward;
}

interface StreamRead {
  bucketMs: number;
  alerts: boolean[];
  events: DetectionEvent[];
  /** Rows whose interval had been read already, and rows off the grid. */
  late: number[];
  offGrid: number;
}

function detectStream(points: readonly SeriesPoint[], settings: DetectorSettings): StreamRead {
  const bucketMs = usualSpacing(points);
  // Each row belongs to the grid time nearest to it, so a row seconds early or late stays in its interval.
  const phase = usualPhase(points, bucketMs);
  const bucketOf = (t: number) => phase + Math.round((t - phase) / bucketMs) * bucketMs;
  const origin = bucketOf((points[0] as SeriesPoint).timestamp);
  let state = createDetectorState(bucketMs);
  const events: DetectionEvent[] = [];
  const counts = new Map<number, number>();
  /** The row that opened each judged interval: where its decisions are written. */
  const rowOfBucket = new Map<number, number>();
  let pending: DetectionBucket[] = [];
  let judgedUntil = -Infinity;
  const late: number[] = [];
  let offGrid = 0;
  const flush = () => {
    if (pending.length === 0) return;
    const result = evaluateTopic({ buckets: pending, state, settings, now: judgedUntil });
    state = result.state;
    events.push(...result.events);
    pending = [];
  };
  points.forEach((p, row) => {
    const bucket = bucketOf(p.timestamp);
    if (bucket !== p.timestamp) offGrid += 1;
    const value = Math.max(0, p.value);
    if (bucket < judgedUntil) {
      // Late: its interval was judged when its first row came. Judge what is pending first, so the
      // revision lands after it, as it did in the file.
      late.push(row);
      flush();
      const total = (counts.get(bucket) ?? 0) + value;
      counts.set(bucket, total);
      const revised = evaluateTopic({ buckets: [{ bucketStart: bucket, count: total, negative: 0, positive: 0 }], state, settings, now: judgedUntil });
      state = revised.state;
      return;
    }
    // A missing row is a gap in the data, not a zero: judged as a bucket no source answered for,
    // when the row after it shows the gap; a decision taken there is written on that row.
    for (let t = Math.max(judgedUntil, origin); t < bucket; t += bucketMs) {
      pending.push({ bucketStart: t, count: 0, negative: 0, positive: 0, coverage: 'none' });
      rowOfBucket.set(t, row);
    }
    pending.push({ bucketStart: bucket, count: value, negative: 0, positive: 0 });
    counts.set(bucket, value);
    rowOfBucket.set(bucket, row);
    judgedUntil = bucket + bucketMs;
  });
  flush();
  const alerts = points.map(() => false);
  for (const event of events) {
    if (event.type === 'resolved' || event.kind === 'source-health') continue;
    const row = rowOfBucket.get(event.bucketStart);
    if (row !== undefined) alerts[row] = true;
  }
  return { bucketMs, alerts, events, late, offGrid };
}

/** Intervals exports are written at; a usual step within 10 % of one is taken to be it. */
const COMMON_INTERVALS_S = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 604800];

/**
 * The interval the rows are written at: the median step forward between consecutive rows (repeated
 * rows, steps back and gaps do not move it), rounded to a common interval when it is within 10 % of
 * one, so rows a few seconds late do not make a 301-second grid that drifts off the data.
 */
function usualSpacing(points: readonly SeriesPoint[]): number {
  const steps: number[] = [];
  for (let i = 1; i < points.length; i++) {
    const step = (points[i] as SeriesPoint).timestamp - (points[i - 1] as SeriesPoint).timestamp;
    if (step > 0) steps.push(step);
  }
  if (steps.length === 0) return 5 * 60_000;
  steps.sort((a, b) => a - b);
  const median = steps[Math.floor((steps.length - 1) / 2)] as number;
  const common = COMMON_INTERVALS_S.map((s) => s * 1000).find((c) => Math.abs(median - c) <= 0.1 * c);
  return common ?? median;
}

/** Where on the interval the rows usually fall (the most common offset; the first row's on a tie). */
function usualPhase(points: readonly SeriesPoint[], bucketMs: number): number {
  const offsets = new Map<number, number>();
  let best = (((points[0] as SeriesPoint).timestamp % bucketMs) + bucketMs) % bucketMs;
  let seen = 0;
  for (const p of points) {
    const offset = ((p.timestamp % bucketMs) + bucketMs) % bucketMs;
    const n = (offsets.get(offset) ?? 0) + 1;
    offsets.set(offset, n);
    if (n > seen) {
      best = offset;
      seen = n;
    }
  }
  return best;
}

function seriesNotes(points: readonly SeriesPoint[], bucketMs: number, late: readonly number[], offGrid: number): string[] {
  const notes: string[] = [];
  // The data row (the header is not counted) and its time, to find it whatever the file's blank lines.
  const rowName = (row: number) => `data row ${row + 1} at ${new Date((points[row] as SeriesPoint).timestamp).toISOString()}`;
  if (late.length > 0) {
    const examples = late.slice(0, 3).map(rowName).join(', ');
    notes.push(`${late.length} row(s) at or before an interval already read (${examples}${late.length > 3 ? ', ...' : ''}: a repeated or earlier timestamp): counted into that interval as late data, alert 0 on those rows`);
  }
  if (offGrid > 0) notes.push(`${offGrid} row(s) off the ${bucketMs / 1000} s grid of the other rows: counted in the interval of the nearest grid time`);
  return notes;
}
