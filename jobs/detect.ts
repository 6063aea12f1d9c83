import type { Alert, AlertEvidence } from '../src/domain/alert';
import { bucketStart, BUCKET_MS } from '../src/domain/bucket';
import type { Topic } from '../src/domain/topic';
import { raiseAlertEvent } from '../src/alerts/raise-alert-event';
import { detectNegativeSpike, type SpikeState } from '../src/detection/detect-negative-spike';
import type { Deps } from '../src/runtime/deps';
import { getActiveAlert, insertAlert, updateAlert } from '../src/storage/alert-store';
import { listTopicBuckets } from '../src/storage/bucket-store';
import { loadDetectorState, saveDetectorState } from '../src/storage/detector-state-store';
import { listTopicMentionsInWindow } from '../src/storage/mention-store';
import { listTopics } from '../src/storage/topic-store';

/** Buckets of history behind each verdict: one day. */
const BASELINE_BUCKETS = 288;
/** A topic that was not evaluated for longer than this catches up on this many buckets, no more. */
const MAX_CATCH_UP_BUCKETS = 288;

interface TopicDetectorState {
  /** Start of the last completed bucket already folded into `spike`. */
  lastFinalBucket: number | null;
  spike: SpikeState;
}

export interface DetectReport {
  topics: number;
  opened: number;
  resolved: number;
}

/**
 * Detect step: for each topic, fold completed buckets into the detector state, then look at the
 * bucket in progress too, so a surge alerts in the run that fetched it instead of five minutes later.
 */
export async function runDetect(deps: Deps, now: number, options: { topicIds?: number[] } = {}): Promise<DetectReport> {
  const topics = (await listTopics(deps.db, { enabledOnly: true })).filter((t) => !options.topicIds || options.topicIds.includes(t.id));
  const report: DetectReport = { topics: topics.length, opened: 0, resolved: 0 };
  for (const topic of topics) {
    const result = await detectTopic(deps, topic, now);
    report.opened += result.opened;
    report.resolved += result.resolved;
  }
  return report;
}

async function detectTopic(deps: Deps, topic: Topic, now: number): Promise<{ opened: number; resolved: number }> {
  const current = bucketStart(now);
  const saved = await loadDetectorState<TopicDetectorState>(deps.db, topic.id);
  let state: TopicDetectorState = saved ?? { lastFinalBucket: null, spike: { open: false, calmBuckets: 0 } };
  // A topic seen for the first time starts with the bucket just completed, so its verdict is final too.
  const resumeAt = state.lastFinalBucket === null ? current - BUCKET_MS : state.lastFinalBucket + BUCKET_MS;
  const firstBucket = Math.max(resumeAt, current - MAX_CATCH_UP_BUCKETS * BUCKET_MS);
  const series = await listTopicBuckets(deps.db, topic.id, firstBucket - BASELINE_BUCKETS * BUCKET_MS, current + BUCKET_MS);
  const negatives = series.map((b) => b.negative);
  let opened = 0;
  let resolved = 0;
  for (let i = BASELINE_BUCKETS; i < series.length; i += 1) {
    const bucket = series[i]!;
    const isFinal = bucket.bucketStart < current;
    const step = detectNegativeSpike(negatives.slice(i - BASELINE_BUCKETS, i), bucket.negative, state.spike);
    if (step.event?.type === 'open') {
      opened += await openAlert(deps, topic, bucket.bucketStart, step.event, now);
    } else if (step.event?.type === 'resolve' && isFinal) {
      resolved += await resolveAlert(deps, topic, now);
    }
    // The bucket in progress may still grow: only completed buckets move the saved state.
    if (isFinal) state = { lastFinalBucket: bucket.bucketStart, spike: step.state };
  }
  await saveDetectorState(deps.db, topic.id, state, now);
  return { opened, resolved };
}

async function openAlert(
  deps: Deps,
  topic: Topic,
  windowStart: number,
  verdict: { observed: number; expected: number; band: number },
  now: number,
): Promise<number> {
  // Re-running over the same bucket (a crash, the bucket in progress seen twice) must not open a second alert.
  if (await getActiveAlert(deps.db, topic.id, 'backlash')) return 0;
  const top = await listTopicMentionsInWindow(deps.db, topic.id, windowStart, windowStart + BUCKET_MS, 5);
  const evidence: AlertEvidence = {
    observed: verdict.observed,
    expected: verdict.expected,
    band: verdict.band,
    windowStart,
    windowEnd: windowStart + BUCKET_MS,
    signal: 'negative mentions per 5 minutes',
    topMentions: top.map((m) => ({
      id: m.id,
      url: m.url,
      title: m.title,
      excerpt: m.text.slice(0, 280),
      sentimentScore: m.sentimentScore,
      publishedAt: m.publishedAt,
    })),
  };
  const severity = verdict.observed >= 3 * Math.max(verdict.band, 1) ? 'critical' : verdict.observed >= 2 * verdict.band ? 'warning' : 'watch';
  const alert = await insertAlert(deps.db, { topicId: topic.id, kind: 'backlash', severity, evidence }, now);
  await raiseAlertEvent(deps, alert, topic, 'alert.opened', now);
  deps.log.info('alert opened', { alertId: alert.id, topicId: topic.id, observed: verdict.observed, expected: verdict.expected });
  return 1;
}

async function resolveAlert(deps: Deps, topic: Topic, now: number): Promise<number> {
  const active: Alert | undefined = await getActiveAlert(deps.db, topic.id, 'backlash');
  if (!active) return 0;
  const alert = await updateAlert(deps.db, active.id, { status: 'resolved', resolvedAt: now }, now);
  if (!alert) return 0;
  await raiseAlertEvent(deps, alert, topic, 'alert.resolved', now);
  deps.log.info('alert resolved', { alertId: alert.id, topicId: topic.id });
  return 1;
}
