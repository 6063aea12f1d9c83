import { describe, expect, it } from 'vitest';
import type { CrawlStatus, CrawlStatusChange } from '../../src/domain/crawl-status';
import { bucketCoverage } from '../../src/detection/bucket-coverage';

const M = 60_000;
const B = 5 * M;
/** The range under test: six 5-minute buckets from 0 to 30 minutes. */
const FROM = 0;
const TO = 6 * B;

/** A source's history written as [minute, status] pairs. */
const h = (...changes: Array<[number, CrawlStatus]>): CrawlStatusChange[] => changes.map(([minute, status]) => ({ at: minute * M, status }));

describe('bucketCoverage', () => {
  it.each([
    { name: 'no source at all: nothing to miss', sources: [], expected: 'FFFFFF' },
    { name: 'one healthy source, ok since before the range', sources: [h([-60, 'ok'])], expected: 'FFFFFF' },
    {
      name: 'an outage that has since recovered: failed at 7, answered again at 17',
      sources: [h([-60, 'ok'], [7, 'failed'], [17, 'ok']), h([-60, 'ok'])],
      expected: 'FPPPFF',
    },
    { name: 'the only source down from 7 to 17: none while nothing answered', sources: [h([-60, 'ok'], [7, 'failed'], [17, 'ok'])], expected: 'FPNPFF' },
    { name: 'a failure that begins at 22 marks nothing before it', sources: [h([-60, 'ok'], [22, 'failed']), h([-60, 'ok'])], expected: 'FFFFPP' },
    { name: 'rate-limited (Retry-After) until 12', sources: [h([-60, 'ok'], [3, 'rate-limited'], [12, 'ok']), h([-60, 'ok'])], expected: 'PPPFFF' },
    { name: 'a change on a bucket boundary does not touch the bucket before', sources: [h([-60, 'ok'], [10, 'failed'], [20, 'ok']), h([-60, 'ok'])], expected: 'FFPPFF' },
    {
      name: "a new source's first crawl at 12 backfills until its next attempt at 22",
      sources: [h([12, 'backfilling'], [22, 'ok']), h([-60, 'ok'])],
      expected: 'FFPPPF',
    },
    { name: 'backfilling is partial, not none, even as the only source', sources: [h([12, 'backfilling'], [22, 'ok'])], expected: 'FFPPPF' },
    { name: 'a source that never delivered (always failing) is not a hole', sources: [h([-60, 'failed'], [2, 'rate-limited'], [14, 'failed']), h([-60, 'ok'])], expected: 'FFFFFF' },
    { name: 'a new source failing before it first answered at 16 is not a hole either', sources: [h([-30, 'failed'], [16, 'ok']), h([-60, 'ok'])], expected: 'FFFFFF' },
    { name: 'a source failing since before the range, delivered before that', sources: [h([-90, 'ok'], [-40, 'failed']), h([-60, 'ok'])], expected: 'PPPPPP' },
    { name: 'every source failing', sources: [h([-60, 'ok'], [-5, 'failed']), h([-60, 'ok'], [-20, 'rate-limited'])], expected: 'NNNNNN' },
    { name: 'one failing, the other backfilling: partial', sources: [h([-60, 'ok'], [-5, 'failed']), h([-60, 'ok'], [-5, 'backfilling'])], expected: 'PPPPPP' },
  ])('$name', ({ sources, expected }) => {
    const letters = bucketCoverage(sources, FROM, TO, B).map((c) => ({ full: 'F', partial: 'P', none: 'N' })[c]);
    expect(letters.join('')).toBe(expected);
  });

  it('gives one coverage per bucket of a range that does not end on a boundary', () => {
    expect(bucketCoverage([h([0, 'ok'])], 0, 2 * B + M, B)).toEqual(['full', 'full', 'full']);
  });
});
