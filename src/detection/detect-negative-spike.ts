/**
 * First detector (v0): a robust spike test on negative mentions per bucket.
 * Baseline = median and MAD of the preceding buckets; the current bucket is a spike when it holds at
 * least `minCount` negatives and lies more than `threshold` robust deviations above the median.
 */
export interface SpikeSettings {
  minCount: number;
  threshold: number;
  /** Consecutive calm buckets before an open alert resolves. */
  coolDownBuckets: number;
}

export const defaultSpikeSettings: SpikeSettings = { minCount: 3, threshold: 4, coolDownBuckets: 3 };

export interface SpikeState {
  open: boolean;
  calmBuckets: number;
}

export type SpikeEvent =
  | { type: 'open'; observed: number; expected: number; band: number }
  | { type: 'resolve'; observed: number; expected: number; band: number };

export function detectNegativeSpike(
  baseline: number[],
  observed: number,
  state: SpikeState,
  settings: SpikeSettings = defaultSpikeSettings,
): { state: SpikeState; event: SpikeEvent | null } {
  const expected = median(baseline);
  // MAD of 0 (a quiet topic) would make any single mention a spike; one mention is the smallest real spread.
  const scale = Math.max(1, 1.4826 * median(baseline.map((v) => Math.abs(v - expected))));
  const band = expected + settings.threshold * scale;
  const spiking = observed >= settings.minCount && observed > band;
  if (!state.open) {
    return spiking ? { state: { open: true, calmBuckets: 0 }, event: { type: 'open', observed, expected, band } } : { state, event: null };
  }
  const calm = observed <= expected + scale;
  const calmBuckets = calm ? state.calmBuckets + 1 : 0;
  if (calmBuckets >= settings.coolDownBuckets) {
    return { state: { open: false, calmBuckets: 0 }, event: { type: 'resolve', observed, expected, band } };
  }
  return { state: { open: true, calmBuckets }, event: null };
}

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
