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
  /**
   * A few of the mentions behind the spike, strongest in the alert's tone first (most negative for a
   * backlash, most positive for a positive surge, either way otherwise), one per copied text.
   */
  topMentions: EvidenceMention[];
  [extra: string]: unknown;
}

/** Who wrote an alert window's mentions (of the alert's tone), each story counted once. */
export interface AuthorSpread {
  mentions: number;
  /** Mentions whose source named an author (feeds often do not). */
  known: number;
  distinct: number;
  /** The author of the most mentions (untrusted text: escape wherever it is shown). */
  top: { author: string; mentions: number } | null;
}

/**
 * One author wrote at least half of the window's mentions that name one (and at least 5 do): the
 * surge may be one account, not a crowd. Shown on the alert, in messages and on the dashboard.
 */
export function isMostlyOneAuthor(spread: AuthorSpread): boolean {
  return spread.known >= 5 && spread.top !== null && spread.top.mentions * 2 >= spread.known;
}

/**
 * What the detector expected of the alert's signal (negative mentions for a backlash, positive for a
 * positive surge, all mentions otherwise) bucket by bucket, as it judged each bucket: the usual level
 * the surge is drawn against. One run of consecutive buckets, oldest first.
 */
export interface ExpectedRun {
  from: number;
  bucketMinutes: number;
  counts: number[];
  /**
   * The top of each bucket's usual range: its expectation plus two standard deviations under the
   * detector's count model of one bucket, as it stood when the bucket was first kept (about when it was
   * judged); null where none was kept. Absent when none is (runs stored before Earshot kept them).
   */
  highs?: Array<number | null>;
}

/** How much of a mention's text an alert's evidence keeps (its excerpt). */
export const EVIDENCE_EXCERPT_CHARS = 280;

export interface EvidenceMention {
  id: number;
  url: string | null;
  title: string | null;
  excerpt: string;
  sentimentScore: number;
  publishedAt: number | null;
  /** Mentions in the window with this same text (group-copied-mentions), this one included; absent when it is the only one. */
  copies?: number;
  /** The count of copies stopped at a row limit: at least that many. */
  copiesAtLeast?: boolean;
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
