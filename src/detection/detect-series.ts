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
  | { ok: true; bucketMs: number; alerts: boolean[]; events: DetectionEvent[] }
  | { ok: false; error: string };

export function seriesSettings(overrides: DetectorSettingsInput = {}): DetectorSettings {
  return parseDetectorSettings({ kinds: ['volume-spike'], ...overrides });
}

/** alerts[i] is true where an alert opens, reopens or escalates at row i. */
export function detectSeries(points: readonly SeriesPoint[], settings: DetectorSettings = seriesSettings()): SeriesDetection {
  if (points.length === 0) return { ok: true, bucketMs: 0, alerts: [], events: [] };
  const spacing = checkSpacing(points);
  if (!spacing.ok) return spacing;
  const { bucketMs } = spacing;
  const buckets: DetectionBucket[] = [];
  for (const p of points) {
    // A missing row is a gap in the data, not a zero: judged as a bucket no source answered for.
    for (let t = (buckets[buckets.length - 1]?.bucketStart ?? p.timestamp - bucketMs) + bucketMs; t < p.timestamp; t += bucketMs) {
      buckets.push({ bucketStart: t, count: 0, negative: 0, positive: 0, coverage: 'none' });
    }
    buckets.push({ bucketStart: p.timestamp, count: Math.max(0, p.value), negative: 0, positive: 0 });
  }
  const last = (points[points.length - 1] as SeriesPoint).timestamp;
  const { events } = evaluateTopic({ buckets, state: createDetectorState(bucketMs), settings, now: last + bucketMs });
  const alerts = points.map(() => false);
  for (const event of events) {
    if (event.type === 'resolved' || event.kind === 'source-health') continue;
    const row = rowIndex(points, event.bucketStart);
    if (row !== null) alerts[row] = true;
  }
  return { ok: true, bucketMs, alerts, events };
}

function checkSpacing(points: readonly SeriesPoint[]): { ok: true; bucketMs: number } | { ok: false; error: string } {
  if (points.length < 2) return { ok: true, bucketMs: 5 * 60_000 };
  let bucketMs = Infinity;
  for (let i = 1; i < points.length; i++) {
    const step = (points[i] as SeriesPoint).timestamp - (points[i - 1] as SeriesPoint).timestamp;
    if (step <= 0) return { ok: false, error: `row ${i + 1}: timestamps must increase (row ${i + 1} is not after row ${i})` };
    bucketMs = Math.min(bucketMs, step);
  }
  for (let i = 1; i < points.length; i++) {
    const step = (points[i] as SeriesPoint).timestamp - (points[0] as SeriesPoint).timestamp;
    if (step % bucketMs !== 0) return { ok: false, error: `row ${i + 1}: timestamps must be evenly spaced (every ${bucketMs / 1000} s); missing rows are allowed, off-grid ones are not` };
  }
  return { ok: true, bucketMs };
}

/** The row holding this bucket (binary search), or null for a gap. */
function rowIndex(points: readonly SeriesPoint[], at: number): number | null {
  let lo = 0;
  let hi = points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((points[mid] as SeriesPoint).timestamp < at) lo = mid + 1;
    else hi = mid;
  }
  return points[lo]?.timestamp === at ? lo : null;
}
