// Synthetic topic series for the detector tests, made by code (no recorded data): Poisson counts
// around a daily curve, with hooks for weekly peaks, growth, surges and outages.
import { BUCKET_MS } from '../../src/domain/bucket';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { DetectionBucket } from '../../src/detection/evaluate-topic';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** A Monday, midnight UTC. */
export const MONDAY = Date.UTC(2026, 0, 5);
/**
 * The budget of a test that runs the detector over weeks of 5-minute buckets for 10-40 seeds: 8-9 s
 * each on a slow day of the development machine, so the 20 s default leaves a shared CI machine too
 * little room. Their promises are about detection, not speed (bench/ measures that).
 */
export const SEED_SWEEP_TIMEOUT_MS = 60_000;

/**
 * Uniform draws in [0, 1) from xoroshiro128+ (pure-rand). Not a hand-written LCG: consecutive draws
 * of the 32-bit LCG this replaced were correlated, and the Poisson sampler multiplies consecutive
 * draws, so some seeds made buckets with odds of one in hundreds of millions under their own model.
 */
export function randomSource(seed: number): () => number {
  const rng = xoroshiro128plus(seed);
  return () => uniformFloat64(rng);
}

export function poisson(mean: number, random: () => number): number {
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
}

/** On a Monday (UTC, the generator's calendar), counted from MONDAY. */
export function isMonday(at: number): boolean {
  return (at - MONDAY) % (7 * DAY) < DAY;
}

/** Monday 9-17 h: the weekly peak of the seasonal test topics. */
export function isMondayDaytime(at: number): boolean {
  return isMonday(at) && at % DAY >= 9 * HOUR && at % DAY < 17 * HOUR;
}

/** Mentions per bucket expected at `at` for a topic with `perHour` mentions in an average hour. */
export function dailyCurve(at: number, perHour: number): number {
  const hour = (at % DAY) / HOUR;
  return (perHour / 12) * (1 + 0.6 * Math.sin(((hour - 9) / 24) * 2 * Math.PI));
}

export interface SeriesSpec {
  days: number;
  start?: number;
  seed?: number;
  /** Expected mentions per bucket at time `at` (default: dailyCurve with 60 an hour). */
  mean?: (at: number) => number;
  negativeShare?: (at: number) => number;
  positiveShare?: number;
  /** Extra negative / positive mentions per bucket (a surge). */
  extraNegative?: (at: number) => number;
  extraPositive?: (at: number) => number;
}

export function makeSeries(spec: SeriesSpec): DetectionBucket[] {
  const random = randomSource(spec.seed ?? 1);
  const start = spec.start ?? MONDAY;
  const out: DetectionBucket[] = [];
  for (let at = start; at < start + spec.days * DAY; at += BUCKET_MS) {
    const count = poisson((spec.mean ?? ((t) => dailyCurve(t, 60)))(at), random);
    let negative = 0;
    let positive = 0;
    const negShare = spec.negativeShare?.(at) ?? 0.2;
    for (let i = 0; i < count; i++) {
      const r = random();
      if (r < negShare) negative++;
      else if (r < negShare + (spec.positiveShare ?? 0.3)) positive++;
    }
    const extraNegative = poisson(spec.extraNegative?.(at) ?? 0, random);
    const extraPositive = poisson(spec.extraPositive?.(at) ?? 0, random);
    out.push({ bucketStart: at, count: count + extraNegative + extraPositive, negative: negative + extraNegative, positive: positive + extraPositive });
  }
  return out;
}
