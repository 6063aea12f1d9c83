import { describe, expect, it } from 'vitest';
import { isBackfilling, LATE_MARGIN_MS } from '../../src/detection/is-backfilling';

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** n item times spread evenly over [from, to). */
function spread(n: number, from: number, to: number): number[] {
  return Array.from({ length: n }, (_, i) => from + Math.floor(((to - from) * i) / n));
}

describe('isBackfilling', () => {
  it.each([
    { name: "a new source's first crawl: 500 items over its 24-hour look-back", previous: null, items: spread(500, NOW - DAY, NOW), expected: true },
    { name: 'a first crawl of a quiet feed: 3 posts from last week are too few to move a window', previous: null, items: spread(3, NOW - 7 * DAY, NOW - 6 * DAY), expected: false },
    { name: 'a first crawl that finds only the last half hour', previous: null, items: spread(20, NOW - 30 * MIN, NOW), expected: false },
    { name: 'a routine crawl: what was published since the previous one, 10 minutes ago', previous: NOW - 10 * MIN, items: spread(12, NOW - 10 * MIN, NOW), expected: false },
    { name: 'a late feed (news search): items up to 50 minutes older than the previous crawl', previous: NOW - 10 * MIN, items: spread(12, NOW - 60 * MIN, NOW - 10 * MIN), expected: false },
    { name: 'a catch-up after a 3-hour outage: items from the outage itself', previous: NOW - 3 * HOUR, items: spread(40, NOW - 3 * HOUR, NOW), expected: false },
    { name: 'back after an outage with a day of posts from before it', previous: NOW - 3 * HOUR, items: spread(40, NOW - 27 * HOUR, NOW - 3 * HOUR - LATE_MARGIN_MS - MIN), expected: true },
    { name: 'a few backdated posts among the new ones: not most', previous: NOW - 10 * MIN, items: [...spread(8, NOW - 3 * DAY, NOW - 2 * DAY), ...spread(22, NOW - 10 * MIN, NOW)], expected: false },
    { name: 'a page of old items from a search source still working through what it missed', previous: NOW - 10 * MIN, items: spread(100, NOW - 20 * HOUR, NOW - 17 * HOUR), expected: true },
    { name: 'exactly at the margin is still routine', previous: NOW - 10 * MIN, items: Array(10).fill(NOW - 10 * MIN - LATE_MARGIN_MS), expected: false },
    { name: 'nothing new', previous: NOW - 10 * MIN, items: [], expected: false },
  ])('$name', ({ previous, items, expected }) => {
    expect(isBackfilling({ at: NOW, previousSuccessAt: previous, itemTimes: items })).toBe(expected);
  });
});
