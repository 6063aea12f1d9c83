// The alert lifecycle of one event kind of one topic, one bucket at a time. Pure; the phase is
// stored inside the detector state as JSON.
//
//   phase     signal            → phase     event
//   none      firing              active    opened
//   none      elevated / quiet    none      –
//   active    firing, higher sev  active    escalated   (at most one per ESCALATION_HOLD, unless the last was held by quiet hours)
//   active    firing              active    –           (quiet timer cleared)
//   active    elevated            active    –           (quiet timer cleared: not yet near baseline)
//   active    quiet < cool-down   active    –           (quiet timer runs)
//   active    quiet ≥ cool-down   resolved  resolved    (with recovery times)
//   resolved  firing < cool-down  active    reopened    (same key: the same alert, not a new one; its acknowledgement kept)
//   resolved  firing ≥ cool-down  active    opened      (new key)
//   resolved  otherwise ≥ cool-down none    –
import type { AlertSeverity } from '../domain/alert';
import type { LifecycleKind } from './detector-settings';
import type { KindSignal, SignalEvidence } from './score-signals';

export interface ActiveAlert {
  status: 'active';
  /** Stable id of the alert across runs: `${kind}:${openedAt}`. */
  key: string;
  kind: LifecycleKind;
  openedAt: number;
  severity: AlertSeverity;
  lastEscalatedAt: number;
  lastFiringAt: number;
  /** Start of the current run of near-baseline buckets (volume recovered), or null. */
  quietSince: number | null;
  /** First bucket since the last firing one whose share was back near its baseline, or null. */
  shareBackAt: number | null;
  acknowledged: boolean;
  snoozedUntil: number | null;
  peak: SignalEvidence;
  /**
   * When the alert last reopened within its cool-down (start of that bucket), or null/absent if it never
   * did. Its escalations and resolution after that are news again, so their events need ids of their own.
   */
  reopenedAt?: number | null;
  /** An opening or escalation whose notification quiet hours held back, sent when they end. */
  held?: { type: LifecycleEventType; evidence: SignalEvidence } | null;
}

export interface ResolvedAlert {
  status: 'resolved';
  key: string;
  kind: LifecycleKind;
  openedAt: number;
  resolvedAt: number;
  severity: AlertSeverity;
  snoozedUntil: number | null;
  /** Acknowledged before it resolved: a reopening within the cool-down is the same alert, still being handled. Absent in older states. */
  acknowledged?: boolean;
}

export type AlertPhase = ActiveAlert | ResolvedAlert;

export type LifecycleEventType = 'opened' | 'escalated' | 'reopened' | 'resolved';

export interface Recovery {
  /** When volume was back near baseline, and how long after the alert opened. */
  volumeBackAt: number;
  minutesToVolume: number;
  shareBackAt: number | null;
  minutesToShare: number | null;
}

export interface LifecycleStep {
  phase: AlertPhase | null;
  transition: { type: LifecycleEventType; alert: ActiveAlert; recovery: Recovery | null } | null;
}

/**
 * Escalations closer together than this are held back, so a fast ramp notifies once, not three times.
 * Not while the opening or last escalation is itself held back by quiet hours: the team has heard
 * nothing to be spared a repeat of, and a storm turning critical must break through when it does, not
 * up to 30 minutes later because it stepped to warning on the way.
 */
export const ESCALATION_HOLD_MS = 30 * 60_000;

const rank: Record<AlertSeverity, number> = { watch: 0, warning: 1, critical: 2 };

export function advanceAlert(phase: AlertPhase | null, signal: KindSignal, at: number, cooldownMs: number): LifecycleStep {
  if (phase === null || phase.status === 'resolved') return advanceIdle(phase, signal, at, cooldownMs);
  if (signal.level === 'firing') return advanceFiring(phase, signal, at);
  const shareBackAt = phase.shareBackAt ?? (isShareBack(signal) ? at : null);
  if (signal.level === 'elevated') return { phase: { ...phase, quietSince: null, shareBackAt }, transition: null };
  const quietSince = phase.quietSince ?? at;
  if (at - quietSince < cooldownMs) return { phase: { ...phase, quietSince, shareBackAt }, transition: null };
  const resolved: ResolvedAlert = {
    status: 'resolved', key: phase.key, kind: phase.kind, openedAt: phase.openedAt, resolvedAt: at, severity: phase.severity, snoozedUntil: phase.snoozedUntil,
    acknowledged: phase.acknowledged,
  };
  const recovery: Recovery = {
    volumeBackAt: quietSince,
    minutesToVolume: Math.round((quietSince - phase.openedAt) / 60_000),
    shareBackAt,
    minutesToShare: shareBackAt === null ? null : Math.round((shareBackAt - phase.openedAt) / 60_000),
  };
  return { phase: resolved, transition: { type: 'resolved', alert: { ...phase, quietSince, shareBackAt }, recovery } };
}

function advanceIdle(phase: ResolvedAlert | null, signal: KindSignal, at: number, cooldownMs: number): LifecycleStep {
  const recent = phase !== null && at - phase.resolvedAt < cooldownMs;
  if (signal.level !== 'firing') return { phase: recent ? phase : null, transition: null };
  const alert: ActiveAlert = {
    status: 'active',
    key: recent ? phase.key : `${signal.kind}:${at}`,
    kind: signal.kind,
    openedAt: recent ? phase.openedAt : at,
    severity: signal.severity,
    lastEscalatedAt: at,
    lastFiringAt: at,
    quietSince: null,
    shareBackAt: null,
    // The same alert again: whoever acknowledged it is still on it (decide-notification keeps its
    // reopening quiet; an escalation still breaks through).
    acknowledged: recent ? (phase.acknowledged ?? false) : false,
    snoozedUntil: recent ? phase.snoozedUntil : null,
    peak: signal.evidence,
    reopenedAt: recent ? at : null,
  };
  return { phase: alert, transition: { type: recent ? 'reopened' : 'opened', alert, recovery: null } };
}

function advanceFiring(phase: ActiveAlert, signal: KindSignal, at: number): LifecycleStep {
  const peak = signal.evidence.surprise > phase.peak.surprise ? signal.evidence : phase.peak;
  const firing: ActiveAlert = { ...phase, lastFiringAt: at, quietSince: null, shareBackAt: null, peak };
  if (rank[signal.severity] <= rank[phase.severity] || (at - phase.lastEscalatedAt < ESCALATION_HOLD_MS && !phase.held)) {
    return { phase: firing, transition: null };
  }
  const escalated: ActiveAlert = { ...firing, severity: signal.severity, lastEscalatedAt: at };
  return { phase: escalated, transition: { type: 'escalated', alert: escalated, recovery: null } };
}

function isShareBack(signal: KindSignal): boolean {
  const share = signal.evidence.share;
  return share === null || share.surprise < 1;
}
