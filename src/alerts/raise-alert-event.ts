import { expectedByTime, readExpectedRuns } from '../detection/merge-expected-runs';
import { alertTone, type Alert, type AlertEventType, type AlertSeverity } from '../domain/alert';
import { bucketStart, BUCKET_MS } from '../domain/bucket';
import type { WebhookEndpoint } from '../domain/delivery';
import type { Topic } from '../domain/topic';
import type { Deps } from '../runtime/deps';
import { getAlertMention, listAlertMentionsInWindow } from '../storage/alert-mention-store';
import { listTopicBuckets } from '../storage/bucket-store';
import { enqueueDeliveries, listNotifiedEndpointIds } from '../storage/delivery-store';
import { listEndpoints } from '../storage/endpoint-store';
import { getTopicMute, isHeldByMute } from '../storage/topic-mute-store';
import { alertEventId, buildAlertPayload, eventEvidence, type RecentSignal } from './alert-payload';
import { pickHeadlineMentions } from './pick-headline-mentions';

export type AlertEvent = Exclude<AlertEventType, 'test'>;

export interface RaiseReport {
  eventId: string;
  /** New outbox rows (a repeated raise of the same event adds none). */
  enqueued: number;
  suppressed: 'muted' | null;
}

const severityRank: Record<AlertSeverity, number> = { watch: 0, warning: 1, critical: 2 };

/**
 * Which endpoints hear an event (mutes are checked before, per topic; only enabled ones, but for a
 * resolution, which waits for a disabled endpoint that was told):
 *
 * | rule                           | opened | escalated | resolved |
 * | ------------------------------ | ------ | --------- | -------- |
 * | endpoint's topic filter        | yes    | yes       | yes      |
 * | endpoint's event-type filter   | yes    | yes       | yes      |
 * | alert severity >= its minimum  | yes    | yes       | no (1)   |
 * | was told about this alert      | no     | no        | yes (1)  |
 *
 * (1) "resolved" goes exactly to the endpoints that heard this alert open or escalate (or still will:
 * a delivery pending, not given up), so nobody gets a resolution for an alert they never saw, whatever
 * its severity is now.
 */
export function endpointWants(endpoint: WebhookEndpoint, alert: Alert, type: AlertEvent, notified: ReadonlySet<number>): boolean {
  if (endpoint.topicIds !== null && !endpoint.topicIds.includes(alert.topicId)) return false;
  if (endpoint.eventTypes !== null && !endpoint.eventTypes.includes(type)) return false;
  if (type === 'alert.resolved') return notified.has(endpoint.id);
  return severityRank[alert.severity] >= severityRank[endpoint.minSeverity];
}

/**
 * The event id qualifier of an alert's later life: after it reopened within its cool-down, its
 * escalations and resolution are news again, so they take ids of their own (the outbox would take the
 * first life's ids as repeats and send nothing).
 */
export function sinceReopening(reopenedAt: number | null): string {
  return reopenedAt === null ? '' : `reopened-${reopenedAt}`;
}

/** Mentions read per order for the headline picker: it needs the top one of each; a few more cover ties. */
const HEADLINE_CANDIDATES = 5;

/**
 * Writes the outbox rows for an alert event, one per endpoint that wants it, before anything is sent.
 * `alert.escalated` is qualified by the alert's severity (before any qualifier given), so repeated calls
 * while an alert stays at one severity enqueue one message, not one per crawl. A muted topic enqueues nothing,
 * a snoozed one (muted until a time) only escalations (isHeldByMute).
 */
export async function raiseAlertEvent(
  deps: Deps,
  alert: Alert,
  topic: Pick<Topic, 'id' | 'name'>,
  type: AlertEventType,
  now: number,
  qualifier = '',
): Promise<RaiseReport> {
  // A bug, not an expected failure: test events go to one endpoint through sendTestEvent.
  if (type === 'test') throw new Error('raiseAlertEvent does not send test events');
  // An escalation is one event per severity step; the caller's qualifier (an alert's later life) follows it.
  const eventId = alertEventId(alert, type, [type === 'alert.escalated' ? alert.severity : '', qualifier].filter((part) => part !== '').join('_'));
  if (isHeldByMute(await getTopicMute(deps.db, topic.id), type, now)) {
    deps.log.info('alert event muted', { eventId, alertId: alert.id, topicId: topic.id, type });
    return { eventId, enqueued: 0, suppressed: 'muted' };
  }
  const notified = type === 'alert.resolved' ? await listNotifiedEndpointIds(deps.db, alert.id) : new Set<number>();
  // A resolution also goes to a told endpoint that is off now: it waits with the endpoint's other
  // pending rows (maybe the opening itself) and follows them when it is turned back on, instead of the
  // receiver getting the opening late and never hearing that it resolved.
  const endpoints = (await listEndpoints(deps.db, { enabledOnly: type !== 'alert.resolved' })).filter((e) => endpointWants(e, alert, type, notified));
  if (endpoints.length === 0) return { eventId, enqueued: 0, suppressed: null };
  const tone = alertTone(alert.kind);
  // The headline mentions come from the window the event is about (an escalation's own window).
  const shown = eventEvidence(alert, type);
  // The window's first, most engaged and strongest mentions, each over the whole window.
  const window = { from: shown.windowStart, to: shown.windowEnd, label: tone };
  const orders = ['oldest', 'most-engaged', 'strongest'] as const;
  const lists = await Promise.all(orders.map((order) => listAlertMentionsInWindow(deps.db, topic.id, window, HEADLINE_CANDIDATES, order)));
  const candidates = [...new Map(lists.flat().map((m) => [m.id, m])).values()];
  // An opening leads with where the story started; an escalation with what its own window holds.
  const startId = type === 'alert.opened' ? storyStartId(alert.evidence) : null;
  const start = startId === null ? null : ((await getAlertMention(deps.db, topic.id, startId)) ?? null);
  const payload = buildAlertPayload({
    alert,
    topic,
    type,
    eventId,
    now,
    publicUrl: deps.settings.publicUrl,
    mentions: pickHeadlineMentions(candidates, alert.evidence.topMentions ?? [], tone, start),
    recent: await recentSignal(deps, alert, now),
  });
  const enqueued = await enqueueDeliveries(
    deps.db,
    { eventId, alertId: alert.id, eventType: type, payload: JSON.stringify(payload) },
    endpoints.map((e) => e.id),
    now,
  );
  return { eventId, enqueued, suppressed: null };
}

/** How far back a chat message's sparkline reaches: 24 buckets, one character each. */
const RECENT_MS = 2 * 3_600_000;

/**
 * The alert's signal per 5-minute bucket over the two hours before the event, beside its usual level
 * where the alert kept it, and its busiest bucket since its judged window began (a resolution's calm
 * two hours are drawn on the scale of the surge, not blown up to fill it).
 */
async function recentSignal(deps: Deps, alert: Alert, now: number): Promise<RecentSignal | null> {
  if (alert.kind === 'source-health') return null;
  const to = bucketStart(now);
  const from = Math.min(to - RECENT_MS, bucketStart(alert.evidence.windowStart));
  const tone = alertTone(alert.kind);
  const signal = (await listTopicBuckets(deps.db, alert.topicId, from, to)).map((b) => ({
    at: b.bucketStart,
    count: tone === 'negative' ? b.negative : tone === 'positive' ? b.positive : b.count,
  }));
  const recent = signal.filter((b) => b.at >= to - RECENT_MS);
  const usual = expectedByTime(readExpectedRuns(alert.evidence['expectedByBucket']));
  return {
    from: new Date(to - RECENT_MS).toISOString(),
    bucketMinutes: BUCKET_MS / 60_000,
    counts: recent.map((b) => b.count),
    usual: recent.map((b) => usual.get(b.at) ?? null),
    // A silence has no peak worth scaling to: its story is the drop under the usual level.
    peak: alert.kind === 'silence' ? null : signal.reduce((max, b) => Math.max(max, b.count), 0),
  };
}

/** The pickup path's first mention (evidence.firstMentions, stored JSON: checked), or null. */
function storyStartId(evidence: Alert['evidence']): number | null {
  const path = evidence['firstMentions'];
  const first: unknown = Array.isArray(path) ? path[0] : undefined;
  const id = typeof first === 'object' && first !== null ? (first as { id?: unknown }).id : undefined;
  return typeof id === 'number' && Number.isInteger(id) ? id : null;
}
