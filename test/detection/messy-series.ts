// Messy `timestamp,value` series for the prefix property of `detect`, made by code from a seed: rows
// that change interval and phase part way, with gaps, repeated rows, steps back, rows seconds off
// the grid, an hour repeated as when local-time clocks fall back, and bursts big enough that alerts fire.
import type { SeriesPoint } from '../../src/detection/detect-series';
import { HOUR, MONDAY, poisson, randomSource } from './synthetic-series';

const MINUTE = 60_000;

export interface MessySeriesSpec {
  seed: number;
  /** The intervals of the stretches, in order; each stretch is `stretchHours` long. */
  intervals: readonly number[];
  stretchHours: number;
}

export function makeMessySeries({ seed, intervals, stretchHours }: MessySeriesSpec): SeriesPoint[] {
  const random = randomSource(seed);
  const points: SeriesPoint[] = [];
  // Any second of the first hour: the grid's phase is not the clock's.
  let at = MONDAY + Math.floor(random() * 3600) * 1000;
  for (const [stretch, interval] of intervals.entries()) {
    // From the second stretch on, the rows may also shift phase: by a few seconds, or half an interval.
    if (stretch > 0) at += [0, 7_000, Math.round(interval / 2)][Math.floor(random() * 3)] as number;
    const rows = Math.round((stretchHours * HOUR) / interval);
    const burstAt = Math.floor(rows * (0.4 + 0.5 * random()));
    const burstRows = Math.max(1, Math.round((20 * MINUTE) / interval));
    const fallBackAt = Math.floor(rows * random());
    for (let i = 0; i < rows; i++, at += interval) {
      if (i === fallBackAt) {
        const hourAgo = at - HOUR;
        points.push(...points.filter((p) => p.timestamp >= hourAgo).map((p) => ({ timestamp: p.timestamp, value: p.value + 1 })));
      }
      const hour = (at % (24 * HOUR)) / HOUR;
      const perHour = 240 * (1 + 0.5 * Math.sin(((hour - 9) / 24) * 2 * Math.PI));
      const burst = i >= burstAt && i < burstAt + burstRows ? 8 : 1;
      pushMessyRow(points, { timestamp: at, value: poisson((perHour * interval * burst) / HOUR, random) }, interval, random);
    }
  }
  return points;
}

/** The row as an export might write it: missing, twice, seconds off, or after a step back. */
function pushMessyRow(points: SeriesPoint[], row: SeriesPoint, interval: number, random: () => number): void {
  const roll = random();
  if (roll < 0.03) return;
  if (roll < 0.05) points.push(row, { ...row });
  else if (roll < 0.07) points.push(row, { timestamp: row.timestamp - interval * (1 + Math.floor(random() * 3)), value: 1 });
  else if (roll < 0.12) points.push({ ...row, timestamp: row.timestamp + Math.round((random() - 0.5) * 0.06 * interval) });
  else points.push(row);
}
