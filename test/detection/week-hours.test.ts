import { describe, expect, it } from 'vitest';
import { bucketsPerHour, learnWeekHour, localHourOf, shiftWeekHours, weekHourFactor, type WeekHours } from '../../src/detection/week-hours';

const HOUR = 3_600_000;
/** Local hours since the epoch of Monday 5 Jan 2026, 00:00 UTC. */
const MONDAY = localHourOf(Date.UTC(2026, 0, 5), 0);
const WEEK = 168;

/** Feeds whole hours (12 buckets of `count` against `expected` each) at the given local hours, then one bucket later to close the last. */
function feed(hours: { at: number; count: number; expected: number; buckets?: number }[]): WeekHours {
  let week: WeekHours | undefined;
  for (const { at, count, expected, buckets = 12 } of hours) {
    for (let b = 0; b < buckets; b++) week = learnWeekHour(week, at, count, expected, 12);
  }
  const last = hours[hours.length - 1]?.at ?? 0;
  return learnWeekHour(week, last + 1, 1, 1, 12);
}

/** The track's RMS log ratio of an hour, when the factor is read. */
const SPREAD = 0.1;

describe('week hours', () => {
  it('numbers the hours of the week from Monday 00:00 in local time', () => {
    // Monday 9:00 two weeks apart is the same hour of the week; with a UTC offset of +2 h, 7:00 UTC is 9:00 local.
    const week = feed([{ at: MONDAY + 9, count: 30, expected: 10 }, { at: MONDAY + WEEK + 9, count: 30, expected: 10 }]);
    expect(weekHourFactor(week, MONDAY + 2 * WEEK + 9, SPREAD)).toBeCloseTo(360.5 / 120.5, 2);
    expect(localHourOf(Date.UTC(2026, 0, 5, 7), 2 * HOUR)).toBe(MONDAY + 9);
  });

  it.each([
    { name: 'no history', hours: [], factor: 1 },
    { name: 'one week only', hours: [{ at: MONDAY + 9, count: 30, expected: 10 }], factor: 1 },
    { name: 'two clearly busier weeks: the smaller of the two', hours: [{ at: MONDAY + 9, count: 30, expected: 10 }, { at: MONDAY + WEEK + 9, count: 20, expected: 10 }], factor: 240.5 / 120.5 },
    // 2 x the spread of 0.4 is 0.8: 2x (log 0.69) is not clear enough.
    { name: 'busier, but within twice the spread', hours: [{ at: MONDAY + 9, count: 20, expected: 10 }, { at: MONDAY + WEEK + 9, count: 20, expected: 10 }], spread: 0.4, factor: 1 },
    // The spread is the topic's now, not when the hours were measured: a young topic's wide spread
    // (its unlearned peak is part of it) does not keep an hour it measured then from counting later.
    { name: 'the same two weeks, read once the spread has narrowed to 0.3', hours: [{ at: MONDAY + 9, count: 20, expected: 10 }, { at: MONDAY + WEEK + 9, count: 20, expected: 10 }], spread: 0.3, factor: 240.5 / 120.5 },
    { name: 'one busier week and one ordinary', hours: [{ at: MONDAY + 9, count: 30, expected: 10 }, { at: MONDAY + WEEK + 9, count: 10, expected: 10 }], factor: 1 },
    // Never lower: two quiet weeks leave the hour as the shapes expect it.
    { name: 'two quieter weeks', hours: [{ at: MONDAY + 9, count: 2, expected: 10 }, { at: MONDAY + WEEK + 9, count: 2, expected: 10 }], factor: 1 },
    { name: 'at most 4x', hours: [{ at: MONDAY + 9, count: 100, expected: 10 }, { at: MONDAY + WEEK + 9, count: 100, expected: 10 }], factor: 4 },
    // An hour with a bucket that was not learned (a failing source) says nothing about the hour.
    { name: 'a partly measured hour', hours: [{ at: MONDAY + 9, count: 30, expected: 10 }, { at: MONDAY + WEEK + 9, count: 30, expected: 10, buckets: 11 }], factor: 1 },
    // Last week's hour had no buckets at all (the topic was down): the week before does not stand in for it.
    { name: 'an hour with no buckets, then two weeks old history', hours: [{ at: MONDAY + 9, count: 30, expected: 10 }, { at: MONDAY + WEEK + 9, count: 30, expected: 10 }, { at: MONDAY + 2 * WEEK + 8, count: 10, expected: 10 }, { at: MONDAY + 2 * WEEK + 10, count: 10, expected: 10 }], factor: 1 },
  ])('$name: $factor', ({ hours, spread = SPREAD, factor }) => {
    const week = hours.length > 0 ? feed(hours) : undefined;
    expect(weekHourFactor(week, MONDAY + 3 * WEEK + 9, spread)).toBeCloseTo(factor, 2);
    // Other hours of the week are untouched.
    expect(weekHourFactor(week, MONDAY + 3 * WEEK + 10, spread)).toBe(1);
  });

  it('stores excesses only, as whole thousandths of a log, so the state stays small and survives JSON unchanged', () => {
    const week = feed([{ at: MONDAY + 8, count: 8, expected: 10 }, { at: MONDAY + 9, count: 10.5, expected: 10 }, { at: MONDAY + 10, count: 13, expected: 7 }]);
    expect(JSON.parse(JSON.stringify(week))).toEqual(week);
    // Monday 8:00 was below: 0; 9:00 was log(126.5 / 120.5) up, 10:00 log(156.5 / 84.5).
    expect(week.excess.filter((e) => e !== 0)).toEqual([49, 616]);
    expect(week.excess).toHaveLength(168 * 2);
  });

  it.each([
    { bucketMs: 5 * 60_000, perHour: 12 },
    { bucketMs: 30 * 60_000, perHour: 2 },
    { bucketMs: HOUR, perHour: 1 },
    // Longer buckets, or ones that do not tile an hour: the day-of-week shape is what a daily series has.
    { bucketMs: 24 * HOUR, perHour: 0 },
    { bucketMs: 7 * 60_000, perHour: 0 },
  ])('buckets of $bucketMs ms: $perHour per hour', ({ bucketMs, perHour }) => {
    expect(bucketsPerHour(bucketMs)).toBe(perHour);
  });
});

describe('shiftWeekHours', () => {
  // Monday 09:00 clear two weeks running; the local clock moves 5 hours earlier (UTC to New York in winter).
  const week = feed([
    { at: MONDAY + 9, count: 6, expected: 1 },
    { at: MONDAY + WEEK + 9, count: 6, expected: 1 },
  ]);

  it.each([
    ['5 hours earlier: Monday 04:00', -5, MONDAY + 4],
    ['3 hours later: Monday 12:00', 3, MONDAY + 12],
    ['across the week: 10 hours earlier is Sunday 23:00', -10, MONDAY - 1],
  ])('moves each kept hour to the hour it now has, %s', (_case, hours, now) => {
    const moved = shiftWeekHours(week, hours);
    expect(weekHourFactor(week, MONDAY + 9, 0.1)).toBeGreaterThan(2);
    expect(weekHourFactor(moved, now, 0.1)).toBeCloseTo(weekHourFactor(week, MONDAY + 9, 0.1), 6);
    expect(weekHourFactor(moved, MONDAY + 9, 0.1)).toBe(1);
    expect(moved.hour).toBe(week.hour + hours);
  });
});
