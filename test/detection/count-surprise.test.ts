import { describe, expect, it } from 'vitest';
import { countDropSurprise, countSurprise, shareSurprise } from '../../src/detection/count-surprise';

describe('count surprise (-log10 of the upper tail)', () => {
  it.each([
    { name: 'Poisson(1), at least 3', observed: 3, expected: 1, dispersion: 0, surprise: -Math.log10(0.0803014) },
    { name: 'Poisson(1), at least 5', observed: 5, expected: 1, dispersion: 0, surprise: -Math.log10(0.00365985) },
    { name: 'Poisson(4), at least 10', observed: 10, expected: 4, dispersion: 0, surprise: -Math.log10(0.0081322) },
    // NB with size 2 (dispersion 0.5) and mean 2: P(X >= 6) = 0.0625 exactly.
    { name: 'negative binomial, size 2, mean 2, at least 6', observed: 6, expected: 2, dispersion: 0.5, surprise: -Math.log10(0.0625) },
    { name: 'no surprise at or below the mean', observed: 4, expected: 4, dispersion: 0.1, surprise: 0 },
  ])('$name', ({ observed, expected, dispersion, surprise }) => {
    // Dispersion is floored at 1e-4 (a Poisson for any count we will see): agreement to 1e-2 in log10.
    expect(countSurprise(observed, expected, dispersion)).toBeCloseTo(surprise, 2);
  });

  it('over-dispersion makes the same count less surprising', () => {
    expect(countSurprise(30, 10, 0.5)).toBeLessThan(countSurprise(30, 10, 0.01));
  });

  it('extreme tails stay finite (log space, no underflow)', () => {
    const s = countSurprise(5000, 10, 0.1);
    expect(Number.isFinite(s) && s > 50).toBe(true);
  });

  it.each([
    { name: 'binomial(10, 0.5), at least 8', hits: 8, trials: 10, share: 0.5, surprise: -Math.log10(56 / 1024) },
    { name: 'share at its baseline is no surprise', hits: 2, trials: 10, share: 0.2, surprise: 0 },
  ])('share: $name', ({ hits, trials, share, surprise }) => {
    expect(shareSurprise(hits, trials, share)).toBeCloseTo(surprise, 3);
  });
});

describe('drop surprise (-log10 of the lower tail)', () => {
  it.each([
    { name: 'Poisson(10), at most 2', observed: 2, expected: 10, dispersion: 0, surprise: -Math.log10(0.00276940) },
    { name: 'Poisson(2), nothing at all', observed: 0, expected: 2, dispersion: 0, surprise: -Math.log10(Math.exp(-2)) },
    // NB with size 2 (dispersion 0.5) and mean 2: P(X = 0) = (2 / 4)^2 = 0.25.
    { name: 'negative binomial, size 2, mean 2, nothing', observed: 0, expected: 2, dispersion: 0.5, surprise: -Math.log10(0.25) },
    { name: 'no surprise at or above the mean', observed: 10, expected: 10, dispersion: 0.1, surprise: 0 },
  ])('$name', ({ observed, expected, dispersion, surprise }) => {
    expect(countDropSurprise(observed, expected, dispersion)).toBeCloseTo(surprise, 2);
  });

  it('silence on a busy topic is extreme, on a quiet one it is ordinary', () => {
    expect(countDropSurprise(0, 600, 0.05)).toBeGreaterThan(20);
    expect(countDropSurprise(0, 1, 0.05)).toBeLessThan(1);
  });
});
