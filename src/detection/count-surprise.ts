// Surprise = -log10 of an upper tail probability: 2 means "1 in 100", 6 means "1 in a million".
// Counts, not z-scores: a brand with 0-5 mentions an hour has no meaningful standard deviation,
// but "7 mentions when 0.8 were expected" has an exact, small tail probability.
import { logIncompleteBeta } from './log-incomplete-beta';

const LN10 = Math.LN10;
/** Below this the negative binomial is a Poisson for every count we will ever see. */
const MIN_DISPERSION = 1e-4;

/**
 * Surprise of seeing at least `observed` when a negative binomial with this mean and dispersion was
 * expected (variance = mean + dispersion * mean^2; dispersion 0 is Poisson). 0 when observed <= mean.
 */
export function countSurprise(observed: number, expected: number, dispersion: number): number {
  const k = Math.round(observed);
  if (k <= 0 || k <= expected) return 0;
  const mean = Math.max(expected, 1e-6);
  const size = 1 / Math.max(dispersion, MIN_DISPERSION);
  // P(X >= k) = I_q(k, size) with q = mean / (mean + size): the NB upper tail as an incomplete beta.
  const q = mean / (mean + size);
  return Math.max(0, -logIncompleteBeta(q, k, size) / LN10);
}

/**
 * Surprise of seeing at most `observed` under the same negative binomial: how unlikely a drop is.
 * 0 when observed >= mean. The lower tail of a count can never be very small when the mean is
 * small (P(0) under Poisson(2) is 0.14), which is what keeps a quiet topic's quiet night silent.
 */
export function countDropSurprise(observed: number, expected: number, dispersion: number): number {
  const k = Math.round(observed);
  if (k < 0 || k >= expected) return 0;
  const mean = Math.max(expected, 1e-6);
  const size = 1 / Math.max(dispersion, MIN_DISPERSION);
  // P(X <= k) = 1 - I_q(k + 1, size) = I_{1-q}(size, k + 1).
  const q = mean / (mean + size);
  return Math.max(0, -logIncompleteBeta(1 - q, size, k + 1) / LN10);
}

/**
 * Surprise of at least `hits` out of `trials` under a binomial with probability `share`: the
 * proportion test behind "negative share clearly above its baseline share".
 */
export function shareSurprise(hits: number, trials: number, share: number): number {
  const k = Math.round(hits);
  const n = Math.round(trials);
  if (k <= 0 || n <= 0 || k <= share * n) return 0;
  if (k > n) return shareSurprise(n, n, share);
  const p = Math.min(Math.max(share, 1e-6), 1 - 1e-6);
  // P(K >= k) = I_p(k, n - k + 1).
  return Math.max(0, -logIncompleteBeta(p, k, n - k + 1) / LN10);
}
