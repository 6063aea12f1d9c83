// "All sources failing" is not silence: an hour of buckets in which no source answered raises a
// source-health alert, resolved once sources answer again.
import type { Coverage } from './detector-state';
import type { KindSignal } from './score-signals';

const OUTAGE_MS = 60 * 60_000;

export function sourceHealthSignal(coverage: readonly Coverage[], bucket: { bucketStart: number; count: number }, bucketMs: number): KindSignal {
  const needed = Math.max(1, Math.round(OUTAGE_MS / bucketMs));
  let down = coverage.length >= needed;
  for (let i = coverage.length - needed; down && i < coverage.length; i++) down = coverage[i] === 'none';
  const level = down ? 'firing' : coverage[coverage.length - 1] === 'none' ? 'elevated' : 'quiet';
  const windowEnd = bucket.bucketStart + bucketMs;
  return {
    kind: 'source-health',
    level,
    severity: 'warning',
    evidence: {
      windowMinutes: Math.round((needed * bucketMs) / 60_000),
      windowStart: windowEnd - needed * bucketMs,
      windowEnd,
      observed: bucket.count,
      expected: 0,
      band: { low: 0, high: 0 },
      surprise: 0,
      share: null,
      partialCoverage: true,
    },
  };
}
