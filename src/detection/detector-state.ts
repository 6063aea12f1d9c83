// The per-topic detector state: everything the detector remembers between runs, JSON-serialisable
// (stored as detector_states.state). About 1,900 numbers: three tracks with their 6-hour rings, and the
// all-mentions track's two weeks of hours of the week (week-hours, mostly zeros).
import { BUCKET_MS } from '../domain/bucket';
import type { AlertSeverity } from '../domain/alert';
import type { AlertPhase, Recovery } from './advance-alert';
import type { SignalEvidence } from './score-signals';
import type { LifecycleKind } from './detector-settings';
import type { FeedingSource } from './evaluate-topic';
import { cloneTrack, createTrack, type TrackState } from './signal-track';

/**
 * How completely the sources that normally feed the topic answered for a bucket.
 * - full: every source that has ever delivered answered (a never-working source does not count).
 * - partial: some were failing, rate-limited, still backfilling or answering in part (a Mastodon
 *   instance down): the bucket is not learned from, and a surge in it is marked "partial coverage".
 * - none: every source failed: not learned from; an hour of it raises a source-health alert.
 */
export type Coverage = 'full' | 'partial' | 'none';

export interface DetectorState {
  version: 1;
  bucketMs: number;
  /** Start of the next bucket to evaluate; null until the first bucket is seen. */
  nextBucketStart: number | null;
  tracks: { all: TrackState; negative: TrackState; positive: TrackState };
  /** Coverage of the buckets in the tracks' rings, newest last. */
  coverage: Coverage[];
  /** At most one phase per event kind. */
  alerts: AlertPhase[];
  /**
   * Ids of the sources that fed the topic at the last run (sorted), when the job said; a change
   * (a source added, disabled or removed) starts a relearning period. Absent in older states.
   */
  feedingSources?: FeedingSource[];
  /** Start of the first bucket judged after the sources last changed, while the baseline relearns; else null. */
  relearnFrom?: number | null;
  /**
   * Per event kind, when the volume of its last resolved alert was back near baseline. Until an alert
   * of that kind is open again, a window reaching back before it cannot open or reopen one: that
   * surge was the resolved alert's. Absent in older states and for kinds never resolved.
   */
  recoveredAt?: Partial<Record<LifecycleKind, number>>;
  /**
   * The local time setting the hour shapes were learned on ("zone:Europe/Paris", "offset:60"); a change
   * moves them to the new clock (evaluate-topic). Absent in older states: taken as the current setting.
   */
  localTime?: string;
  /**
   * Resolutions quiet hours held back, of alerts the team heard of: sent when they end (or dropped if
   * the alert reopens first). Kept apart from the alert phases, which forget a resolved alert after its
   * cool-down, long before a night's quiet hours end. Absent in older states.
   */
  heldResolutions?: HeldResolution[];
}

/** A resolution held back by quiet hours, with what its event needs once they end. */
export interface HeldResolution {
  kind: LifecycleKind;
  key: string;
  openedAt: number;
  reopenedAt: number | null;
  severity: AlertSeverity;
  evidence: SignalEvidence;
  recovery: Recovery | null;
}

export function createDetectorState(bucketMs: number = BUCKET_MS): DetectorState {
  return {
    version: 1,
    bucketMs,
    nextBucketStart: null,
    tracks: { all: createTrack(), negative: createTrack(), positive: createTrack() },
    coverage: [],
    alerts: [],
  };
}

/** A copy deep enough that evaluating it never touches the caller's state (faster than structuredClone). */
export function cloneDetectorState(state: DetectorState): DetectorState {
  const { all, negative, positive } = state.tracks;
  return {
    ...state,
    tracks: { all: cloneTrack(all), negative: cloneTrack(negative), positive: cloneTrack(positive) },
    coverage: state.coverage.slice(),
    alerts: state.alerts.map((a) => ({ ...a })),
    ...(state.feedingSources ? { feedingSources: state.feedingSources.slice() } : {}),
    ...(state.recoveredAt ? { recoveredAt: { ...state.recoveredAt } } : {}),
    ...(state.heldResolutions ? { heldResolutions: state.heldResolutions.slice() } : {}),
  };
}

/**
 * A stored state (already parsed from JSON) if it is one this version understands, else null: an
 * older detector's state, or a corrupt one, means starting afresh from the stored history.
 */
export function readDetectorState(value: unknown, bucketMs: number = BUCKET_MS): DetectorState | null {
  const state = value as Partial<DetectorState> | null;
  if (state?.version === 1 && state.bucketMs === bucketMs && state.tracks && Array.isArray(state.alerts) && Array.isArray(state.coverage)) {
    return state as DetectorState;
  }
  return null;
}

/** The user acknowledged the alert: later reopenings and the resolution stay silent, escalations do not. */
export function acknowledgeAlert(state: DetectorState, key: string): DetectorState {
  return { ...state, alerts: state.alerts.map((a) => (a.key === key && a.status === 'active' ? { ...a, acknowledged: true } : a)) };
}
