// "What would the detector have said?": runs it over stored history with candidate settings, for
// tuning before saving them (the replay command and GET /api/topics/:id/replay). Pure.
// Buckets before `from` warm the baseline up (pass ~30 days of them); only alerts opened in
// [from, to) are reported.
import type { AlertSeverity } from '../domain/alert';
import type { DetectorSettings, LifecycleKind } from './detector-settings';
import { createDetectorState } from './detector-state';
import { evaluateTopic, type DetectionBucket, type DetectionEvent } from './evaluate-topic';

export interface ReplayedAlert {
  key: string;
  kind: LifecycleKind;
  /**
   * When the detect job would have opened and resolved it: the end of the bucket that decided, the
   * first moment a job can know (the job stamps the alert with its own run time, that moment or later).
   */
  openedAt: number;
  resolvedAt: number | null;
  severity: AlertSeverity;
  /** Events that would have notified, of all the alert's events. */
  notifications: number;
  events: DetectionEvent[];
}

export interface ReplayInput {
  buckets: readonly DetectionBucket[];
  settings: DetectorSettings;
  from: number;
  to: number;
  bucketMs?: number;
}

export function replayHistory(input: ReplayInput): ReplayedAlert[] {
  const inRange = input.buckets.filter((b) => b.bucketStart < input.to);
  const { events } = evaluateTopic({ buckets: inRange, state: createDetectorState(input.bucketMs), settings: input.settings, now: input.to });
  const alerts = new Map<string, ReplayedAlert>();
  for (const event of events) {
    let alert = alerts.get(event.key);
    if (!alert) {
      if (event.type !== 'opened' || event.openedAt < input.from) continue;
      alert = { key: event.key, kind: event.kind, openedAt: event.at, resolvedAt: null, severity: event.severity, notifications: 0, events: [] };
      alerts.set(event.key, alert);
    }
    alert.events.push(event);
    alert.severity = event.severity;
    // A resolution quiet hours held comes again when they end, sent: the alert resolved the first time.
    alert.resolvedAt = event.type === 'resolved' ? (alert.resolvedAt ?? event.at) : null;
    if (event.notification.notify) alert.notifications++;
  }
  return [...alerts.values()];
}
