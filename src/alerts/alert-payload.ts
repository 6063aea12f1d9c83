import { tokenizeTerms } from '../domain/mention-text';
import type { EngagementShift, SentimentShift } from '../detection/summarize-sentiment-and-engagement';
import type { Alert, AlertEventType, AuthorSpread } from '../domain/alert';
import type { Topic } from '../domain/topic';

/** Bumped on any breaking change to the payload; receivers can branch on it. Documented in the README (Alerts). */
export const PAYLOAD_VERSION = '2026-12-01';

/** A mention as an alert shows it: enough to read it and a link to the original. */
export interface MentionLink {
  id: number;
  url: string | null;
  title: string | null;
  excerpt: string;
  sentimentScore: number;
  publishedAt: string | null;
  /** likes + reposts + replies + score as the source reports them; null when it reports none. */
  engagement: number | null;
  /** How many mentions of the alert's window say the same text (this one included); absent when it is the only one. */
  copies?: number;
  /** The count stopped at the evidence's row limit: at least that many. */
  copiesAtLeast?: boolean;
  /**
   * Where it was posted: the source's kind and name (its URL when it has none; scraped or operator text:
   * escape it); null when not known. Absent on events raised before Earshot sent it.
   */
  source?: { kind: string; name: string } | null;
}

export type AlertResolution = 'back-to-normal' | 'topic-deleted';

export interface AlertEventData {
  topic: { id: number; name: string };
  alert: {
    id: number;
    kind: Alert['kind'];
    status: Alert['status'];
    severity: Alert['severity'];
    openedAt: string;
    resolvedAt: string | null;
    /**
     * On `alert.resolved`, why it ended: `back-to-normal` (the detector saw the signal settle) or
     * `topic-deleted` (its topic was deleted; nothing watches it any more). Null on other events;
     * absent on events raised before Earshot sent it.
     */
    resolution?: AlertResolution | null;
    /** The alert in the dashboard; null when EARSHOT_PUBLIC_URL is not set, or once its topic is deleted (the alert goes with it). */
    url: string | null;
  };
  /**
   * The window this event is about: the alert's opening window, or on `alert.escalated` the window that
   * escalated it (often the hour, where the alert opened on 5 minutes).
   */
  evidence: {
    signal: string | null;
    observed: number;
    expected: number;
    windowStart: string;
    windowEnd: string;
    /** Mean sentiment the day before the window and during it; null on alerts raised before Earshot kept it. */
    sentiment: SentimentShift | null;
    /** Engagement per mention before and during, the window's total, and the share of its mentions that reported any. */
    engagement: EngagementShift | null;
    /**
     * Who wrote the window's mentions (of the alert's tone): how many, how many name an author, how many
     * distinct authors, and the one who wrote the most; null on alerts raised before Earshot counted them.
     */
    authors: AuthorSpread | null;
    /**
     * On `alert.resolved`: the alert's busiest window (often far past the one it opened on), with what it
     * counted; null on other events and on alerts resolved before Earshot kept it.
     */
    peakWindow?: PeakWindow | null;
    /** On `alert.resolved`: minutes from opening until volume, and the alert's share, were back near baseline. */
    recovery: { minutesToVolume: number | null; minutesToShare: number | null } | null;
    /**
     * The words over-represented in the alert's opening window, strongest first (at most five; scraped
     * text: escape wherever it is shown); empty when none stood out or the alert predates them.
     */
    terms: string[];
    /**
     * The alert's signal (negative mentions for a backlash, positive for a positive surge, all mentions
     * otherwise) per bucket over the two hours up to the event, oldest first, and what the detector
     * expected of each bucket where the alert kept it (evidence.expectedByBucket; null elsewhere): the
     * shape chat messages draw. Null for source health.
     */
    recent: RecentSignal | null;
  };
  /**
   * `first`: on `alert.opened`, where the story started (the first mention of the evidence's pickup
   * path: possibly older than the window, of any tone); on other events the first mention of the
   * event's window in the alert's tone. `mostEngaged`: the window's most engaged mention in that tone.
   */
  mentions: { first: MentionLink | null; mostEngaged: MentionLink | null };
}

export interface PeakWindow {
  signal: string | null;
  observed: number;
  expected: number;
  windowStart: string;
  windowEnd: string;
}

export interface RecentSignal {
  from: string;
  bucketMinutes: number;
  counts: number[];
  usual: Array<number | null>;
  /** The alert's busiest bucket since its judged window began (it may be older than the two hours); null for a silence. */
  peak: number | null;
}

export interface TestEventData {
  endpointId: number;
  message: string;
}

/**
 * The Standard Webhooks payload structure (`type`, `timestamp`, `data`), plus the id and a version.
 * One JSON document per event, stored in the outbox; Slack and Discord render it at send time.
 */
export type AlertEventPayload = PayloadEnvelope &
  ({ type: Exclude<AlertEventType, 'test'>; data: AlertEventData } | { type: 'test'; data: TestEventData });

interface PayloadEnvelope {
  /** Stable per event; the same value as the webhook-id header, for receivers that dedupe. */
  id: string;
  version: string;
  /** When the event happened (not when this attempt was sent: that is webhook-timestamp). */
  timestamp: string;
}

/**
 * The event id is derived, not random, so re-running the job that raised the event re-derives the same id
 * and the outbox's (event, endpoint) key stores it once. `alert.escalated` is qualified by severity: at most
 * one message per severity step. Ids never contain "." (a separator in the signed content).
 */
export function alertEventId(alert: Alert, type: AlertEventType, qualifier = ''): string {
  return `evt_alert_${alert.id}_${type.replace('alert.', '')}${qualifier ? `_${qualifier.replace(/[^A-Za-z0-9_-]/g, '-')}` : ''}`;
}

export function testEventId(endpointId: number, now: number): string {
  return `evt_test_${endpointId}_${now}`;
}

export function dashboardAlertUrl(publicUrl: string | null, alertId: number): string | null {
  return publicUrl ? `${publicUrl.replace(/\/$/, '')}/#/alerts/${alertId}` : null;
}

export function buildAlertPayload(input: {
  alert: Alert;
  topic: Pick<Topic, 'id' | 'name'>;
  type: Exclude<AlertEventType, 'test'>;
  eventId: string;
  now: number;
  publicUrl: string | null;
  mentions: AlertEventData['mentions'];
  recent?: RecentSignal | null;
}): AlertEventPayload {
  const { alert, topic } = input;
  const shown = eventEvidence(alert, input.type);
  const resolution = input.type === 'alert.resolved' ? resolutionOf(alert) : null;
  const signal = shown['signal'];
  return {
    id: input.eventId,
    type: input.type,
    version: PAYLOAD_VERSION,
    timestamp: new Date(input.now).toISOString(),
    data: {
      topic: { id: topic.id, name: topic.name },
      alert: {
        id: alert.id,
        kind: alert.kind,
        status: alert.status,
        severity: alert.severity,
        openedAt: new Date(alert.openedAt).toISOString(),
        resolvedAt: alert.resolvedAt === null ? null : new Date(alert.resolvedAt).toISOString(),
        resolution,
        url: resolution === 'topic-deleted' ? null : dashboardAlertUrl(input.publicUrl, alert.id),
      },
      evidence: {
        signal: typeof signal === 'string' ? signal : null,
        observed: shown.observed,
        expected: shown.expected,
        windowStart: new Date(shown.windowStart).toISOString(),
        windowEnd: new Date(shown.windowEnd).toISOString(),
        sentiment: readNumbers(shown['sentiment'], ['before', 'during']),
        engagement: readNumbers(shown['engagement'], ['perMentionBefore', 'perMentionDuring', 'totalDuring', 'knownShare']),
        authors: readAuthors(shown['authors']),
        peakWindow: input.type === 'alert.resolved' ? readPeakWindow(alert.evidence['peak']) : null,
        recovery: input.type === 'alert.resolved' ? readNumbers(alert.evidence['recovery'], ['minutesToVolume', 'minutesToShare']) : null,
        terms: readTerms(alert.evidence['terms']),
        recent: input.recent ?? null,
      },
      mentions: input.mentions,
    },
  };
}

/** Why a resolved alert ended: closed with its deleted topic (close-alerts-of-deleted-topic), else the detector's. */
function resolutionOf(alert: Alert): AlertResolution {
  return alert.evidence['resolution'] === 'topic-deleted' ? 'topic-deleted' : 'back-to-normal';
}

export interface EventWindow {
  observed: number;
  expected: number;
  windowStart: number;
  windowEnd: number;
  [extra: string]: unknown;
}

/**
 * What an event is about. An escalation tells what escalated it: "40 in the hour where 2.5 were
 * expected", not the 5 minutes the alert opened on again. An alert escalated before Earshot stored the
 * escalation's window (or with a malformed one) falls back to the opening window.
 */
export function eventEvidence(alert: Alert, type: Exclude<AlertEventType, 'test'>): EventWindow {
  const escalation = alert.evidence['escalation'];
  const numbers = type === 'alert.escalated' ? readWindowNumbers(escalation) : null;
  return numbers ? { ...(escalation as Record<string, unknown>), ...numbers } : alert.evidence;
}

/** The stored peak window (evidence.peak), or null when it is missing or any of its numbers is not one. */
function readPeakWindow(value: unknown): PeakWindow | null {
  const numbers = readWindowNumbers(value);
  if (!numbers) return null;
  const signal = (value as Record<string, unknown>)['signal'];
  return {
    signal: typeof signal === 'string' ? signal : null,
    observed: numbers.observed,
    expected: numbers.expected,
    windowStart: new Date(numbers.windowStart).toISOString(),
    windowEnd: new Date(numbers.windowEnd).toISOString(),
  };
}

const PAYLOAD_TERMS = 5;

/**
 * The stored terms' words (find-overrepresented-terms). A stored value that is not one word as the
 * term finder's own tokenizer makes it (markup, a link, several words) is left out.
 */
function readTerms(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const words = value.map((t: unknown) => (typeof t === 'object' && t !== null ? (t as { term?: unknown }).term : undefined));
  return words.filter((w): w is string => typeof w === 'string' && isOneTerm(w)).slice(0, PAYLOAD_TERMS);
}

function isOneTerm(word: string): boolean {
  const tokens = tokenizeTerms(word);
  return tokens.length === 1 && tokens[0] === word;
}

/** A stored window's four numbers (escalation, peak), or null when any is missing or not a finite number. */
function readWindowNumbers(value: unknown): Pick<EventWindow, 'observed' | 'expected' | 'windowStart' | 'windowEnd'> | null {
  const n = readNumbers(value, ['observed', 'expected', 'windowStart', 'windowEnd']);
  if (!n || n.observed === null || n.expected === null || n.windowStart === null || n.windowEnd === null) return null;
  return { observed: n.observed, expected: n.expected, windowStart: n.windowStart, windowEnd: n.windowEnd };
}

/**
 * Evidence is JSON from the alerts table, written by whichever Earshot version raised the alert: an
 * older alert has no such object (null), and anything but a finite number reads as unknown (null).
 */
function readNumbers<K extends string>(value: unknown, keys: readonly K[]): Record<K, number | null> | null {
  if (typeof value !== 'object' || value === null) return null;
  const fields = value as Record<string, unknown>;
  const read = (key: K) => {
    const n = fields[key];
    return typeof n === 'number' && Number.isFinite(n) ? n : null;
  };
  return Object.fromEntries(keys.map((key) => [key, read(key)])) as Record<K, number | null>;
}

function readAuthors(value: unknown): AuthorSpread | null {
  const counts = readNumbers(value, ['mentions', 'known', 'distinct']);
  if (counts === null || counts.mentions === null || counts.known === null || counts.distinct === null) return null;
  const top = (value as { top?: unknown }).top;
  const topAuthor = typeof top === 'object' && top !== null ? (top as Record<string, unknown>) : null;
  return {
    mentions: counts.mentions,
    known: counts.known,
    distinct: counts.distinct,
    top: topAuthor && typeof topAuthor['author'] === 'string' && typeof topAuthor['mentions'] === 'number' ? { author: topAuthor['author'], mentions: topAuthor['mentions'] } : null,
  };
}

export function buildTestPayload(endpointId: number, eventId: string, now: number): AlertEventPayload {
  return {
    id: eventId,
    type: 'test',
    version: PAYLOAD_VERSION,
    timestamp: new Date(now).toISOString(),
    data: { endpointId, message: 'A test event from Earshot: this endpoint is reachable and verifies our signature.' },
  };
}
