// One count series (all, negative or positive mentions of a topic) with its seasonal robust baseline.
//
// expected(t) = level x hourFactor[hour of day] x dayFactor[day of week]      (multiplicative)
// - level: EWMA with a one-day half-life, so steady growth (3x a month is ~4 % a day) is followed
//   within hours; the observation is winsorised at the band edge before it is learned, so a spike
//   moves the level by at most a band width per bucket instead of dragging it up to the spike.
// - hour and day factors: EWMAs of observed / (level x other factor) per slot, running means while a
//   slot is new, so a weekly peak is learned from the first week on.
// - dispersion, per window length: the spread of log((observed + 1/2) / (expected + 1/2)) over
//   the window, fitted at its 98th percentile, turned into a negative binomial dispersion
//   (variance of the log ~ 1/mean + dispersion). Longer windows get their own estimate because
//   bursts are correlated in time: an hour is less than 12 times calmer than 5 minutes.
import { countSurprise } from './count-surprise';

/** Window lengths in buckets: 5 minutes, 1 hour, 6 hours with 5-minute buckets. */
export const WINDOW_BUCKETS = [1, 12, 72] as const;
const RING = 72;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const MIN_DISPERSION = 0.02;
const MAX_DISPERSION = 4;
const MIN_EXPECTED = 0.01;
/** Winsorise at this many standard deviations of the one-bucket model. */
const CLIP_SD = 3;
/** Share of buckets above the fitted shoulder, and its normal quantile (P(|Z| > 2.326) = 0.02). */
const SHOULDER_TAIL = 0.02;
const SHOULDER_Z = 2.326;
/** Smallest step of the shoulder tracker (steps are larger while the track is young). */
const SHOULDER_STEP = 0.01;

export interface TrackState {
  level: number;
  hour: number[];
  hourSeen: number[];
  day: number[];
  daySeen: number[];
  logScale: number[];
  /** Buckets learned from (full coverage only). */
  seen: number;
  /** The last RING counts and the expectations they were judged against, newest last. */
  counts: number[];
  expected: number[];
}

export interface WindowScore {
  buckets: number;
  observed: number;
  expected: number;
  dispersion: number;
  surprise: number;
}

export interface TrackRates {
  /** Per-bucket EWMA weights, from half-lives. */
  level: number;
  hour: number;
  day: number;
}

export function ratesFor(bucketMs: number): TrackRates {
  // Half-lives counted in updates of the slot: the level learns every bucket, an hour-of-day slot
  // 1 hour a day, a day-of-week slot 1 day a week.
  const perUpdate = (halfLifeMs: number, updatesPerMs: number) => 1 - Math.pow(2, -1 / Math.max(1, halfLifeMs * updatesPerMs));
  const perBucket = 1 / bucketMs;
  return {
    level: perUpdate(DAY_MS, perBucket),
    hour: perUpdate(7 * DAY_MS, perBucket / 24),
    day: perUpdate(21 * DAY_MS, perBucket / 7),
  };
}

export function createTrack(): TrackState {
  return {
    level: 0,
    hour: Array(24).fill(1),
    hourSeen: Array(24).fill(0),
    day: Array(7).fill(1),
    daySeen: Array(7).fill(0),
    logScale: WINDOW_BUCKETS.map(() => 0.4),
    seen: 0,
    counts: [],
    expected: [],
  };
}

function slots(at: number, offsetMs: number): { hour: number; day: number } {
  const local = at + offsetMs;
  const hour = Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);
  // 1970-01-01 was a Thursday; 0 = Monday.
  const day = (((Math.floor(local / DAY_MS) + 3) % 7) + 7) % 7;
  return { hour, day };
}

export function expectedCount(track: TrackState, at: number, offsetMs: number): number {
  const { hour, day } = slots(at, offsetMs);
  return Math.max(MIN_EXPECTED, track.level * (track.hour[hour] ?? 1) * (track.day[day] ?? 1));
}

export function dispersionFor(track: TrackState, windowIndex: number, expected: number): number {
  const scale = track.logScale[windowIndex] ?? 0.5;
  const alpha = scale * scale - 1 / (expected + 0.5);
  return Math.min(MAX_DISPERSION, Math.max(MIN_DISPERSION, alpha));
}

function sumLast(values: number[], n: number): number {
  let sum = 0;
  for (let i = Math.max(0, values.length - n); i < values.length; i++) sum += values[i] as number;
  return sum;
}

/** Scores of the windows ending at the newest bucket. */
export function scoreWindows(track: TrackState): WindowScore[] {
  return WINDOW_BUCKETS.map((buckets, i) => {
    const observed = sumLast(track.counts, buckets);
    const expected = sumLast(track.expected, buckets);
    const dispersion = dispersionFor(track, i, expected);
    return { buckets, observed, expected, dispersion, surprise: countSurprise(observed, expected, dispersion) };
  });
}

/** Appends one bucket to the ring, judged against the baseline as it stood before the bucket. */
export function pushCount(track: TrackState, count: number, at: number, offsetMs: number): void {
  track.counts.push(count);
  track.expected.push(track.seen > 0 ? expectedCount(track, at, offsetMs) : Math.max(MIN_EXPECTED, count));
  if (track.counts.length > RING) {
    track.counts.shift();
    track.expected.shift();
  }
}

/** Replaces a recent count (late items counted at their published time); the baseline is not re-learned. */
export function reviseCount(track: TrackState, stepsBack: number, count: number): void {
  const index = track.counts.length - 1 - stepsBack;
  if (index >= 0) track.counts[index] = count;
}

/** Learns the newest bucket (already pushed) into level, seasonal factors and dispersion. */
export function learnNewest(track: TrackState, at: number, offsetMs: number, rates: TrackRates, windows: WindowScore[]): void {
  const count = track.counts[track.counts.length - 1] ?? 0;
  const expected = track.expected[track.expected.length - 1] ?? count;
  const { hour, day } = slots(at, offsetMs);
  let clipped = count;
  if (track.seen > 0) {
    const dispersion = windows[0]?.dispersion ?? MIN_DISPERSION;
    const sd = Math.sqrt(expected + dispersion * expected * expected);
    clipped = Math.min(Math.max(count, expected - CLIP_SD * sd), expected + CLIP_SD * sd);
  }
  const hourFactor = track.hour[hour] ?? 1;
  const dayFactor = track.day[day] ?? 1;
  const levelBefore = track.seen > 0 ? track.level : clipped / (hourFactor * dayFactor);
  track.level += Math.max(rates.level, 1 / (track.seen + 1)) * (clipped / (hourFactor * dayFactor) - track.level);
  if (levelBefore > 0) {
    const hourSeen = track.hourSeen[hour] ?? 0;
    const daySeen = track.daySeen[day] ?? 0;
    track.hour[hour] = clampFactor(hourFactor + Math.max(rates.hour, 1 / (hourSeen + 1)) * (clipped / (levelBefore * dayFactor) - hourFactor));
    track.day[day] = clampFactor(dayFactor + Math.max(rates.day, 1 / (daySeen + 1)) * (clipped / (levelBefore * hourFactor) - dayFactor));
    track.hourSeen[hour] = hourSeen + 1;
    track.daySeen[day] = daySeen + 1;
  }
  if (track.seen > 0) learnDispersion(track, windows);
  track.seen += 1;
  if (track.seen % 288 === 0) normaliseFactors(track);
}

/**
 * Tracks the 98th percentile of |log ratio| by stochastic approximation (one small multiplicative
 * step per bucket, so a spike moves it by one step, not by its size) and stores it as a normal scale.
 * Fitting the spread at the shoulder rather than the body makes bursty series (many small retweet
 * storms) honestly wide, while a calm series keeps a tight band.
 */
function learnDispersion(track: TrackState, windows: WindowScore[]): void {
  const step = Math.max(SHOULDER_STEP, 2 / (track.seen + 10));
  windows.forEach((w, i) => {
    const quantile = (track.logScale[i] ?? 0.5) * SHOULDER_Z;
    const deviation = Math.abs(Math.log((w.observed + 0.5) / (w.expected + 0.5)));
    const next = quantile * Math.exp(step * (deviation > quantile ? 1 - SHOULDER_TAIL : -SHOULDER_TAIL));
    track.logScale[i] = next / SHOULDER_Z;
  });
}

function clampFactor(value: number): number {
  return Math.min(20, Math.max(0.05, value));
}

/** Keeps hour and day factors at mean 1 once every slot has been seen, moving the scale into level. */
function normaliseFactors(track: TrackState): void {
  for (const [factors, seen] of [[track.hour, track.hourSeen], [track.day, track.daySeen]] as const) {
    if (seen.some((n) => n === 0)) continue;
    const mean = factors.reduce((a, b) => a + b, 0) / factors.length;
    if (!(mean > 0)) continue;
    for (let i = 0; i < factors.length; i++) factors[i] = (factors[i] as number) / mean;
    track.level *= mean;
  }
}
