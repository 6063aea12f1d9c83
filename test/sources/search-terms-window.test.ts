import { describe, expect, it } from 'vitest';
import { advanceWindowCursor, combineWindowResults, planWindows, readWindowCursor, writeWindowCursor, type WindowResult } from '../../src/sources/search-window';

const none: WindowResult = { newestSeen: null, oldestSeen: null, truncated: false };

describe('search window cursor', () => {
  it.each([
    { name: 'nothing stored', raw: null, expected: { newest: 100, gap: null } },
    { name: 'a bare number (older cursors)', raw: '500', expected: { newest: 500, gap: null } },
    { name: 'a cursor with a gap', raw: '{"newest":500,"gap":{"after":200,"before":300}}', expected: { newest: 500, gap: { after: 200, before: 300 } } },
    { name: 'a gap that is empty', raw: '{"newest":500,"gap":{"after":300,"before":300}}', expected: { newest: 500, gap: null } },
    { name: 'a cursor in the future', raw: '5000', expected: { newest: 100, gap: null } },
    { name: 'garbage', raw: '{"newest":"x"', expected: { newest: 100, gap: null } },
    { name: 'a cursor with its late sweep time', raw: '{"newest":500,"gap":null,"sweptAt":1700000000000}', expected: { newest: 500, gap: null, sweptAt: 1700000000000 } },
    { name: 'a sweep time that is no time', raw: '{"newest":500,"gap":null,"sweptAt":"soon"}', expected: { newest: 500, gap: null } },
  ])('reads $name', ({ raw, expected }) => {
    expect(readWindowCursor(raw, 100, 1000)).toEqual(expected);
  });

  it('writes a bare number while there is no gap, so old readers still understand it', () => {
    expect(writeWindowCursor({ newest: 500, gap: null })).toBe('500');
    expect(writeWindowCursor({ newest: 500, gap: { after: 1, before: 2 } })).toBe('{"newest":500,"gap":{"after":1,"before":2}}');
    expect(writeWindowCursor({ newest: 500, gap: null, sweptAt: 9 })).toBe('{"newest":500,"gap":null,"sweptAt":9}');
  });

  it('reads the open gap before what is new', () => {
    expect(planWindows({ newest: 500, gap: { after: 200, before: 300 } })).toEqual([
      { kind: 'gap', after: 200, before: 300 },
      { kind: 'fresh', after: 500, before: null },
    ]);
  });

  it.each([
    { name: 'nothing new', previous: { newest: 500, gap: null }, gap: null, fresh: none, expected: { newest: 500, gap: null } },
    { name: 'all new read', previous: { newest: 500, gap: null }, gap: null, fresh: { newestSeen: 900, oldestSeen: 600, truncated: false }, expected: { newest: 900, gap: null } },
    { name: 'a burst cut short opens a gap', previous: { newest: 500, gap: null }, gap: null, fresh: { newestSeen: 900, oldestSeen: 800, truncated: true }, expected: { newest: 900, gap: { after: 500, before: 800 } } },
    { name: 'a gap read to its end closes', previous: { newest: 900, gap: { after: 500, before: 800 } }, gap: { newestSeen: 790, oldestSeen: 510, truncated: false }, fresh: none, expected: { newest: 900, gap: null } },
    { name: 'a gap cut short shrinks', previous: { newest: 900, gap: { after: 500, before: 800 } }, gap: { newestSeen: 800, oldestSeen: 700, truncated: true }, fresh: none, expected: { newest: 900, gap: { after: 500, before: 700 } } },
    { name: 'a gap that makes no progress is dropped, not looped on', previous: { newest: 900, gap: { after: 500, before: 800 } }, gap: { newestSeen: 800, oldestSeen: 800, truncated: true }, fresh: none, expected: { newest: 900, gap: null } },
    {
      name: 'two gaps merge into one span',
      previous: { newest: 900, gap: { after: 500, before: 800 } },
      gap: { newestSeen: 800, oldestSeen: 700, truncated: true },
      fresh: { newestSeen: 1000, oldestSeen: 950, truncated: true },
      expected: { newest: 1000, gap: { after: 500, before: 950 } },
    },
  ])('advances: $name', ({ previous, gap, fresh, expected }) => {
    expect(advanceWindowCursor(previous, gap, fresh)).toEqual(expected);
  });

  // A resumed crawl reads its fresh window from before the cursor (late indexing); the gap it leaves
  // must start there too, or the posts indexed late below the cursor are never read.
  it.each([
    { name: 'a burst cut short opens its gap where the fresh read began', fresh: { newestSeen: 900, oldestSeen: 800, truncated: true }, expected: { newest: 900, gap: { after: 200, before: 800 } } },
    { name: 'a read cut short inside the overlap still leaves its gap', fresh: { newestSeen: 900, oldestSeen: 400, truncated: true }, expected: { newest: 900, gap: { after: 200, before: 400 } } },
    { name: 'a read that reached the start of the overlap leaves none', fresh: { newestSeen: 900, oldestSeen: 200, truncated: true }, expected: { newest: 900, gap: null } },
  ])('advances a resumed crawl: $name', ({ fresh, expected }) => {
    expect(advanceWindowCursor({ newest: 500, gap: null }, null, fresh, 200)).toEqual(expected);
  });

  it('lets the busiest cut-short query decide where the gap ends', () => {
    expect(
      combineWindowResults([
        { newestSeen: 900, oldestSeen: 850, truncated: true },
        { newestSeen: 880, oldestSeen: 600, truncated: false },
        { newestSeen: 870, oldestSeen: 700, truncated: true },
      ]),
    ).toEqual({ newestSeen: 900, oldestSeen: 850, truncated: true });
    expect(combineWindowResults([none, { newestSeen: 5, oldestSeen: 3, truncated: false }])).toEqual({ newestSeen: 5, oldestSeen: 3, truncated: false });
  });
});
