export type AlertStatus = 'open' | 'acknowledged' | 'resolved';
export type AlertSeverity = 'watch' | 'warning' | 'critical';
export type AlertKind = 'backlash';

export interface AlertEvidence {
  /** What the detector saw in the window vs what the baseline expected. */
  observed: number;
  expected: number;
  windowStart: number;
  windowEnd: number;
  /** A few of the mentions behind the spike, most negative first. */
  topMentions: EvidenceMention[];
  [extra: string]: unknown;
}

export interface EvidenceMention {
  id: number;
  url: string | null;
  title: string | null;
  excerpt: string;
  sentimentScore: number;
  publishedAt: number | null;
}

export interface Alert {
  id: number;
  topicId: number;
  kind: AlertKind;
  status: AlertStatus;
  severity: AlertSeverity;
  openedAt: number;
  updatedAt: number;
  acknowledgedAt: number | null;
  resolvedAt: number | null;
  evidence: AlertEvidence;
}

export type AlertEventType = 'alert.opened' | 'alert.escalated' | 'alert.resolved' | 'test';
