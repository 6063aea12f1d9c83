import { describe, expect, it } from 'vitest';
import { planLateSweep } from '../../src/sources/late-sweep';
import { lateSweepWindow } from '../../src/sources/search-window';

const hour = 3_600_000;
const now = 10 * hour;

describe('late sweep', () => {
  it.each([
    { name: 'a first run reads its look-back: no sweep, the clock starts', firstRun: true, busy: false, sweptAt: undefined, expected: { sweep: false, sweptAt: now } },
    { name: 'never swept (a cursor from before sweeps)', firstRun: false, busy: false, sweptAt: undefined, expected: { sweep: true, sweptAt: now } },
    { name: 'swept a period ago', firstRun: false, busy: false, sweptAt: now - hour, expected: { sweep: true, sweptAt: now } },
    { name: 'swept less than a period ago', firstRun: false, busy: false, sweptAt: now - hour + 1, expected: { sweep: false, sweptAt: now - hour + 1 } },
    { name: 'a sweep time in the future (a clock set back)', firstRun: false, busy: false, sweptAt: now + hour, expected: { sweep: true, sweptAt: now } },
    { name: 'due, but busy (a gap open, the budget spent): the first calm crawl sweeps', firstRun: false, busy: true, sweptAt: now - 2 * hour, expected: { sweep: false, sweptAt: now - 2 * hour } },
  ])('$name', ({ firstRun, busy, sweptAt, expected }) => {
    expect(planLateSweep({ firstRun, busy, sweptAt, now, periodMs: hour })).toEqual(expected);
  });

  it('reads the span that ends where the fresh window begins', () => {
    expect(lateSweepWindow(500, 200)).toEqual({ kind: 'late', after: 300, before: 500 });
  });
});
