// Turns the window scores of the three tracks into one signal per event kind for the newest bucket.
import type { AlertSeverity } from '../domain/alert';
import type { DetectionKind, LifecycleKind } from './detector-settings';
import { countDropSurprise, countSurprise, shareSurprise } from './count-surprise';
import type { WindowScore } from './signal-track';

export type SignalLevel = 'quiet' | 'elevated' | 'firing';

export interface ShareEvidence {
  of: 'negative' | 'positive';
  /** Share the baseline expected over the window (expected of/expected all). */
  before: number;
  during: number;
  /** -log10 of the binomial tail of `during` under `before`. */
  surprise: number;
}

export interface SignalEvidence {
  windowMinutes: number;
  windowStart: number;
  windowEnd: number;
  observed: number;
  expected: number;
  /** About 95 % of ordinary windows fall inside; from the fitted negative binomial spread. */
  band: { low: number; high: number };
  surprise: number;
  share: ShareEvidence | null;
  /** Some bucket of the window had a failing source: the surge is in the sources that answered. */
  partialCoverage: boolean;
  /**
   * What this window had to reach, and what set it: the surprise the topic's sensitivity asks, plus,
   * when its own recent surges set a novelty bar, the mentions above expected it had to beat
   * (`mentions`); or a lower surprise for a record (the biggest surge of two weeks). Absent in
   * evidence stored before Earshot recorded it.
   */
  needed?: Needed;
}

export interface Needed {
  surprise: number;
  from: 'sensitivity' | 'recent-surges' | 'record';
  /** With `recent-surges`: the mentions above expected the window had to exceed (1.2x the third-largest recent surge). */
  mentions?: number;
  /** Why the sensitivity's surprise was raised, when it was (see SignalInput.raisedFor). */
  raisedFor?: ThresholdRaise;
}

/** The topic is under a week old, or relearns after its sources changed: its bar starts higher. */
export type ThresholdRaise = 'young-topic' | 'sources-changed';

/**
 * Per window (5 min, 1 h, 6 h) of one track: the novelty bar (mentions above expected, 0 = none)
 * and the surprise of the largest surge of the last 14 days.
 */
export interface SurgeHistory {
  novelty: number[];
  largest: number[];
}

export interface KindSignal {
  kind: LifecycleKind;
  level: SignalLevel;
  severity: AlertSeverity;
  evidence: SignalEvidence;
}

export interface SignalInput {
  all: WindowScore[];
  negative: WindowScore[];
  positive: WindowScore[];
  /** Per window: did any of its buckets have partial coverage. */
  partial: boolean[];
  /** Per track, from the topic's own recent surges (surge-novelty); absent = no history. */
  history?: { all: SurgeHistory; negative: SurgeHistory; positive: SurgeHistory };
  /** The topic is past its first week and its sources have not just changed: its history can lower a bar. */
  historyTrusted?: boolean;
  windowEnd: number;
  bucketMs: number;
  threshold: number;
  /** Set when `threshold` holds more than the sensitivity's surprise, and why: an alert says what it had to reach. */
  raisedFor?: ThresholdRaise;
  minCount: number;
  /**
   * No alert of this kind is open and the last one's volume was back near baseline at this time: a
   * window that starts before it still holds that surge and cannot fire. Without this, the 6-hour
   * window of a small topic reopened a backlash 1.5 hours after it resolved, on its own resolved
   * surge, because one later hour was mildly up (1 of 200 synthetic runs).
   */
  openFrom?: number;
}

/** A share must also move by this much: at 5,000 mentions a 1-point shift is "significant" and meaningless. */
const MIN_SHARE_LIFT = 0.05;
/** One in a hundred under the baseline share. */
const SHARE_THRESHOLD = 2;
/**
 * A backlash or positive surge let in by the record rule (below the sensitivity's bar) needs its share
 * test at one in a thousand: the record lowers the volume evidence, so the share carries more of it, as
 * a plain volume spike's bar is raised for having one piece of evidence. Measured on synthetic topics
 * (60 an hour, a two-hour story tripling every mention, 100 seeds): in the usual tone (20 % negative) it
 * opened a backlash or positive surge on 19 seeds, 13 through a record hour whose share rose by chance
 * (1 in 100 to 1 in 400, among the many windows a surge offers); now on 6, one by record. With 45 %
 * negative: a backlash on all 100 as before, 98 as early, 2 one or two buckets later. With 30 %: all 100
 * as before, median 6 buckets instead of 5. Volume spikes (`detect`, NAB) have no share test: unchanged.
 */
const RECORD_SHARE_THRESHOLD = 3;
/**
 * Extra surprise (log10) a plain volume spike needs. A backlash or positive surge is two pieces of
 * evidence (a surprising count and a share clearly off its baseline); a volume spike is one, so
 * its bar is a hundred times higher. Measured on ten NAB mention series (bench/detect/RESULTS.md):
 * with the novelty bar, 6 + 2 caught more labelled surges with fewer false alarms than 6. 2.5-3 scored
 * higher there (all ten 75.7 -> 76.5, five false-positive rows fewer on six files, none on the four
 * dev files) but missed more one-interval 2.5x spikes of half-hourly series (6.3 % of 320 seeds at 2,
 * 9.4 % at 2.5, 12.2 % at 3), and a missed surge is what Earshot exists to prevent: kept at 2.
 */
const VOLUME_ONLY_MARGIN = 2;
/**
 * Below this surprise (1 in 100) on the 1-hour window the signal is back near baseline. Not the
 * 5-minute window: one noisy bucket in ten would restart the cool-down, and alerts would never close.
 */
const NEAR_BASELINE = 2;

/**
 * The signal of one kind for the newest bucket. Evidence (and the share test of windows that are
 * not surprising anyway) is only worked out when it can matter: when firing, or when `withEvidence`
 * says an alert of this kind is open. Most buckets of most topics are neither.
 */
export function scoreSignal(kind: DetectionKind, signalInput: SignalInput, withEvidence = true): KindSignal {
  if (kind === 'silence') return scoreSilence(signalInput, withEvidence);
  const input = kind === 'volume-spike' ? { ...signalInput, threshold: signalInput.threshold + VOLUME_ONLY_MARGIN } : signalInput;
  const track = kind === 'backlash' ? input.negative : kind === 'positive-surge' ? input.positive : input.all;
  const shares = new Map<number, ShareEvidence | null>();
  const shareAt = (i: number) => {
    if (!shares.has(i)) shares.set(i, shareOf(kind, input, i));
    return shares.get(i) ?? null;
  };
  const firing = track.map((w, i) => i).filter((i) => isFiring(track[i] as WindowScore, i, track, shareAt, input));
  const pool = firing.length > 0 ? firing : track.map((_, i) => i);
  const best = pool.reduce((a, b) => (effectiveSurprise(track[b] as WindowScore, b, track, input) > effectiveSurprise(track[a] as WindowScore, a, track, input) ? b : a));
  const level: SignalLevel =
    firing.length > 0 ? 'firing' : (track[1]?.surprise ?? 0) < NEAR_BASELINE ? 'quiet' : 'elevated';
  const severity = firing.map((i) => severityOf(track[i] as WindowScore, input.threshold, i, input.minCount)).reduce(higherSeverity, 'watch');
  const evidence = withEvidence || firing.length > 0 ? evidenceOf(track[best] as WindowScore, best, shareAt(best), input, neededFor(track[best] as WindowScore, best, track, input)) : NO_EVIDENCE;
  return { kind, level, severity, evidence };
}

/**
 * Silence: far fewer mentions than the baseline expects while every source answered. It usually
 * means something broke quietly (a feed that answers 200 with nothing new, a query that stopped
 * matching), which is worth knowing before the next backlash goes unheard. Judged on the hour and
 * the 6 hours only (one empty 5-minute bucket says nothing), never on partial coverage (a failing
 * source explains the drop, and source health reports it), and only where the window expected
 * enough mentions (MIN_SILENT_EXPECTED x minCount) that "too few" can be told from "a quiet hour".
 */
const MIN_SILENT_EXPECTED = 4;
/** The window must be down to at most this share of its expectation. */
const MAX_SILENT_RATIO = 0.5;

function scoreSilence(input: SignalInput, withEvidence: boolean): KindSignal {
  // The hour and the 6 hours only (index 0, five minutes, is never judged): this runs for every bucket of every topic.
  const drops = input.all.map((w, i) => (i === 0 ? 0 : countDropSurprise(w.observed, w.expected, w.dispersion)));
  const hourDrop = drops[1] ?? 0;
  const firing = [1, 2].filter((i) => {
    const w = input.all[i] as WindowScore;
    // The 6-hour window remembers a silence for 6 hours: once the hour is back it no longer speaks for now.
    if (i === 2 && hourDrop < NEAR_BASELINE) return false;
    return !input.partial[i] && !holdsResolvedSurge(w, input) && w.expected >= MIN_SILENT_EXPECTED * input.minCount && w.observed <= MAX_SILENT_RATIO * w.expected && (drops[i] ?? 0) >= input.threshold;
  });
  const best = firing.reduce((a, b) => ((drops[b] ?? 0) > (drops[a] ?? 0) ? b : a), firing[0] ?? 1);
  const level: SignalLevel = firing.length > 0 ? 'firing' : hourDrop < NEAR_BASELINE ? 'quiet' : 'elevated';
  // Near-total silence (a tenth of the expected or less, and far past the bar) is a warning; less is a watch.
  const severity: AlertSeverity = firing.some((i) => (input.all[i] as WindowScore).observed <= 0.1 * (input.all[i] as WindowScore).expected && (drops[i] ?? 0) >= input.threshold + 4) ? 'warning' : 'watch';
  const w = input.all[best] as WindowScore;
  const evidence = withEvidence || firing.length > 0 ? evidenceOf({ ...w, surprise: drops[best] ?? 0 }, best, null, input, standardNeeded(input)) : NO_EVIDENCE;
  return { kind: 'silence', level, severity, evidence };
}

/** Stands in for evidence nobody will read (no alert open, nothing firing). */
const NO_EVIDENCE: SignalEvidence = Object.freeze({
  windowMinutes: 0, windowStart: 0, windowEnd: 0, observed: 0, expected: 0, band: { low: 0, high: 0 }, surprise: 0, share: null, partialCoverage: false,
}) as SignalEvidence;

function effectiveSurprise(w: WindowScore, index: number, track: WindowScore[], input: SignalInput): number {
  const hour = track[1]?.surprise ?? 0;
  // A 5-minute burst of plain volume alerts only while its hour is not near baseline: one lone
  // bucket is a retweet or a bot. (It used to need the hour itself nearly at the bar: that silenced
  // a small brand's real bursts, 12 posts in 5 minutes inside an hour the model calls noisy, and the
  // novelty bar now keeps the recurring bots out instead.) A backlash or positive surge needs no such
  // support: its share test already rejects bursts that are not about sentiment.
  if (index === 0 && track === input.all && hour < NEAR_BASELINE) return 0;
  // The 6-hour window remembers a surge for 6 hours; once the last hour is back near baseline it
  // no longer speaks for "now", or every alert would stay open 6 hours after its surge ended.
  if (index === 2 && hour < NEAR_BASELINE) return 0;
  return w.surprise;
}

function windowStartOf(w: WindowScore, input: SignalInput): number {
  return input.windowEnd - w.buckets * input.bucketMs;
}

function holdsResolvedSurge(w: WindowScore, input: SignalInput): boolean {
  return input.openFrom !== undefined && windowStartOf(w, input) < input.openFrom;
}

function isFiring(w: WindowScore, index: number, track: WindowScore[], shareAt: (i: number) => ShareEvidence | null, input: SignalInput): boolean {
  if (w.observed < input.minCount || holdsResolvedSurge(w, input)) return false;
  const needed = neededFor(w, index, track, input);
  if (effectiveSurprise(w, index, track, input) < needed.surprise || w.observed - w.expected < (needed.mentions ?? -Infinity)) return false;
  const share = shareAt(index);
  if (share === null) return true;
  const bar = needed.from === 'record' ? RECORD_SHARE_THRESHOLD : SHARE_THRESHOLD;
  if (share.surprise < bar || share.during - share.before < MIN_SHARE_LIFT) return false;
  return index > 0 || share.surprise >= bar + RUNNING_STORY_SHARE_MARGIN || !followsUsualToneStory(track, input);
}

/**
 * A 5-minute window of a backlash or positive surge inside a story that was already running in the
 * topic's usual tone needs its share one log10 more sure: at 1 in 1,000 by itself, or at 1 in 100
 * with the hour before it leaning the same way (its own share test at 1 in 10; the two are different
 * buckets, so together about as unlikely). "A story running" is the hour before the bucket (its other
 * 55 minutes) not near baseline in all mentions. Why: such a story makes every bucket's negative (and
 * positive) count surprising by volume alone, so the share test is the only evidence left and it is
 * tried every 5 minutes; one of the 24 buckets of a two-hour story passes 1 in 100 by chance. A real
 * backlash still opens on its first bucket at the ordinary bar when it starts the story (the hour
 * before was calm) or when its tone had already shifted over the last hour; only a bucket that turns
 * on a story so far told in the usual tone waits for the hour to agree. Measured on synthetic topics
 * (60 an hour, a two-hour story tripling every mention, seeds 1-100; bench/detect/RESULTS.md): in the
 * usual tone (20 % negative) a backlash or positive surge on 3 seeds instead of 6 (the five 5-minute
 * ones down to two: one bucket at 1 in 2,400, one whose hour before leaned negative by chance; the
 * third is a record hour); 30 % negative: found on all 100 as before, median 6.5 buckets instead of
 * 6, four seeds 2-4 buckets later; 45 %: all 100, median 0 as before, one seed a bucket later. The
 * synthetic bench is identical row for row, and `detect` (volume spikes, no share test) is unchanged.
 */
const RUNNING_STORY_SHARE_MARGIN = 1;

/** The hour before the newest bucket was well up in mentions while its share did not lean this track's way. */
function followsUsualToneStory(track: WindowScore[], input: SignalInput): boolean {
  const [five, hour] = [input.all[0], input.all[1]];
  const [partFive, partHour] = [track[0], track[1]];
  if (!five || !hour || !partFive || !partHour) return false;
  const mentions = hour.observed - five.observed;
  const expected = hour.expected - five.expected;
  if (countSurprise(mentions, expected, hour.dispersion) < NEAR_BASELINE) return false;
  const usualShare = clampShare(expected > 0 ? (partHour.expected - partFive.expected) / expected : 0);
  return shareSurprise(partHour.observed - partFive.observed, mentions, usualShare) < RUNNING_STORY_SHARE_MARGIN;
}


/**
 * A record: the hour or the 6 hours is the topic's most surprising of its kind in two weeks (by a
 * tenth), clearly up (1 in 10,000, 1.5x expected) and big enough to matter (8x the minimum count: 40
 * mentions by default). That is news for this topic even below the bar, and whatever the novelty bar
 * says (nothing of its kind in two weeks was as surprising): a mid-size topic doubling for two hours, a
 * small brand's first real storm. Tried as "the biggest in size" instead, like the novelty bar: all
 * ten NAB files 75.7 -> 72.2, so it stays on surprise. Not on the 5-minute window (one bucket is a retweet),
 * not for a topic younger than a week or whose sources just changed (its history says too little).
 * Measured: on the ten NAB mention series it catches a small brand's (PFE) and a bursty one's (CRM)
 * labelled surges (other six files 63.4 -> 72.2) and, on synthetic topics over 20 seeds, every
 * two-hour 2x volume surge the default missed a third of, with no new false alarm; at a floor of 3
 * instead of 4 quiet synthetic topics began to alarm (bench/detect/RESULTS.md).
 */
const RECORD_FLOOR = 4;
const RECORD_MARGIN = 1.1;
const RECORD_RATIO = 1.5;
const RECORD_MIN_COUNT = 8;

function standardNeeded(input: SignalInput): Needed {
  return input.raisedFor === undefined ? { surprise: input.threshold, from: 'sensitivity' } : { surprise: input.threshold, from: 'sensitivity', raisedFor: input.raisedFor };
}

/** What a window must reach (a surprise, and with a novelty bar a size too), and what set it. */
function neededFor(w: WindowScore, index: number, track: WindowScore[], input: SignalInput): Needed {
  const history = input.history && (track === input.all ? input.history.all : track === input.negative ? input.history.negative : input.history.positive);
  const novelty = history?.novelty[index] ?? 0;
  const standard: Needed = novelty > 0 ? { ...standardNeeded(input), from: 'recent-surges', mentions: novelty } : standardNeeded(input);
  const recordEligible =
    index > 0 && input.historyTrusted === true && history !== undefined && w.observed >= RECORD_MIN_COUNT * input.minCount && (w.observed + 1) / (w.expected + 1) >= RECORD_RATIO;
  if (!recordEligible) return standard;
  const record = Math.max(RECORD_FLOOR, RECORD_MARGIN * (history.largest[index] ?? 0));
  return record < standard.surprise ? { surprise: record, from: 'record' } : standard;
}

function shareOf(kind: DetectionKind, input: SignalInput, index: number): ShareEvidence | null {
  if (kind === 'volume-spike') return null;
  const part = (kind === 'backlash' ? input.negative : input.positive)[index];
  const all = input.all[index];
  if (!part || !all) return null;
  const before = clampShare(all.expected > 0 ? part.expected / all.expected : 0);
  const during = all.observed > 0 ? part.observed / all.observed : 0;
  return { of: kind === 'backlash' ? 'negative' : 'positive', before, during, surprise: shareSurprise(part.observed, all.observed, before) };
}

function clampShare(share: number): number {
  return Math.min(0.99, Math.max(0.01, share));
}

const severityRank: Record<AlertSeverity, number> = { watch: 0, warning: 1, critical: 2 };

function higherSeverity(a: AlertSeverity, b: AlertSeverity): AlertSeverity {
  return severityRank[b] > severityRank[a] ? b : a;
}

/**
 * By surprise and size. Surprise is a log10 probability: warning and critical are ten thousand and
 * ten billion times less likely than the alert itself. Size: the window must be twice (warning) and
 * four times (critical) its expectation and hold 2x and 6x the minimum count, so fifteen angry
 * posts on a quiet topic are a warning until they become an hour-long pile-on; five minutes alone
 * are at most a warning.
 */
export function severityOf(w: WindowScore, threshold: number, windowIndex: number, minCount: number): AlertSeverity {
  const ratio = (w.observed + 1) / (w.expected + 1);
  const warning = w.surprise >= threshold + 4 && ratio >= 2 && w.observed >= 2 * minCount;
  if (warning && windowIndex > 0 && w.surprise >= threshold + 10 && ratio >= 4 && w.observed >= 6 * minCount) return 'critical';
  return warning ? 'warning' : 'watch';
}

function evidenceOf(w: WindowScore, index: number, share: ShareEvidence | null, input: SignalInput, needed: Needed): SignalEvidence {
  const sd = Math.sqrt(w.expected + w.dispersion * w.expected * w.expected);
  return {
    windowMinutes: Math.round((w.buckets * input.bucketMs) / 60_000),
    windowStart: windowStartOf(w, input),
    windowEnd: input.windowEnd,
    observed: w.observed,
    expected: round(w.expected),
    band: { low: round(Math.max(0, w.expected - 2 * sd)), high: round(w.expected + 2 * sd) },
    surprise: round(w.surprise),
    share: share && { ...share, before: round(share.before), during: round(share.during), surprise: round(share.surprise) },
    partialCoverage: input.partial[index] ?? false,
    needed: { ...needed, surprise: round(needed.surprise), ...(needed.mentions === undefined ? {} : { mentions: round(needed.mentions) }) },
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
