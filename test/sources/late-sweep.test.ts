import { describe, expect, it } from 'vitest';
import { planLateSweep } from '../../src/sources/late-sweep';
import { lateSweepWindow } from '../../src/sources/search-window';

const hour = 3_600_000;
const now = 10 * hour;

describe('late sweep', () => {
  it.each([
    { name: 'a first run reads its look-back: no sweep, the clock starts', firstRun: true, gapOpen: false, sweptAt: undefined, expected: { sweep: false, sweptAt: now } },
    { name: 'never swept (a cursor from before sweeps)', firstRun: false, gapOpen: false, sweptAt: undefined, expected: { sweep: true, sweptAt: now } },
    { name: 'swept a period ago', firstRun: false, gapOpen: false, sweptAt: now - hour, expected: { sweep: true, sweptAt: now } },
    { name: 'swept less than a period ago', firstRun: false, gapOpen: false, sweptAt: now - hour + 1, expected: { sweep: false, sweptAt: now - hour + 1 } },
    { name: 'a sweep time in the future (a clock set back)', firstRun: false, gapOpen: false, sweptAt: now + hour, expected: { sweep: true, sweptAt: now } },
    { name: 'due, but a gap is open: the first calm crawl sweeps', firstRun: false, gapOpen: true, sweptAt: now - 2 * hour, expected: { sweep: false, sweptAt: now - 2 * hour } },
  ])('$name', ({ firstRun, gapOpen, sweptAt, expected }) => {
    expect(planLateSweep({ firstRun, gapOpen, sweptAt, now, periodMs: hour })).toEqual(expected);
  });

  it('reads the span that ends where the fresh window begins', () => {
    expect(lateSweepWindow(500, 200)).toEqual({ kind: 'late', after: 300, before: 500 });
  });
});
