import { alertTone, EVIDENCE_EXCERPT_CHARS, type Alert, type AlertEvidence, type AlertKind, type ExpectedRun } from '../src/domain/alert';
import { bucketStart, BUCKET_MS } from '../src/domain/bucket';
import type { CrawlStatusChange } from '../src/domain/crawl-status';
import { tokenizeTerms } from '../src/domain/mention-text';
import type { Source } from '../src/domain/source';
import type { Topic } from '../src/domain/topic';
import { groupCopiedMentions } from '../src/alerts/group-copied-mentions';
import { raiseAlertEvent, sinceReopening } from '../src/alerts/raise-alert-event';
import { bucketCoverage } from '../src/detection/bucket-coverage';
import { acknowledgeAlert, readDetectorState, type DetectorState } from '../src/detection/detector-state';
import { evaluateTopic, latestExpectedRun, type DetectionBucket, type DetectionEvent, type FeedingSource } from '../src/detection/evaluate-topic';
import { lastBucketOf, mergeExpectedRuns, readExpectedRuns } from '../src/detection/merge-expected-runs';
import { findOverrepresentedTerms, type OverrepresentedTerm } from '../src/detection/find-overrepresented-terms';
import { storyPairsUsedIn, tracePickupPath } from '../src/detection/trace-pickup-path';
import { summarizeSentimentAndEngagement, type SentimentAndEngagement } from '../src/detection/summarize-sentiment-and-engagement';
import type { Deps } from '../src/runtime/deps';
import { getActiveAlert, refreshAlertEvidence, updateAlert } from '../src/storage/alert-store';
import { listTopicBuckets } from '../src/storage/bucket-store';
import { listTopicCrawlStatuses } from '../src/storage/crawl-status-store';
import { countAuthorsInWindow, findAlertByDetectorKey, firstTopicBucketStart, insertDetectorAlert, listDetectionBuckets, listFirstMentionsInWindow, listMentionTextsInWindow, type PickupMention } from '../src/storage/detection-store';
import { getTopicDetectorSettings } from '../src/storage/detector-settings-store';
import { listDetectorStateTimes, loadDetectorState, saveDetectorState } from '../src/storage/detector-state-store';
import { listTopicMentionsInWindow } from '../src/storage/mention-store';
import { listSources } from '../src/storage/source-store';
import { listTopics } from '../src/storage/topic-store';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const TOP_MENTIONS = 5;
/** Rows read to find the top mentions' distinct texts: a pile-on's one copied text can fill hundreds. */
const TOP_MENTION_ROWS = 500;
const PICKUP_LENGTH = 8;
/** Mentions holding a story word, read to find the first PICKUP_LENGTH that carry the story (trace-pickup-path). */
const PICKUP_ROWS = 500;
const PICKUP_LOOKBACK_MS = 6 * 3_600_000;
/** A topic without state is seeded from up to this much stored history (its baseline starts warm). */
const SEED_MS = 30 * DAY_MS;
/** Each run hands the detector the last 6 hours again: late items revise them (counted at published time). */
const REVISION_MS = 6 * 3_600_000;
/** Alerts found while replaying old history (seeding, catching up after downtime) are not raised now. */
const STALE_MS = 60 * 60_000;
/**
 * A topic not detected for this long goes before the touched ones on a run with stopBefore, one a run. What it
 * guards is what only untouched topics raise: silence, and source health (every source failing brings no
 * mention). 15 minutes (3 buckets, 15 one-minute Worker ticks) is well inside STALE_MS, past which an alert
 * found late is never raised: an outage's source-health alert, due an hour in, still opens within 15 minutes
 * plus one tick per topic. And it is long enough that on ordinary ticks, which detect every topic or, past
 * about 100 topics, each every few ticks, no topic is overdue and the touched ones keep the whole minimum.
 */
export const OVERDUE_MS = 15 * 60_000;

export interface DetectReport {
  topics: number;
  opened: number;
  resolved: number;
  escalated: number;
  /** Topics whose detection failed this run (logged); the others were still detected. */
  failed: number;
  /** Topics left for the next run because `stopBefore` said so (absent without it). */
  deferred?: number;
}

export interface DetectOptions {
  topicIds?: number[];
  /**
   * Asked before each topic; true ends the run there. Topics are then taken in inDetectionOrder, least recently
   * detected first within each group, so the ones a run leaves out go first on the next (Workers cap the
   * statements of a run).
   */
  stopBefore?: () => boolean;
  /**
   * With stopBefore: the topics this run's crawl just brought new mentions to (its report's), taken before the
   * others but one overdue topic. A story breaking is when sources bring the most items, so when a run is
   * likeliest to stop early.
   */
  touchedTopicIds?: number[];
}

/**
 * Detect step: for each enabled topic, run the detector (src/detection/evaluate-topic.ts) over the
 * buckets completed since its last run, then write what it decided: alert rows and outbox rows
 * (through raiseAlertEvent), then the detector state. The order makes a crash safe to repeat: the
 * state moves last, so a rerun re-decides the same events, finds the alert row by its detector
 * key and re-raises the event, which the outbox's unique event id turns into a no-op.
 */
export async function runDetect(deps: Deps, now: number, options: DetectOptions = {}): Promise<DetectReport> {
  let topics = (await listTopics(deps.db, { enabledOnly: true })).filter((t) => !options.topicIds || options.topicIds.includes(t.id));
  if (options.stopBefore) topics = await inDetectionOrder(deps, topics, new Set(options.touchedTopicIds), now);
  const report: DetectReport = { topics: topics.length, opened: 0, resolved: 0, escalated: 0, failed: 0, ...(options.stopBefore ? { deferred: 0 } : {}) };
  // One read for every topic: the sources that deliver (enabled, answered at least once).
  const delivering = (await listSources(deps.db)).filter((s) => s.enabled && s.state.lastSuccessAt !== null);
  for (const [i, topic] of topics.entries()) {
    if (options.stopBefore?.()) {
      report.topics = i;
      report.deferred = topics.length - i;
      break;
    }
    const feedingSources = await Promise.all(delivering.filter((s) => s.topicId === null || s.topicId === topic.id).map(feedingSourceKey));
    let events: DetectionEvent['type'][];
    try {
      events = await detectTopic(deps, topic, now, feedingSources);
    } catch (error) {
      // One topic's failure (its data hitting a D1 limit, a state it cannot read) must not keep the topics
      // after it undetected, nor the deliveries after detect unsent, on every run until someone looks.
      report.failed += 1;
      deps.log.error('topic detection failed', { topicId: topic.id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      continue;
    }
    for (const event of events) {
      if (event === 'opened' || event === 'reopened') report.opened += 1;
      else if (event === 'resolved') report.resolved += 1;
      else report.escalated += 1;
    }
  }
  return report;
}

/**
 * The most overdue untouched topic (OVERDUE_MS), then the touched topics, then the other untouched ones; within
 * each group never detected first (a topic created this very bucket has no state yet),
 * then by when their state was last saved, then by id.
 * The touched ones go first because a breaking story keeps the crawl busy, so that detect runs on its minimum;
 * but then, tick after tick, the untouched topics would wait for a quiet tick, and a topic whose sources all
 * fail is one of them. One overdue topic a run keeps the minimum mostly the touched topics' while bounding the
 * wait: with T topics, each is detected within OVERDUE_MS plus T runs however busy every run is (a topic detected
 * in the slot is not overdue again before the ones it passed), unless a topic's detection keeps failing (logged):
 * it saves no state, so it keeps the slot. A touched overdue topic needs no slot: it already leads the touched ones.
 */
async function inDetectionOrder(deps: Deps, topics: Topic[], touched: ReadonlySet<number>, now: number): Promise<Topic[]> {
  const detectedAt = await listDetectorStateTimes(deps.db);
  const at = (topic: Topic) => detectedAt.get(topic.id) ?? -Infinity;
  const untouched = (topic: Topic) => (touched.has(topic.id) ? 0 : 1);
  const ordered = [...topics].sort((a, b) => untouched(a) - untouched(b) || at(a) - at(b) || a.id - b.id);
  const mostOverdue = ordered.find((topic) => untouched(topic) === 1);
  if (!mostOverdue || at(mostOverdue) >= now - OVERDUE_MS) return ordered;
  return [mostOverdue, ...ordered.filter((topic) => topic !== mostOverdue)];
}

/**
 * A source as the detector tells sources apart: its id and a digest of what it reads (URL and
 * settings), so pointing a source at another feed, or at other Mastodon instances or tags, relearns
 * the topic's baseline like replacing the source would.
 */
async function feedingSourceKey(source: Source): Promise<string> {
  const reads = new TextEncoder().encode(`${source.kind}\n${source.url}\n${JSON.stringify(source.config ?? {})}`);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', reads));
  return `${source.id}:${Array.from(digest.slice(0, 6), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

async function detectTopic(deps: Deps, topic: Topic, now: number, feedingSources: FeedingSource[]): Promise<DetectionEvent['type'][]> {
  let state = readDetectorState(await loadDetectorState<unknown>(deps.db, topic.id));
  const from = state?.nextBucketStart != null ? Math.max(state.nextBucketStart - REVISION_MS, now - SEED_MS) : await seedStart(deps, topic, now);
  if (from === null) return [];
  if (state) state = await syncAcknowledgements(deps, topic, state);
  const to = bucketStart(now) + BUCKET_MS;
  const buckets = await listDetectionBuckets(deps.db, topic.id, from, to);
  const judged = await judgeByCrawlHistory(deps, topic, buckets, state?.nextBucketStart ?? from, to);
  const settings = await getTopicDetectorSettings(deps.db, topic.id);
  // A source added, disabled or removed changes the topic's volume and tone for a reason that is not
  // news: the detector relearns its baseline instead of alerting on it.
  const result = evaluateTopic({ buckets: judged, state, settings, now, feedingSources });
  const applied: DetectionEvent['type'][] = [];
  for (const event of result.events) {
    if (await applyEvent(deps, topic, event, now)) applied.push(event.type);
  }
  await keepUsualLevel(deps, topic, result.state);
  await saveDetectorState(deps.db, topic.id, result.state, now);
  return applied;
}

/**
 * The buckets as the detector should see them, by the crawl status history of the topic's sources:
 * - each fresh bucket (from `fresh` on) with the coverage that history gives it, however late this
 *   run comes: an outage that has recovered since still marks its buckets, and a failure that began
 *   a minute ago marks none before it;
 * - older buckets revise counts (late items at their published time), except those before a backfill
 *   in the revision range: its posts belong to buckets judged without that source, and revising them
 *   in would hold a new source's past against a baseline that never had it, so a new forum with a
 *   morning of complaints would look like a backlash now. They stay stored at their published time
 *   (charts, replays and a re-seed count them).
 */
async function judgeByCrawlHistory(deps: Deps, topic: Topic, buckets: DetectionBucket[], fresh: number, to: number): Promise<DetectionBucket[]> {
  const start = buckets[0]?.bucketStart;
  if (start === undefined) return buckets;
  const history = await listTopicCrawlStatuses(deps.db, topic.id, start, to);
  const coverage = bucketCoverage(history, start, to, BUCKET_MS);
  const revisedFrom = latestBackfillBucket(history, start);
  return buckets.flatMap((b) => {
    if (b.bucketStart < fresh) return b.bucketStart >= revisedFrom ? [b] : [];
    const judged = coverage[(b.bucketStart - start) / BUCKET_MS] ?? 'full';
    return [judged === 'full' ? b : { ...b, coverage: judged }];
  });
}

/** Start of the bucket in which the latest backfill since `since` began, or -Infinity when none did. */
function latestBackfillBucket(history: CrawlStatusChange[][], since: number): number {
  let latest = -Infinity;
  for (const changes of history) {
    for (const { at, status } of changes) if (status === 'backfilling' && at >= since) latest = Math.max(latest, bucketStart(at));
  }
  return latest;
}

/** Where a topic's first run starts: its oldest stored bucket or its creation, at most 30 days back. */
async function seedStart(deps: Deps, topic: Topic, now: number): Promise<number | null> {
  const first = await firstTopicBucketStart(deps.db, topic.id);
  const start = bucketStart(Math.max(now - SEED_MS, Math.min(topic.createdAt, first ?? topic.createdAt)));
  return start < now ? start : null;
}

/** An alert acknowledged on the dashboard stays quiet on reopenings and resolution (not on escalation). */
async function syncAcknowledgements(deps: Deps, topic: Topic, state: DetectorState): Promise<DetectorState> {
  let synced = state;
  for (const phase of state.alerts) {
    if (phase.status !== 'active' || phase.acknowledged) continue;
    const alert = await getActiveAlert(deps.db, topic.id, phase.kind);
    if (alert?.status === 'acknowledged' && alert.evidence['detectorKey'] === phase.key) synced = acknowledgeAlert(synced, phase.key);
  }
  return synced;
}

async function applyEvent(deps: Deps, topic: Topic, event: DetectionEvent, now: number): Promise<boolean> {
  const kind: AlertKind = event.kind;
  const existing = await findAlertByDetectorKey(deps.db, topic.id, kind, event.key);
  if (event.type === 'opened') {
    if (!existing && event.at < now - STALE_MS) return false;
    const { alert, opened } = existing ? { alert: existing, opened: false } : await insertDetectorAlert(deps.db, { topicId: topic.id, kind, severity: event.severity, evidence: await buildEvidence(deps, topic, event) }, now);
    await notify(deps, alert, topic, event, 'alert.opened', now);
    if (opened) deps.log.info('alert opened', { alertId: alert.id, topicId: topic.id, kind, severity: event.severity, observed: event.evidence.observed, expected: event.evidence.expected });
    return opened;
  }
  if (!existing) return false;
  if (event.type === 'reopened') {
    // The same alert again: acknowledged before it resolved, it is still being handled (advance-alert).
    const status = existing.acknowledgedAt !== null ? 'acknowledged' : 'open';
    const alert = existing.status === 'resolved' ? await updateAlert(deps.db, existing.id, { status, resolvedAt: null, severity: event.severity, evidence: withExpected(existing.evidence, event.expectedRun) }, now) : existing;
    if (alert) await notify(deps, alert, topic, event, 'alert.opened', now, `reopened-${event.at}`);
    return existing.status === 'resolved';
  }
  if (existing.status === 'resolved') {
    // A resolution quiet hours held back, sent now that they ended (the row was resolved when it happened).
    if (event.type === 'resolved') await notify(deps, existing, topic, event, 'alert.resolved', now, sinceReopening(event.reopenedAt));
    return false;
  }
  if (event.type === 'escalated') {
    const evidence = { ...withExpected(existing.evidence, event.expectedRun), escalation: await describeWindow(deps, topic, event), severity: event.severity };
    const alert = await updateAlert(deps.db, existing.id, { severity: event.severity, evidence }, now);
    if (alert) await notify(deps, alert, topic, event, 'alert.escalated', now, sinceReopening(event.reopenedAt));
    return true;
  }
  const alert = await updateAlert(deps.db, existing.id, { status: 'resolved', resolvedAt: now, evidence: { ...withExpected(existing.evidence, event.expectedRun), recovery: event.recovery, peak: { ...event.evidence, signal: signalOf(event) } } }, now);
  if (alert) await notify(deps, alert, topic, event, 'alert.resolved', now, sinceReopening(event.reopenedAt));
  deps.log.info('alert resolved', { alertId: existing.id, topicId: topic.id, kind });
  return true;
}

async function notify(deps: Deps, alert: Alert, topic: Topic, event: DetectionEvent, type: 'alert.opened' | 'alert.escalated' | 'alert.resolved', now: number, qualifier?: string): Promise<void> {
  if (!event.notification.notify) {
    deps.log.info('alert event not notified', { alertId: alert.id, type, reason: event.notification.reason });
    return;
  }
  await raiseAlertEvent(deps, alert, topic, type, now, qualifier);
}

/** What an event's window counted, as people read it: "negative mentions per 60 minutes". */
function signalOf(event: DetectionEvent): string {
  return `${signals[event.kind] ?? 'mentions'} per ${event.evidence.windowMinutes} minutes`;
}

const signals: Record<string, string> = {
  backlash: 'negative mentions',
  'positive-surge': 'positive mentions',
  'volume-spike': 'mentions',
  silence: 'mentions (far fewer than usual, every source answering)',
  'source-health': 'mentions while every source failed',
};

/** The evidence an alert carries: the detector's numbers plus the mentions and words behind them. */
async function buildEvidence(deps: Deps, topic: Topic, event: DetectionEvent): Promise<AlertEvidence & { detectorKey: string }> {
  const { windowStart, windowEnd } = event.evidence;
  const tone = alertTone(event.kind);
  const label = tone ?? undefined;
  const strongest = await listTopicMentionsInWindow(deps.db, topic.id, windowStart, windowEnd, TOP_MENTION_ROWS, tone);
  const top = groupCopiedMentions(strongest, TOP_MENTIONS, strongest.length === TOP_MENTION_ROWS);
  const surgeTexts = await listMentionTextsInWindow(deps.db, topic.id, windowStart, windowEnd, 300, label);
  const terms = findOverrepresentedTerms(surgeTexts, await termBaseline(deps, topic, windowStart, label), { limit: 8 });
  const pickup = await findPickupPath(deps, topic, event, terms);
  return {
    ...(await describeWindow(deps, topic, event)),
    detectorKey: event.key,
    topMentions: top.map(({ mention: m, copies, copiesAtLeast }) => ({
      id: m.id, url: m.url, title: m.title, excerpt: m.text.slice(0, EVIDENCE_EXCERPT_CHARS), sentimentScore: m.sentimentScore, publishedAt: m.publishedAt,
      ...(copies > 1 ? { copies } : {}),
      ...(copiesAtLeast ? { copiesAtLeast } : {}),
    })),
    firstMentions: pickup,
    terms,
    expectedByBucket: mergeExpectedRuns(null, event.expectedRun),
  };
}

/**
 * While an alert is open, each run adds what the detector expected of its newest buckets, so the page
 * draws the usual level up to now (an alert open for hours between two events would otherwise have a
 * gap once the detector's six hours moved past the last one). One write per open alert and run.
 */
async function keepUsualLevel(deps: Deps, topic: Topic, state: DetectorState): Promise<void> {
  for (const phase of state.alerts) {
    const run = phase.status === 'active' ? latestExpectedRun(state, phase.kind) : null;
    if (run === null) continue;
    const alert = await findAlertByDetectorKey(deps.db, topic.id, phase.kind, phase.key);
    if (!alert || alert.status === 'resolved') continue;
    const kept = readExpectedRuns(alert.evidence['expectedByBucket']).at(-1);
    if (lastBucketOf(run) > (kept ? lastBucketOf(kept) : -Infinity)) await refreshAlertEvidence(deps.db, alert.id, withExpected(alert.evidence, run));
  }
}

/** The alert's usual level bucket by bucket, with what the detector expected up to an event (or now) added. */
function withExpected(evidence: AlertEvidence, run: ExpectedRun | null): AlertEvidence {
  return { ...evidence, expectedByBucket: mergeExpectedRuns(evidence['expectedByBucket'], run) };
}

/**
 * The pickup path (trace-pickup-path). A story starts before the window that made it certain (a blog
 * post an hour before the pile-on): its first mentions are looked for from six hours before the
 * window's end, by its words, whatever their tone (the report that breaks a backlash is often
 * neutral). Without words of its own, the window's first mentions of the alert's tone.
 */
async function findPickupPath(deps: Deps, topic: Topic, event: DetectionEvent, terms: OverrepresentedTerm[]): Promise<PickupMention[]> {
  const { windowStart, windowEnd } = event.evidence;
  const label = alertTone(event.kind) ?? undefined;
  const from = Math.min(windowStart, windowEnd - PICKUP_LOOKBACK_MS);
  // The story's own words: those the topic did not use in the day before the search starts.
  const textsBefore = await listMentionTextsInWindow(deps.db, topic.id, from - DAY_MS, from, 600);
  const usedBefore = new Set(textsBefore.flatMap(tokenizeTerms));
  // Read twice: by the story's own words (rare before it, so its first mentions are found however
  // busy the topic) and by all its words (a post may use two common ones and none of its own).
  const own = terms.filter((t) => !usedBefore.has(t.term));
  const wordSets = [own, terms].filter((set, i) => set.length > 0 && (i === 0 || set.length > own.length));
  const candidates = await Promise.all(wordSets.map((set) => listFirstMentionsInWindow(deps.db, topic.id, from, windowEnd, PICKUP_ROWS, { anyOf: set.map((t) => t.term) })));
  const traced = tracePickupPath(candidates.flat(), terms, usedBefore, PICKUP_LENGTH, storyPairsUsedIn(textsBefore, terms));
  const path = traced.length > 0 ? traced : await listFirstMentionsInWindow(deps.db, topic.id, windowStart, windowEnd, PICKUP_LENGTH, { label });
  return path.map(({ text: _text, ...mention }) => mention);
}

/** Texts of the alert's tone that make a baseline for its terms: below this, the topic's talk in every tone does. */
const MIN_TONE_BASELINE = 50;

/**
 * What the surge's words are weighed against: the topic's earlier talk in the alert's tone (a week
 * at most, the newest 600 texts), since a backlash's window also holds the topic's everyday
 * complaints, whose words are not the story's; a topic with too few such texts, and an alert
 * without a tone, use its talk in every tone the day before.
 */
async function termBaseline(deps: Deps, topic: Topic, windowStart: number, label: 'negative' | 'positive' | undefined): Promise<string[]> {
  if (label !== undefined) {
    const toneBefore = await listMentionTextsInWindow(deps.db, topic.id, windowStart - WEEK_MS, windowStart, 600, label);
    if (toneBefore.length >= MIN_TONE_BASELINE) return toneBefore;
  }
  return listMentionTextsInWindow(deps.db, topic.id, windowStart - DAY_MS, windowStart, 600);
}

/**
 * One window of an alert (the one it opened on, or the one that escalated it): the detector's
 * numbers, the tone and reach behind them, and who wrote it.
 */
async function describeWindow(deps: Deps, topic: Topic, event: DetectionEvent) {
  const { windowStart, windowEnd } = event.evidence;
  return {
    ...event.evidence,
    signal: signalOf(event),
    ...(await sentimentAndEngagementAround(deps, topic, windowStart, windowEnd)),
    // Who wrote the surge: one account's twenty replies and twenty people's posts are one count.
    authors: await countAuthorsInWindow(deps.db, topic.id, windowStart, windowEnd, alertTone(event.kind) ?? undefined),
  };
}

/** Mean sentiment and engagement per mention in the window against the day before it: the tone and the reach behind the counts. */
async function sentimentAndEngagementAround(deps: Deps, topic: Topic, windowStart: number, windowEnd: number): Promise<SentimentAndEngagement> {
  const buckets = await listTopicBuckets(deps.db, topic.id, windowStart - DAY_MS, windowEnd);
  return summarizeSentimentAndEngagement({
    before: buckets.filter((b) => b.bucketStart < windowStart),
    during: buckets.filter((b) => b.bucketStart >= windowStart),
  });
}
