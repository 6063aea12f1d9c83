// One count series (all, negative or positive mentions of a topic) with its seasonal robust baseline.
//
// expected(t) = level x hourShape[hour of day] x dayShape[day of week] x weekHour(t)   (multiplicative)
// - level: EWMA with a one-day half-life, so steady growth (3x a month is ~4 % a day) is followed
//   within hours; the observation is winsorised at the band edge before it is learned, so a spike
//   moves the level by at most a band width per bucket instead of dragging it up to the spike.
// - shapes: per slot an EWMA of the counts themselves (divided only by the other, smooth shape),
//   read as slot mean / mean of the seen slots. Averaging counts, not ratios to a noisy level,
//   keeps a topic with 0-2 mentions a bucket from drifting (a ratio of noisy numbers is biased up).
//   Running means while a slot is new, so a weekly peak is learned from the first week on.
//   A topic's negative and positive tracks use its all-mentions shapes (`profile`) and learn only
//   their level: a few mentions an hour cannot teach 31 slots. (Their own shape arrays stay in the
//   state, unused, so older states read the same.)
// - weekHour: 1, except for an hour of the week that was clearly busier than the two shapes
//   multiplied two weeks running (a Monday-daytime-only peak); see week-hours. The level and the
//   shapes learn the count divided by it, so the peak lives in one place.
// - dispersion, per window length: the spread of log((observed + 1/2) / (expected + 1/2)) over
//   the window (winsorised RMS, two-day half-life), turned into a negative binomial dispersion
//   (variance of the log ~ 1/mean + dispersion). Longer windows get their own estimate because
//   bursts are correlated in time: an hour is less than 12 times calmer than 5 minutes.
import { countSurprise } from './count-surprise';
import type { SurpriseEpisode } from './surge-novelty';
import { bucketsPerHour, hourOfWeek, learnWeekHour, localHourOf, shiftWeekHours, weekHourFactor, type WeekHours } from './week-hours';

/** Window lengths in buckets: 5 minutes, 1 hour, 6 hours with 5-minute buckets. */
export const WINDOW_BUCKETS = [1, 12, 72] as const;
const RING = 72;
const HOUR_MS = 3_600_000;

/**
 * The windows for a bucket length: one bucket, about an hour, about 6 hours, never longer than the
 * 5-minute windows (the ring holds 72 buckets). Topics always use 5-minute buckets; `detect` reads
 * series at any interval, and an hourly or daily series' spike must not need twelve hours or twelve
 * days of surge behind it: there the windows close up ([1, 1, 6] hourly, [1, 1, 1] daily).
 */
export function windowBucketsFor(bucketMs: number): readonly number[] {
  const span = (ms: number, most: number) => Math.min(most, Math.max(1, Math.round(ms / bucketMs)));
  return [1, span(HOUR_MS, WINDOW_BUCKETS[1]), span(6 * HOUR_MS, WINDOW_BUCKETS[2])];
}
const DAY_MS = 86_400_000;
/** The spread (RMS log ratio) a track starts from, and reads for a window it has none for yet. */
const DEFAULT_LOG_SCALE = 0.4;
const MIN_DISPERSION = 0.02;
const MAX_DISPERSION = 4;
const MIN_EXPECTED = 0.01;
/** Winsorise at this many standard deviations of the one-bucket model... */
const CLIP_SD = 3;
/**
 * ...but, while the hour is calm (surprise under 2, the "near baseline" of score-signals), never
 * below 2 mentions. On a sparse track (a negative mention an hour: 0.08 a bucket) the band's edge is
 * under 1, so every single mention was learned as 0.7 of one and the level, and the expected share
 * with it, settled low: ordinary afternoons of a small topic then passed the share test (2 of 20
 * synthetic 6-an-hour topics alarmed on their first day). During a surge the band still holds, so the
 * surge cannot drag the level up to itself (a floor at all times cost small backlashes: 6 of 20 missed).
 */
const CLIP_FLOOR = 2;
const CALM_SURPRISE = 2;
/**
 * Spread: half-life of two days, but never fewer than 48 buckets (a spread needs samples: at daily
 * buckets two days would be two of them), and the winsorising point.
 */
const SPREAD_HALF_LIFE_MS = 2 * DAY_MS;
const SPREAD_MIN_HALF_LIFE_BUCKETS = 48;
const WINSOR_SD = 6;
/** Pseudo-buckets at the mean that a young hour or day slot starts from, at 5-minute buckets (two hours). */
const SHAPE_PRIOR = 24;
/**
 * After the topic's sources change, the level's running mean starts from this many buckets (an hour)
 * at the old level: one bucket of the new regime is too noisy to be the whole expectation.
 */
const RELEARN_PRIOR = 12;
/** ...and learns a bucket of the new regime up to this many times the old expectation (plus the band). */
const RELEARN_CLIP = 4;
/**
 * The spread's running mean starts from an hour's worth of buckets (12 at 5 minutes, at least one) at
 * the prior spread: its first sample is one bucket, and when that bucket is a surge (a topic can have
 * its first storm on its second day) it would otherwise become the whole spread and hide the surge.
 */
const SPREAD_PRIOR_MS = HOUR_MS;
/**
 * While the spread is young (two days of learning), buckets where a window is this surprising (one in
 * a million, the medium alert bar) are left out of it. Only then: a mature spread must keep learning
 * the bursts of a bursty topic (left out always, NAB's ten mention series went 73.8 -> 70.8).
 */
const YOUNG_SPREAD_DAYS = 2;
const STORM_SURPRISE = 6;

export interface TrackState {
  level: number;
  hour: number[];
  hourSeen: number[];
  day: number[];
  daySeen: number[];
  /** Per window: RMS of the log ratio of observed to expected (the spread the dispersion comes from). */
  logScale: number[];
  /** Buckets learned from (full coverage only). */
  seen: number;
  /** The last RING counts and the expectations they were judged against, newest last. */
  counts: number[];
  expected: number[];
  /** Per window: the recent surprise episodes that set its novelty bar (surge-novelty). Absent in older states. */
  episodes?: SurpriseEpisode[][];
  /** The hours of the week the shapes cannot hold (week-hours); only on a track that is its own profile. Absent in older states. */
  weekHours?: WeekHours;
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
  /** The spread is learned only after a day: before that the expectation itself is still a guess. */
  bucketsPerDay: number;
  /** Pseudo-buckets at the mean a young slot starts from: two hours' worth, at least one. */
  shapePrior: number;
  /** The spread's EWMA weight per bucket, and the pseudo-buckets its running mean starts from. */
  spread: number;
  spreadPrior: number;
  /** Window lengths in buckets (windowBucketsFor). */
  windows: readonly number[];
  /** Buckets per hour for the week-hour ratios; 0 when buckets are longer than an hour (week-hours is then off). */
  perHour: number;
}

const ratesCache = new Map<number, TrackRates>();

export function ratesFor(bucketMs: number): TrackRates {
  const cached = ratesCache.get(bucketMs);
  if (cached) return cached;
  // Half-lives counted in updates of the slot: the level learns every bucket, an hour-of-day slot
  // 1 hour a day, a day-of-week slot 1 day a week.
  const perUpdate = (halfLifeMs: number, updatesPerMs: number) => 1 - Math.pow(2, -1 / Math.max(1, halfLifeMs * updatesPerMs));
  const perBucket = 1 / bucketMs;
  const rates = {
    level: perUpdate(DAY_MS, perBucket),
    hour: perUpdate(7 * DAY_MS, perBucket / 24),
    day: perUpdate(21 * DAY_MS, perBucket / 7),
    bucketsPerDay: Math.round(DAY_MS / bucketMs),
    shapePrior: Math.max(1, Math.round((SHAPE_PRIOR * 5 * 60_000) / bucketMs)),
    // Per bucket, not per 5 minutes: before, an hourly or daily series learned its spread 12 or 288
    // times too slowly and kept the starting guess for months (a 3x day went unseen on daily series).
    spread: 1 - Math.pow(2, -1 / Math.max(SPREAD_MIN_HALF_LIFE_BUCKETS, SPREAD_HALF_LIFE_MS / bucketMs)),
    spreadPrior: Math.max(1, Math.round(SPREAD_PRIOR_MS / bucketMs)),
    windows: Object.freeze(windowBucketsFor(bucketMs)),
    perHour: bucketsPerHour(bucketMs),
  };
  ratesCache.set(bucketMs, rates);
  return rates;
}

export function createTrack(): TrackState {
  return {
    level: 0,
    hour: Array(24).fill(0),
    hourSeen: Array(24).fill(0),
    day: Array(7).fill(0),
    daySeen: Array(7).fill(0),
    logScale: WINDOW_BUCKETS.map(() => DEFAULT_LOG_SCALE),
    seen: 0,
    counts: [],
    expected: [],
  };
}

export function cloneTrack(track: TrackState): TrackState {
  return {
    ...track,
    hour: track.hour.slice(),
    hourSeen: track.hourSeen.slice(),
    day: track.day.slice(),
    daySeen: track.daySeen.slice(),
    logScale: track.logScale.slice(),
    counts: track.counts.slice(),
    expected: track.expected.slice(),
    ...(track.weekHours ? { weekHours: { ...track.weekHours, excess: track.weekHours.excess.slice() } } : {}),
    ...(track.episodes ? { episodes: track.episodes.map((list) => list.map((episode) => episode.slice() as SurpriseEpisode)) } : {}),
  };
}

/**
 * The track under a local clock `hours` later (the topic's local time setting changed, not a
 * daylight-saving change, which the clock's people follow): each hour-of-day slot's learning moves to
 * the slot that hour now has, so the learned day stays on the real hours it was learned from. The
 * day-of-week shape stays: a few hours move a sliver of each day into the next.
 */
export function shiftLocalHours(track: TrackState, hours: number): void {
  const rotate = (slots: number[]) => slots.map((_, i) => slots[(((i - hours) % 24) + 24) % 24] ?? 0);
  track.hour = rotate(track.hour);
  track.hourSeen = rotate(track.hourSeen);
  if (track.weekHours) track.weekHours = shiftWeekHours(track.weekHours, hours);
  shiftDayShape(track, hours);
}

/**
 * The day shape, moved with the clock. A day slot cannot move by part of a day, so each new local day
 * takes the mean of the old days its 24 hours fell in (seen days only): a topic whose UTC Saturdays
 * are busy, set to UTC+12, expects half of that on local Saturday and half on local Sunday, instead
 * of all of it on local Saturday and a weekday's level through the busy half that is now Sunday.
 */
function shiftDayShape(track: TrackState, hours: number): void {
  const day: number[] = [];
  const daySeen: number[] = [];
  for (let d = 0; d < 7; d++) {
    let sum = 0;
    let seenDays = 0;
    let seen = 0;
    for (let h = 0; h < 24; h++) {
      const old = Math.floor(((((d * 24 + h - hours) % 168) + 168) % 168) / 24);
      const n = track.daySeen[old] ?? 0;
      seen += n;
      if (n === 0) continue;
      sum += track.day[old] ?? 0;
      seenDays++;
    }
    day.push(seenDays === 0 ? 0 : sum / seenDays);
    daySeen.push(Math.round(seen / 24));
  }
  track.day = day;
  track.daySeen = daySeen;
}

/** Hour-of-day and day-of-week slots (0 = Monday) of a local hour since the epoch. */
function slots(localHour: number): { hour: number; day: number } {
  const hourOfTheWeek = hourOfWeek(localHour);
  return { hour: hourOfTheWeek % 24, day: Math.floor(hourOfTheWeek / 24) };
}

/** The week-hour factor of `profile` for a local hour, gated by the profile's spread of an hour now. */
function weekHourFactorOf(profile: TrackState, localHour: number): number {
  return weekHourFactor(profile.weekHours, localHour, profile.logScale[1] ?? DEFAULT_LOG_SCALE);
}

/** `profile`: the track whose hour and day shapes apply (the topic's all-mentions track for its tone tracks). */
export function expectedCount(track: TrackState, at: number, offsetMs: number, prior: number, profile: TrackState = track): number {
  const localHour = localHourOf(at, offsetMs);
  const { hour, day } = slots(localHour);
  const separable = track.level * shapeOf(profile.hour, profile.hourSeen, hour, prior) * shapeOf(profile.day, profile.daySeen, day, prior);
  return Math.max(MIN_EXPECTED, separable * weekHourFactorOf(profile, localHour));
}

/**
 * A slot's mean over the mean of the seen slots, shrunk towards 1 while the slot is young (as if
 * it had started with SHAPE_PRIOR buckets at the mean): the first buckets of a new weekday say
 * little, and with 0-2 mentions a bucket one of them would otherwise set the whole day's shape.
 */
function shapeOf(sums: number[], seen: number[], slot: number, prior: number): number {
  const n = seen[slot] ?? 0;
  if (n === 0) return 1;
  let total = 0;
  let count = 0;
  for (let i = 0; i < sums.length; i++) {
    if ((seen[i] ?? 0) > 0) {
      total += sums[i] as number;
      count++;
    }
  }
  if (!(total > 0)) return 1;
  const trust = n / (n + prior);
  return Math.min(20, Math.max(0.05, trust * (((sums[slot] as number) * count) / total) + (1 - trust)));
}

export function dispersionFor(track: TrackState, windowIndex: number, expected: number): number {
  const scale = track.logScale[windowIndex] ?? DEFAULT_LOG_SCALE;
  // Variance of the log of a negative binomial count ~ 1/mean (Poisson part) + dispersion.
  const alpha = scale * scale - 1 / (expected + 0.5);
  return Math.min(MAX_DISPERSION, Math.max(MIN_DISPERSION, alpha));
}

function sumLast(values: number[], n: number): number {
  let sum = 0;
  for (let i = Math.max(0, values.length - n); i < values.length; i++) sum += values[i] as number;
  return sum;
}

/** Scores of the windows ending at the newest bucket. */
export function scoreWindows(track: TrackState, windows: readonly number[]): WindowScore[] {
  return windows.map((buckets, i) => {
    const observed = sumLast(track.counts, buckets);
    const expected = sumLast(track.expected, buckets);
    const dispersion = dispersionFor(track, i, expected);
    return { buckets, observed, expected, dispersion, surprise: countSurprise(observed, expected, dispersion) };
  });
}

/** Appends one bucket to the ring, judged against the baseline as it stood before the bucket. */
export function pushCount(track: TrackState, count: number, at: number, offsetMs: number, shapePrior: number, profile: TrackState = track): void {
  track.counts.push(count);
  track.expected.push(track.seen > 0 ? expectedCount(track, at, offsetMs, shapePrior, profile) : Math.max(MIN_EXPECTED, count));
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

/**
 * Learns the newest bucket (already pushed) into level, seasonal factors and dispersion.
 * `relearning`: buckets since the topic's sources changed (null when they have not lately): the level
 * then follows a running mean of the new regime, and the spread waits until the expectation has
 * caught up, as it does on a topic's first day.
 */
export function learnNewest(track: TrackState, at: number, offsetMs: number, rates: TrackRates, windows: WindowScore[], relearning: number | null = null, profile: TrackState = track): void {
  const count = track.counts[track.counts.length - 1] ?? 0;
  const expected = track.expected[track.expected.length - 1] ?? count;
  const localHour = localHourOf(at, offsetMs);
  const { hour, day } = slots(localHour);
  const hourShape = shapeOf(profile.hour, profile.hourSeen, hour, rates.shapePrior);
  const dayShape = shapeOf(profile.day, profile.daySeen, day, rates.shapePrior);
  // Against the level and shapes as they stood when the bucket was judged (they learn below). Not
  // while the sources change: the expectation is then catching up, and the hour is left unmeasured.
  if (profile === track && track.seen > 0 && rates.perHour > 0 && relearning === null) {
    track.weekHours = learnWeekHour(track.weekHours, localHour, count, track.level * hourShape * dayShape, rates.perHour);
  }
  // The part of the count the week-hour factor expects is not the level's or the shapes' to learn.
  // Learned into them, a Monday-only peak raised every day's afternoon (the hour shape) and Monday's
  // night (the day shape): those misfits widened the spread, and a half-hourly series' one-interval
  // 2.5x spike on a Wednesday went unseen on 40 of 40 seeds (36 of 40 found now).
  const factor = weekHourFactorOf(profile, localHour);
  let clipped = count;
  let learned = count;
  if (track.seen > 0) {
    const dispersion = windows[0]?.dispersion ?? MIN_DISPERSION;
    const sd = Math.sqrt(expected + dispersion * expected * expected);
    // While the hour is calm, a bucket of one or two mentions is ordinary whatever the band says.
    const calm = (windows[1]?.surprise ?? Infinity) < CALM_SURPRISE;
    clipped = Math.min(Math.max(count, expected - CLIP_SD * sd), calm ? Math.max(CLIP_FLOOR, expected + CLIP_SD * sd) : expected + CLIP_SD * sd);
    // While relearning, the old band no longer describes the topic (a new source may have tripled
    // it): the level may follow a several-fold change, but one burst still cannot carry it away.
    learned = relearning === null ? clipped : Math.min(count, RELEARN_CLIP * expected + CLIP_SD * sd);
  }
  const levelRate = Math.max(rates.level, 1 / (track.seen + 1), relearning === null ? 0 : 1 / (relearning + RELEARN_PRIOR));
  track.level += levelRate * (learned / (hourShape * dayShape * factor) - track.level);
  // A tone track follows the all-mentions profile (see TrackState); only a track that is its own profile learns one.
  if (profile === track) {
    const hourSeen = track.hourSeen[hour] ?? 0;
    const daySeen = track.daySeen[day] ?? 0;
    const hourSum = track.hour[hour] ?? 0;
    const daySum = track.day[day] ?? 0;
    track.hour[hour] = hourSum + Math.max(rates.hour, 1 / (hourSeen + 1)) * (clipped / (dayShape * factor) - hourSum);
    track.day[day] = daySum + Math.max(rates.day, 1 / (daySeen + 1)) * (clipped / (hourShape * factor) - daySum);
    track.hourSeen[hour] = hourSeen + 1;
    track.daySeen[day] = daySeen + 1;
  }
  const settled = relearning === null || relearning >= rates.bucketsPerDay / 4;
  const bucketsLearned = track.seen - rates.bucketsPerDay;
  // A young spread (its first two days) is a running mean of few samples: a topic's first storm, a
  // day or two after it was created, would become most of it within the storm (hour-window spread
  // 0.56 -> 3.2 in two hours) and stall its own surprise, so a pile-on of 120x the expected negatives
  // stayed a warning. Until the spread has two days behind it, storm buckets are not learned from.
  const stormInYouth = bucketsLearned < YOUNG_SPREAD_DAYS * rates.bucketsPerDay && windows.some((w) => w.surprise >= STORM_SURPRISE);
  if (track.seen >= rates.bucketsPerDay && settled && !stormInYouth) learnDispersion(track, windows, rates, bucketsLearned);
  track.seen += 1;
}

/**
 * The spread of the log ratio as a root mean square (EWMA of the squared deviation, winsorised at
 * WINSOR_SD spreads so one spike moves it by a bounded step). RMS rather than a mean absolute
 * deviation: burstier series have heavier tails, and the RMS grows with them. (Tried: moments on
 * the count scale, E[(S-M)^2 - M] / E[M^2]; busy hours and bursts dominate it and it scored 50-65
 * on the NAB dev set against 76 for this.)
 */
function learnDispersion(track: TrackState, windows: WindowScore[], rates: TrackRates, bucketsLearned: number): void {
  const rate = Math.max(rates.spread, 1 / (1 + rates.spreadPrior + bucketsLearned));
  windows.forEach((w, i) => {
    const scale = track.logScale[i] ?? DEFAULT_LOG_SCALE;
    const deviation = Math.min(WINSOR_SD * scale, Math.abs(Math.log((w.observed + 0.5) / (w.expected + 0.5))));
    track.logScale[i] = Math.sqrt(scale * scale + rate * (deviation * deviation - scale * scale));
  });
}

