// The detector's one entry point for a job: pure, no I/O, no clock (now is an argument), runs the
// same in Node and in Workers.
//
//   evaluateTopic({ buckets, state, settings, now }) → { state, events }
//
// - buckets: the topic's buckets, oldest → newest, counted at their items' published time. Missing
//   buckets count as zero mentions with full coverage. Buckets older than state.nextBucketStart
//   revise the last 6 hours' counts (late items: a catch-up after an outage lands where it belongs
//   instead of looking like a spike now); older ones are ignored. Only complete buckets
//   (start + bucketMs <= now) are evaluated, each exactly once.
// - state: from the previous call (JSON round-trips), or null for a new topic. Not modified.
// - feedingSources (optional): the sources feeding the topic now; when they change, the baseline
//   relearns for two days instead of calling the new volume or tone news.
// - events: opened / escalated / reopened / resolved, each with its alert key, severity, whether to
//   notify, and the evidence (observed vs expected with the band, surprise, share before/during,
//   coverage, and for a resolution the recovery times).
import { advanceAlert, type ActiveAlert, type LifecycleEventType, type Recovery } from './advance-alert';
import { decideNotification, isInQuietHours, type NotifyDecision } from './decide-notification';
import { cloneDetectorState, createDetectorState, type Coverage, type DetectorState } from './detector-state';
import { sensitivityThresholds, type DetectorSettings, type LifecycleKind } from './detector-settings';
import { isTimeZone, localOffsetMinutes, type LocalTimeSettings } from './local-time';
import type { AlertSeverity, ExpectedRun } from '../domain/alert';
import { scoreSignal, type KindSignal, type SignalEvidence, type SurgeHistory, type ThresholdRaise } from './score-signals';
import { dispersionFor, learnNewest, pushCount, ratesFor, reviseCount, scoreWindows, shiftLocalHours, WINDOW_BUCKETS, type TrackState, type WindowScore } from './signal-track';
import { recentSurges, recordSurprise } from './surge-novelty';
import { sourceHealthSignal } from './source-health-signal';

export interface DetectionBucket {
  bucketStart: number;
  count: number;
  negative: number;
  positive: number;
  coverage?: Coverage;
}

export interface DetectionEvent {
  type: LifecycleEventType;
  kind: LifecycleKind;
  /** Stable across runs and reopenings: use it as the alert's identity and idempotency key. */
  key: string;
  openedAt: number;
  /**
   * When the alert last reopened within its cool-down (the end of that bucket: its reopened event's
   * `at`), or null. Escalations and the resolution after a reopening are news again: the job gives
   * their notifications ids of their own by it.
   */
  reopenedAt: number | null;
  /** The bucket whose completion raised the event. */
  bucketStart: number;
  at: number;
  severity: AlertSeverity;
  notification: NotifyDecision;
  evidence: SignalEvidence;
  recovery: Recovery | null;
  /**
   * What the detector expected of the kind's signal over the buckets up to this one (the last six
   * hours it keeps), as it judged each: the usual level the alert page draws. Null for source health.
   */
  expectedRun: ExpectedRun | null;
}

export interface EvaluateInput {
  buckets: readonly DetectionBucket[];
  state: DetectorState | null;
  settings: DetectorSettings;
  now: number;
  /**
   * Ids of the sources feeding the topic now (enabled, and delivered at least once). When they
   * differ from the last run's, the topic's volume and mix change for a reason that is not news:
   * a new forum that is angrier than the blogs, a big feed switched off. The baseline then relearns
   * (see RELEARN_MS). Omitted (plain series, replays) means "unknown": nothing relearns.
   */
  feedingSources?: readonly FeedingSource[];
}

/**
 * A source feeding the topic: its id, or `id:fingerprint` when the caller can tell what it reads (its
 * URL and settings), so that a source pointed at another feed or other Mastodon instances counts as a
 * change too, like a source replaced by another.
 */
export type FeedingSource = number | string;

const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 86_400_000;
/** Extra surprise (log10) a topic must show on its first day, fading to 0 at one week old. */
const YOUTH_MARGIN = 3;
/**
 * After the topic's sources change: the level follows the new regime's running mean and the bar
 * starts YOUTH_MARGIN higher, both fading over this span (two level half-lives). A backlash that
 * coincides with the change needs to be a thousand times less likely to alert; one a few days
 * later is judged as usual.
 */
const RELEARN_MS = 2 * 86_400_000;

/**
 * A young topic's baseline is a guess: it has not seen an evening, a Monday, its own bursts. Its
 * bar starts YOUTH_MARGIN higher (a thousand times less likely) and comes down as the weekly
 * profile fills in, so a real storm on day one still alerts and an ordinary evening does not.
 */
function youthMargin(ageMs: number): number {
  return YOUTH_MARGIN * Math.max(0, 1 - ageMs / WEEK_MS);
}

export function evaluateTopic(input: EvaluateInput): { state: DetectorState; events: DetectionEvent[] } {
  const state: DetectorState = input.state ? cloneDetectorState(input.state) : createDetectorState();
  const { bucketMs } = state;
  const first = state.nextBucketStart ?? input.buckets[0]?.bucketStart;
  if (first === undefined) return { state, events: [] };
  noteFeedingSources(state, input.feedingSources, first);
  noteLocalTime(state, input.settings, first);
  const byStart = new Map<number, DetectionBucket>();
  for (const bucket of input.buckets) {
    if (bucket.bucketStart >= first) byStart.set(bucket.bucketStart, bucket);
    else if (state.nextBucketStart !== null) reviseBucket(state, bucket);
  }
  const events: DetectionEvent[] = [];
  let start = first;
  for (; start + bucketMs <= input.now; start += bucketMs) {
    const bucket = byStart.get(start) ?? { bucketStart: start, count: 0, negative: 0, positive: 0 };
    events.push(...stepBucket(state, bucket, input.settings));
  }
  state.nextBucketStart = start;
  return { state, events };
}

function noteFeedingSources(state: DetectorState, sources: readonly FeedingSource[] | undefined, firstJudged: number): void {
  if (sources === undefined) return;
  const now = [...new Set(sources)].sort((a, b) => sourceIdOf(a) - sourceIdOf(b) || String(a).localeCompare(String(b)));
  const before = state.feedingSources;
  // A topic's first run (or a state from before Earshot kept the list) has nothing to compare with.
  if (before !== undefined && state.nextBucketStart !== null && !sameFeedingSources(before, now)) {
    state.relearnFrom = firstJudged;
    // The spread is relearned too. The old one carries the old volume's counting noise: a blog-only
    // topic's hour spread, judged against five times the volume after a forum joined, hid a real
    // backlash three days later (1 of 20 seeds; bench/detect/RESULTS.md).
    for (const track of [state.tracks.all, state.tracks.negative, state.tracks.positive]) track.logScale = [];
  }
  state.feedingSources = now;
}

/**
 * A topic whose local time setting changed (a zone set for the first time, an offset corrected) keeps
 * what it learned: its hour shapes move to the new clock, by the two settings' difference at the next
 * bucket. Unmoved, a topic switched from UTC to New York would expect its afternoon peak five hours
 * early for the week the shapes take to relearn. Daylight-saving changes within one zone move nothing.
 */
function noteLocalTime(state: DetectorState, settings: DetectorSettings, firstJudged: number): void {
  const now = localTimeKey(settings);
  const before = state.localTime;
  if (before !== undefined && before !== now && state.nextBucketStart !== null) {
    const hours = Math.round((localOffsetMinutes(settings, firstJudged) - localOffsetMinutes(localTimeOfKey(before), firstJudged)) / 60);
    if (hours !== 0) for (const track of [state.tracks.all, state.tracks.negative, state.tracks.positive]) shiftLocalHours(track, hours);
  }
  state.localTime = now;
}

function localTimeKey(settings: LocalTimeSettings): string {
  return settings.timeZone === null ? `offset:${settings.utcOffsetMinutes}` : `zone:${settings.timeZone}`;
}

function localTimeOfKey(key: string): LocalTimeSettings {
  if (key.startsWith('zone:') && isTimeZone(key.slice(5))) return { timeZone: key.slice(5), utcOffsetMinutes: 0 };
  const offset = Number(key.slice(7));
  return { timeZone: null, utcOffsetMinutes: key.startsWith('offset:') && Number.isFinite(offset) ? offset : 0 };
}

function sourceIdOf(source: FeedingSource): number {
  return typeof source === 'number' ? source : Number.parseInt(source, 10);
}

/** Same sources reading the same things. A stored plain id (from before fingerprints) matches its source by id alone. */
function sameFeedingSources(before: readonly FeedingSource[], now: readonly FeedingSource[]): boolean {
  if (before.length !== now.length) return false;
  return before.every((was, i) => {
    const is = now[i] as FeedingSource;
    return String(was) === String(is) || (!String(was).includes(':') && sourceIdOf(was) === sourceIdOf(is));
  });
}

/** Buckets since the sources changed, while still relearning; null otherwise. */
function relearningAt(state: DetectorState, at: number): number | null {
  const from = state.relearnFrom;
  if (from === null || from === undefined) return null;
  if (at - from >= RELEARN_MS) {
    state.relearnFrom = null;
    return null;
  }
  return Math.max(0, Math.floor((at - from) / state.bucketMs));
}

function reviseBucket(state: DetectorState, bucket: DetectionBucket): void {
  const stepsBack = ((state.nextBucketStart as number) - state.bucketMs - bucket.bucketStart) / state.bucketMs;
  if (!Number.isInteger(stepsBack) || stepsBack < 0) return;
  reviseCount(state.tracks.all, stepsBack, bucket.count);
  reviseCount(state.tracks.negative, stepsBack, bucket.negative);
  reviseCount(state.tracks.positive, stepsBack, bucket.positive);
}

function stepBucket(state: DetectorState, bucket: DetectionBucket, settings: DetectorSettings): DetectionEvent[] {
  const { bucketMs, tracks } = state;
  const at = bucket.bucketStart;
  const offsetMs = localOffsetMinutes(settings, at) * 60_000;
  const coverage = bucket.coverage ?? 'full';
  const rates = ratesFor(bucketMs);
  pushCount(tracks.all, bucket.count, at, offsetMs, rates.shapePrior);
  // The tone tracks are a few mentions an hour on a small topic: 24 hour slots and 7 days learned
  // from them were noise (an hour's expected negative count off by a third either way). They take the
  // topic's daily and weekly profile from all its mentions and learn only their own level.
  pushCount(tracks.negative, bucket.negative, at, offsetMs, rates.shapePrior, tracks.all);
  pushCount(tracks.positive, bucket.positive, at, offsetMs, rates.shapePrior, tracks.all);
  state.coverage.push(coverage);
  if (state.coverage.length > tracks.all.counts.length) state.coverage.shift();
  const windows = { all: scoreWindows(tracks.all, rates.windows), negative: scoreWindows(tracks.negative, rates.windows), positive: scoreWindows(tracks.positive, rates.windows) };
  const age = tracks.all.seen * bucketMs;
  const warm = age >= settings.warmupHours * HOUR_MS;
  const relearning = relearningAt(state, at);
  const signals: KindSignal[] = [sourceHealthSignal(state.coverage, bucket, bucketMs)];
  if (warm) {
    const partial = rates.windows.map((n) => hasPartialCoverage(state.coverage, n));
    const youth = youthMargin(age);
    const relearn = relearning === null ? 0 : YOUTH_MARGIN * Math.max(0, 1 - (relearning * bucketMs) / RELEARN_MS);
    const margin = Math.max(youth, relearn);
    const threshold = sensitivityThresholds[settings.sensitivity] + margin;
    const raisedFor: ThresholdRaise | undefined = margin <= 0 ? undefined : relearn >= youth ? 'sources-changed' : 'young-topic';
    const history = { all: surgeHistory(tracks.all, at), negative: surgeHistory(tracks.negative, at), positive: surgeHistory(tracks.positive, at) };
    const historyTrusted = age >= WEEK_MS && relearning === null;
    const signalInput = { ...windows, history, historyTrusted, partial, windowEnd: at + bucketMs, bucketMs, threshold, raisedFor, minCount: settings.minCount };
    for (const kind of settings.kinds) {
      const phase = state.alerts.find((a) => a.kind === kind);
      const openFrom = phase?.status === 'active' ? undefined : state.recoveredAt?.[kind];
      signals.push(scoreSignal(kind, openFrom === undefined ? signalInput : { ...signalInput, openFrom }, phase !== undefined));
    }
    // While the sources change the surprises are against a stale baseline: not the topic's history.
    if (relearning === null) {
      recordSurprises(tracks.all, at, windows.all);
      recordSurprises(tracks.negative, at, windows.negative);
      recordSurprises(tracks.positive, at, windows.positive);
    }
  }
  if (coverage === 'full') {
    // Tone tracks first: they learn against the profile their bucket was judged with.
    learnNewest(tracks.negative, at, offsetMs, rates, windows.negative, relearning, tracks.all);
    learnNewest(tracks.positive, at, offsetMs, rates, windows.positive, relearning, tracks.all);
    learnNewest(tracks.all, at, offsetMs, rates, windows.all, relearning);
  }
  return signals.flatMap((signal) => advanceKind(state, signal, at, bucketMs, settings));
}

function surgeHistory(track: TrackState, at: number): SurgeHistory {
  const perWindow = WINDOW_BUCKETS.map((_, i) => recentSurges(track.episodes?.[i], at));
  return { novelty: perWindow.map((w) => w.novelty), largest: perWindow.map((w) => w.largest) };
}

function recordSurprises(track: TrackState, at: number, windows: readonly WindowScore[]): void {
  const episodes = (track.episodes ??= WINDOW_BUCKETS.map(() => []));
  windows.forEach((w, i) => recordSurprise((episodes[i] ??= []), at, w.surprise, w.observed - w.expected));
}

function hasPartialCoverage(coverage: readonly Coverage[], lastN: number): boolean {
  for (let i = Math.max(0, coverage.length - lastN); i < coverage.length; i++) if (coverage[i] !== 'full') return true;
  return false;
}

function advanceKind(state: DetectorState, signal: KindSignal, at: number, bucketMs: number, settings: DetectorSettings): DetectionEvent[] {
  const inQuietHours = isInQuietHours(at + bucketMs, settings.quietHours, localOffsetMinutes(settings, at + bucketMs));
  // Resolutions held by quiet hours go first: the alert they end may open again in this very bucket.
  const events: DetectionEvent[] = inQuietHours ? [] : sendHeldResolutions(state, signal.kind, at);
  const index = state.alerts.findIndex((a) => a.kind === signal.kind);
  if (index < 0 && signal.level !== 'firing') return events;
  const previous = index >= 0 ? (state.alerts[index] ?? null) : null;
  const step = advanceAlert(previous, signal, at, settings.cooldownMinutes * 60_000);
  if (index >= 0) state.alerts.splice(index, 1);
  let phase = step.phase;
  if (step.transition !== null) {
    const { type, alert } = step.transition;
    if (step.transition.recovery !== null) state.recoveredAt = { ...state.recoveredAt, [alert.kind]: step.transition.recovery.volumeBackAt };
    const recovery = recoveryAsShown(step.transition.recovery, bucketMs);
    const notification = decideNotification({
      type,
      severity: alert.severity,
      acknowledged: alert.acknowledged,
      snoozed: alert.snoozedUntil !== null && at < alert.snoozedUntil,
      inQuietHours,
    });
    const evidence = type === 'resolved' ? alert.peak : signal.evidence;
    // An escalation sent while the opening is still held (quiet hours just ended, or a critical one
    // breaking through them): the team first hears that the alert opened, then that it escalated.
    const unheard = previous?.status === 'active' ? heldNews(previous) : null;
    if (notification.notify && type !== 'resolved' && previous?.status === 'active' && unheard !== null) events.push(sendHeld(state, previous, unheard, at));
    events.push({ type, kind: alert.kind, key: alert.key, openedAt: alert.openedAt, reopenedAt: reopenedAtOf(alert, bucketMs), bucketStart: at, at: at + bucketMs, severity: alert.severity, notification, evidence, recovery, expectedRun: expectedRunOf(state, alert.kind, at) });
    // A resolution quiet hours hold back is sent when they end, if the team heard of the alert (its
    // opening went out, or it was held and goes out before an escalation that broke through): else
    // the receiver would keep it open for good. Reopened first, the alert never resolved for them.
    const heardOf = unheard === null;
    if (type === 'resolved' && !notification.notify && notification.reason === 'quiet-hours' && heardOf) {
      state.heldResolutions = [...(state.heldResolutions ?? []), { kind: alert.kind, key: alert.key, openedAt: alert.openedAt, reopenedAt: reopenedAtOf(alert, bucketMs), severity: alert.severity, evidence, recovery }];
    }
    if (type === 'reopened') state.heldResolutions = state.heldResolutions?.filter((h) => h.key !== alert.key);
    if (phase?.status === 'active') {
      // Held by quiet hours: remembered, and sent once they end if the alert is still open. An
      // opening held and then an escalation held is still news of an opening when it is sent (at the
      // severity and with the evidence of then): the team never heard of the alert.
      const held = !notification.notify && notification.reason === 'quiet-hours' && type !== 'resolved';
      const heldType = held ? (heldNews(phase)?.type ?? type) : type;
      phase = { ...phase, held: held ? { type: heldType, evidence } : notification.notify ? null : (phase.held ?? null) };
    }
  } else if (phase?.status === 'active' && phase.held && !inQuietHours) {
    // A held escalation always goes out (escalations break through an acknowledgement); an opening only while unheard.
    const due = phase.held.type === 'escalated' ? phase.held : heldNews(phase);
    if (due !== null) events.push(sendHeld(state, phase, due, at));
    phase = { ...phase, held: null };
  }
  if (phase !== null) state.alerts.push(phase);
  return events;
}

/**
 * The lifecycle keeps bucket starts: the first quiet bucket's start is where a surge's 6-hour window
 * stops counting (recoveredAt). People read an alert as opened when its opening bucket was complete,
 * and volume as back when the first quiet bucket was: both one bucket later. The recovery an alert
 * shows says so, so that "opened 14:15, volume back after 2 h 40 min (16:55)" adds up (it said 16:50).
 */
function recoveryAsShown(recovery: Recovery | null, bucketMs: number): Recovery | null {
  if (recovery === null) return null;
  return { ...recovery, volumeBackAt: recovery.volumeBackAt + bucketMs, shareBackAt: recovery.shareBackAt === null ? null : recovery.shareBackAt + bucketMs };
}

/**
 * The opening (or reopening) quiet hours hold back that the team has still not heard of: none once
 * someone acknowledged the alert meanwhile, since they have seen it (the dashboard shows its severity
 * as it is); an escalation held after the acknowledgement is held as an escalation and still goes out.
 */
function heldNews(alert: ActiveAlert): NonNullable<ActiveAlert['held']> | null {
  return alert.held && alert.held.type !== 'escalated' && !alert.acknowledged ? alert.held : null;
}

/** The kind's resolutions quiet hours held back, sent now (they have ended) and forgotten. */
function sendHeldResolutions(state: DetectorState, kind: LifecycleKind, at: number): DetectionEvent[] {
  const held = state.heldResolutions?.filter((h) => h.kind === kind) ?? [];
  if (held.length === 0) return [];
  state.heldResolutions = state.heldResolutions?.filter((h) => h.kind !== kind);
  return held.map((h) => ({
    type: 'resolved', kind, key: h.key, openedAt: h.openedAt, reopenedAt: h.reopenedAt, bucketStart: at, at: at + state.bucketMs, severity: h.severity,
    notification: { notify: true }, evidence: h.evidence, recovery: h.recovery, expectedRun: null,
  }));
}

/** When the alert last reopened, as its reopened event tells it (the end of the bucket), or null. */
function reopenedAtOf(alert: ActiveAlert, bucketMs: number): number | null {
  return alert.reopenedAt === undefined || alert.reopenedAt === null ? null : alert.reopenedAt + bucketMs;
}

/** The notification quiet hours held back, sent now, at the alert's severity as it stood. */
function sendHeld(state: DetectorState, alert: ActiveAlert, held: NonNullable<ActiveAlert['held']>, at: number): DetectionEvent {
  return {
    type: held.type, kind: alert.kind, key: alert.key, openedAt: alert.openedAt, reopenedAt: reopenedAtOf(alert, state.bucketMs), bucketStart: at, at: at + state.bucketMs, severity: alert.severity,
    notification: { notify: true }, evidence: held.evidence, recovery: null, expectedRun: expectedRunOf(state, alert.kind, at),
  };
}

/** The expectations the kind's track judged its kept buckets by, up to the last bucket evaluated (none before the first). */
export function latestExpectedRun(state: DetectorState, kind: LifecycleKind): ExpectedRun | null {
  return state.nextBucketStart === null ? null : expectedRunOf(state, kind, state.nextBucketStart - state.bucketMs);
}

/** The expectations the kind's track judged its kept buckets by, the newest being the bucket at `at`. */
function expectedRunOf(state: DetectorState, kind: LifecycleKind, at: number): ExpectedRun | null {
  if (kind === 'source-health') return null;
  const track = kind === 'backlash' ? state.tracks.negative : kind === 'positive-surge' ? state.tracks.positive : state.tracks.all;
  if (track.expected.length === 0) return null;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const counts = track.expected.map(round);
  // The band the evidence gives a window, for each bucket alone (the one-bucket window's dispersion).
  const highs = track.expected.map((e) => round(e + 2 * Math.sqrt(e + dispersionFor(track, 0, e) * e * e)));
  return { from: at - (counts.length - 1) * state.bucketMs, bucketMinutes: state.bucketMs / 60_000, counts, highs };
}
