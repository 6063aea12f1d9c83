// The grid a `timestamp,value` series is read on: its interval and where on the interval its rows
// fall. Read from the leading rows only and fixed from then on, so every prefix that holds those rows
// reads the same grid and `detect` stays causal on a file whose rows change interval part way.
import type { SeriesPoint } from './detect-series';

export interface SeriesGrid {
  bucketMs: number;
  /** The offset of the grid times on the interval: grid times are phase + k * bucketMs. */
  phase: number;
  /**
   * The row at which the grid was set; rows before it are warm-up (alert 0 in every run). Null when
   * the rows end first: the grid is then read from all of them, and every row is warm-up.
   */
  setAtRow: number | null;
}

/**
 * How many forward steps between rows the grid is read from. The median of 12 steps stays on the
 * usual step with up to 5 odd ones among them (a gap, a clock falling back an hour, rows written
 * twice or seconds off), the messy exports the reader already takes. At 5 minutes 12 steps are the
 * first hour, inside the detector's 3-hour warm-up, so a regular file loses no decision to it;
 * more steps would only make a longer warm-up on hourly and daily series.
 */
export const GRID_STEPS = 12;

/** Intervals exports are written at; a usual step within 10 % of one is taken to be it. */
const COMMON_INTERVALS_S = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 604800];

export function readSeriesGrid(points: readonly SeriesPoint[]): SeriesGrid {
  const steps: number[] = [];
  let setAtRow: number | null = null;
  for (let i = 1; i < points.length && setAtRow === null; i++) {
    const step = (points[i] as SeriesPoint).timestamp - (points[i - 1] as SeriesPoint).timestamp;
    if (step > 0) steps.push(step);
    if (steps.length === GRID_STEPS) setAtRow = i;
  }
  const leading = setAtRow === null ? points : points.slice(0, setAtRow + 1);
  const bucketMs = usualSpacing(steps);
  return { bucketMs, phase: usualPhase(leading, bucketMs), setAtRow };
}

/**
 * The median forward step (repeated rows, steps back and gaps do not move it), rounded to a common
 * interval when it is within 10 % of one, so rows a few seconds late do not make a 301-second grid
 * that drifts off the data.
 */
function usualSpacing(forwardSteps: readonly number[]): number {
  if (forwardSteps.length === 0) return 5 * 60_000;
  const steps = [...forwardSteps].sort((a, b) => a - b);
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
