// Runs the detector over a series the way the crawl job does: one call per `stepBuckets` of time,
// each call with the buckets since the last one (plus any late ones), the state round-tripped
// through JSON as storage does.
import { BUCKET_MS } from '../../src/domain/bucket';
import { parseDetectorSettings, type DetectorSettingsInput } from '../../src/detection/detector-settings';
import type { DetectorState } from '../../src/detection/detector-state';
import { evaluateTopic, type DetectionBucket, type DetectionEvent } from '../../src/detection/evaluate-topic';

export interface RunOptions {
  settings?: DetectorSettingsInput;
  stepBuckets?: number;
  /** Resume from a stored state; buckets older than its next bucket are late arrivals. */
  state?: DetectorState | null;
  /** The sources feeding the topic at each call, as the job reports them. */
  feedingSources?: (now: number) => number[];
  /** What happens to the stored state between two calls (a user acknowledging an alert, as jobs/detect syncs it). */
  between?: (state: DetectorState, now: number) => DetectorState;
}

export function runIncrementally(buckets: readonly DetectionBucket[], options: RunOptions = {}): { events: DetectionEvent[]; state: DetectorState | null } {
  const settings = parseDetectorSettings(options.settings ?? {});
  const step = (options.stepBuckets ?? 12) * BUCKET_MS;
  let stored: string | null = options.state ? JSON.stringify(options.state) : null;
  const events: DetectionEvent[] = [];
  let from = -Infinity;
  const lastStart = buckets.reduce((m, b) => Math.max(m, b.bucketStart), -Infinity);
  let until = (options.state?.nextBucketStart ?? (buckets[0]?.bucketStart ?? 0)) + step;
  while (from <= lastStart) {
    const chunk = buckets.filter((b) => b.bucketStart >= from && b.bucketStart < until);
    const loaded = stored === null ? null : (JSON.parse(stored) as DetectorState);
    const state = loaded !== null && options.between ? options.between(loaded, until) : loaded;
    const now = Math.min(until, lastStart + BUCKET_MS);
    const result = evaluateTopic({ buckets: chunk, state, settings, now, feedingSources: options.feedingSources?.(now) });
    stored = JSON.stringify(result.state);
    events.push(...result.events);
    from = until;
    until += step;
  }
  return { events, state: stored === null ? null : (JSON.parse(stored) as DetectorState) };
}

export function describeEvents(events: readonly DetectionEvent[]): string[] {
  return events.map((e) => `${e.type} ${e.kind} ${new Date(e.bucketStart).toISOString()} ${e.severity}`);
}
