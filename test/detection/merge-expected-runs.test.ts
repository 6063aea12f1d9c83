import { describe, expect, it } from 'vitest';
import type { ExpectedRun } from '../../src/domain/alert';
import { MAX_EXPECTED_BUCKETS, mergeExpectedRuns, readExpectedRuns } from '../../src/detection/merge-expected-runs';

const STEP = 5 * 60_000;
const run = (fromBucket: number, counts: number[]): ExpectedRun => ({ from: fromBucket * STEP, bucketMinutes: 5, counts });
const flat = (fromBucket: number, length: number, value: number) => run(fromBucket, Array(length).fill(value));

describe('mergeExpectedRuns', () => {
  it.each<[string, unknown, ExpectedRun | null, ExpectedRun[]]>([
    ['nothing stored (an alert that just opened)', undefined, run(0, [1, 2]), [run(0, [1, 2])]],
    ['evidence from before Earshot kept runs, or a malformed value', { from: 0 }, run(0, [1]), [run(0, [1])]],
    ['no run in the event (source health)', [run(0, [1])], null, [run(0, [1])]],
    ['an overlapping run: one run, the newer value where both have one', [run(0, [1, 2, 3])], run(2, [9, 4]), [run(0, [1, 2, 9, 4])]],
    ['an adjacent run: joined', [run(0, [1, 2])], run(2, [3]), [run(0, [1, 2, 3])]],
    ['a run after a gap: kept apart', [run(0, [1, 2])], run(10, [5]), [run(0, [1, 2]), run(10, [5])]],
    ['a run filling a gap: one run', [run(0, [1]), run(2, [3])], run(1, [2]), [run(0, [1, 2, 3])]],
    ['stored runs of another bucket size are dropped', [{ from: 0, bucketMinutes: 60, counts: [1] }], run(0, [1]), [run(0, [1])]],
    ['a stored run with a negative or non-number count is dropped', [run(0, [1, -1]), { ...run(5, [1]), counts: ['1'] }], run(9, [1]), [run(9, [1])]],
  ])('%s', (_, stored, added, merged) => {
    expect(mergeExpectedRuns(stored, added)).toEqual(merged);
  });

  it.each<[string, unknown, ExpectedRun, ExpectedRun[]]>([
    ['an overlap keeps the older top of the usual range (nearer its judging) and the newer expectation', [{ ...run(0, [1, 2]), highs: [3, 4] }], { ...run(1, [5, 6]), highs: [9, 8] }, [{ ...run(0, [1, 5, 6]), highs: [3, 4, 8] }]],
    ['a run without ranges beside one with: null where none was kept', [run(0, [1, 2])], { ...run(2, [3]), highs: [5] }, [{ ...run(0, [1, 2, 3]), highs: [null, null, 5] }]],
    ['no range at all: none stored', [run(0, [1])], run(1, [2]), [run(0, [1, 2])]],
    ['malformed ranges are dropped, the expectations kept', [{ ...run(0, [1, 2]), highs: [3] }, { ...run(5, [1]), highs: ['x'] }], run(9, [1]), [run(0, [1, 2]), run(5, [1]), run(9, [1])]],
  ])('the usual range: %s', (_, stored, added, merged) => {
    expect(mergeExpectedRuns(stored, added)).toEqual(merged);
  });

  it('keeps the opening and the newest buckets when an alert stays open for days', () => {
    // An opening, then 20 later events six hours apart: far more than the cap.
    let runs = mergeExpectedRuns(null, flat(0, 72, 1));
    for (let i = 1; i <= 20; i++) runs = mergeExpectedRuns(runs, flat(i * 72, 72, i + 1));
    const total = runs.reduce((n, r) => n + r.counts.length, 0);
    expect(total).toBe(MAX_EXPECTED_BUCKETS);
    expect(runs[0]!.from).toBe(0);
    expect(runs[0]!.counts.slice(0, 72)).toEqual(Array(72).fill(1));
    const last = runs.at(-1)!;
    expect(last.from + (last.counts.length - 1) * STEP).toBe((21 * 72 - 1) * STEP);
    expect(last.counts.at(-1)).toBe(21);
  });
});

describe('readExpectedRuns', () => {
  it('copies what it reads: merging never changes the stored evidence in place', () => {
    const stored = [run(0, [1, 2])];
    mergeExpectedRuns(stored, run(2, [3]));
    expect(stored).toEqual([run(0, [1, 2])]);
    expect(readExpectedRuns('nope')).toEqual([]);
  });
});
