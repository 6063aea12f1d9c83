import type { Alert, AlertEventType } from '../domain/alert';
import type { Topic } from '../domain/topic';

/** Bumped on any breaking change to the payload; receivers can branch on it. */
export const PAYLOAD_VERSION = '2026-11-30';

export interface AlertEventPayload {
  type: AlertEventType;
  version: string;
  /** Stable per event; the same value as the webhook-id header, for receivers that dedupe. */
  eventId: string;
  occurredAt: string;
  topic: { id: number; name: string };
  alert: {
    id: number;
    kind: Alert['kind'];
    status: Alert['status'];
    severity: Alert['severity'];
    openedAt: string;
    resolvedAt: string | null;
    url: string | null;
    evidence: Alert['evidence'];
  };
}

/** The event id is derived, not random, so re-running the job that raised the event re-derives the same id. */
export function alertEventId(alert: Alert, type: AlertEventType, qualifier = ''): string {
  return `evt_alert_${alert.id}_${type.replace('alert.', '')}${qualifier ? `_${qualifier}` : ''}`;
}

export function buildAlertPayload(
  alert: Alert,
  topic: Pick<Topic, 'id' | 'name'>,
  type: AlertEventType,
  eventId: string,
  now: number,
  publicUrl: string | null,
): AlertEventPayload {
  return {
    type,
    version: PAYLOAD_VERSION,
    eventId,
    occurredAt: new Date(now).toISOString(),
    topic: { id: topic.id, name: topic.name },
    alert: {
      id: alert.id,
      kind: alert.kind,
      status: alert.status,
      severity: alert.severity,
      openedAt: new Date(alert.openedAt).toISOString(),
      resolvedAt: alert.resolvedAt === null ? null : new Date(alert.resolvedAt).toISOString(),
      url: publicUrl ? `${publicUrl.replace(/\/$/, '')}/#/alerts/${alert.id}` : null,
      evidence: alert.evidence,
    },
  };
}
