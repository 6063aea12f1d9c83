// The benchmark contract behind `earshot detect`: a plain count series (one value per fixed
// interval, no sentiment) through the same detector the topics use, with the volume-spike kind.
// Causal by construction: every row is judged once, from the rows before it and itself, on a grid
// read from the leading rows, so a prefix of the file gets the same decisions on that prefix.
import { parseDetectorSettings, type DetectorSettings, type DetectorSettingsInput } from './detector-settings';
import { createBucketJudge } from './create-bucket-judge';
import type { DetectionEvent } from './evaluate-topic';
import { GRID_STEPS, readSeriesGrid } from './read-series-grid';

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
 * The interval and grid are read from the leading rows (readSeriesGrid) and kept: rows before the
 * grid is set are warm-up, alert 0. Real exports are not always a clean grid: a clock that falls back
 * an hour (daylight saving in local time), a row written twice, a timestamp a few seconds off, rows
 * that change interval part way. A row whose interval was already judged is late data, as a crawl's
 * late items are: its value is added to that interval (revising the windows still open) and its own
 * decision is 0. A row off the grid counts in the interval of the nearest grid time; rows finer than
 * the grid are summed into their interval; rows coarser than it leave gaps between them, as missing
 * rows do. Nothing is dropped, the decisions stay causal, and the notes say what was done; a clean
 * grid gives exactly the result it always did.
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
      notes: ['the rows are newest first: read oldest first', ...seriesNotes(points, read, (row) => last - row)],
    };
  }
  const read = detectStream(points, settings);
  return { ok: true, bucketMs: read.bucketMs, alerts: read.alerts, events: read.events, notes: seriesNotes(points, read, (row) => row) };
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
  /** Rows whose interval had been judged already. */
  late: number[];
  /** Rows a whole interval apart but off the grid times. */
  offGrid: number;
  /** Rows closer together than the grid's interval. */
  finer: number[];
  /** Rows in stretches of GRID_STEPS or more further apart than the grid's interval. */
  coarser: number[];
  /** The row the grid was set at (rows before it are warm-up), or null: every row is. */
  gridSetAtRow: number | null;
  /** Warm-up rows on which a decision was taken and not written. */
  silenced: number[];
}

/**
 * A step shorter than this share of the grid's interval is a finer row; a longer one is a whole
 * interval, seconds early or late (the 10 % the interval itself is rounded by).
 */
const WHOLE_STEP_SHARE = 0.9;

function detectStream(points: readonly SeriesPoint[], settings: DetectorSettings): StreamRead {
  const grid = readSeriesGrid(points);
  const { bucketMs, phase } = grid;
  const judge = createBucketJudge(bucketMs, settings);
  const late: number[] = [];
  const finer: number[] = [];
  const coarser: number[] = [];
  let coarserRun: number[] = [];
  let offGrid = 0;
  let rowMs = bucketMs;
  points.forEach((p, row) => {
    const step = row === 0 ? bucketMs : p.timestamp - (points[row - 1] as SeriesPoint).timestamp;
    // How much time a row holds, read from the step to it: a whole interval, or a finer row's own
    // step. A repeated or earlier row holds what the rows around it hold.
    if (step > 0) rowMs = step >= WHOLE_STEP_SHARE * bucketMs ? bucketMs : step;
    // A row further on than an interval comes after a gap, and is read as one; only a stretch of them
    // is worth a note (rows written at a coarser interval), not every missing row.
    if (step * WHOLE_STEP_SHARE > bucketMs) {
      coarserRun.push(row);
      if (coarserRun.length === GRID_STEPS) coarser.push(...coarserRun);
      else if (coarserRun.length > GRID_STEPS) coarser.push(row);
    } else if (step > 0) coarserRun = [];
    // A row counts in the interval most of its time falls in: for a whole-interval row that of the
    // nearest grid time (a row seconds early or late stays in its interval), for a finer row the one
    // it starts in (5-minute rows 10:00-10:55 on an hourly grid are all the 10:00 hour).
    const bucket = phase + Math.round((p.timestamp + (rowMs - bucketMs) / 2 - phase) / bucketMs) * bucketMs;
    const isFiner = rowMs < bucketMs;
    if (isFiner) finer.push(row);
    else if (bucket !== p.timestamp) offGrid += 1;
    if (judge.add(bucket, Math.max(0, p.value), row, isFiner) === 'late') late.push(row);
  });
  const { events, rowOfBucket } = judge.finish();
  const { alerts, silenced } = writeAlerts(events, rowOfBucket, points.length, grid.setAtRow ?? points.length);
  return { bucketMs, alerts, events, late, offGrid, finer, coarser, gridSetAtRow: grid.setAtRow, silenced };
}

/** Decisions on their rows; those on warm-up rows (before `warmUpEnd`) are not written, only listed. */
function writeAlerts(events: readonly DetectionEvent[], rowOfBucket: ReadonlyMap<number, number>, rows: number, warmUpEnd: number) {
  const alerts = Array.from({ length: rows }, () => false);
  const silenced = new Set<number>();
  for (const event of events) {
    if (event.type === 'resolved' || event.kind === 'source-health') continue;
    const row = rowOfBucket.get(event.bucketStart);
    if (row === undefined) continue;
    if (row < warmUpEnd) silenced.add(row);
    else alerts[row] = true;
  }
  return { alerts, silenced: [...silenced].sort((a, b) => a - b) };
}

/** `fileRow` turns a row as read into its row in the file (they differ when read backwards). */
function seriesNotes(points: readonly SeriesPoint[], read: StreamRead, fileRow: (row: number) => number): string[] {
  const notes: string[] = [];
  // The data row (the header is not counted) and its time, to find it whatever the file's blank lines.
  const rowName = (row: number) => `data row ${row + 1} at ${new Date((points[row] as SeriesPoint).timestamp).toISOString()}`;
  const examples = (rows: readonly number[]) => {
    const inFile = rows.map(fileRow).sort((a, b) => a - b);
    return `${inFile.slice(0, 3).map(rowName).join(', ')}${inFile.length > 3 ? ', ...' : ''}`;
  };
  const interval = `${read.bucketMs / 1000} s`;
  if (read.late.length > 0) {
    notes.push(`${read.late.length} row(s) at or before an interval already read (${examples(read.late)}: a repeated or earlier timestamp): counted into that interval as late data, alert 0 on those rows`);
  }
  if (read.offGrid > 0) notes.push(`${read.offGrid} row(s) off the ${interval} grid of the other rows: counted in the interval of the nearest grid time`);
  if (read.finer.length > 0) {
    notes.push(`${read.finer.length} row(s) closer together than the ${interval} interval read from the first rows (${examples(read.finer)}): summed into their ${interval} interval, which is judged when a row of a later one comes, its alert on that row`);
  }
  if (read.coarser.length > 0) {
    notes.push(`${read.coarser.length} row(s) in stretches further apart than the ${interval} interval read from the first rows (${examples(read.coarser)}): each counted in its own interval, the intervals between them read as gaps, not zeros`);
  }
  if (read.silenced.length > 0) {
    const warmUp = read.gridSetAtRow === null ? `the rows end before ${GRID_STEPS} steps between them, which the interval is read from: all are warm-up` : `the first ${read.gridSetAtRow} rows in time are warm-up while the interval is read from them`;
    notes.push(`${warmUp}, alert 0, though the detector would have alerted on ${read.silenced.length} of them (${examples(read.silenced)})`);
  }
  return notes;
}
