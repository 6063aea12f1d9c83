export type AlertStatus = 'open' | 'acknowledged' | 'resolved';
export type AlertSeverity = 'watch' | 'warning' | 'critical';
/**
 * backlash: negative mentions surge and their share rises; positive-surge: the same for praise;
 * volume-spike: plain volume (series without sentiment); silence: far fewer mentions than usual while
 * every source answered; source-health: every source failing.
 */
export type AlertKind = 'backlash' | 'positive-surge' | 'volume-spike' | 'silence' | 'source-health';

/** The mentions an alert of this kind is about: the ones its headline shows and its evidence counts. */
export function alertTone(kind: AlertKind): 'negative' | 'positive' | null {
  return kind === 'backlash' ? 'negative' : kind === 'positive-surge' ? 'positive' : null;
}

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
