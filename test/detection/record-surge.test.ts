// A record: the topic's most surprising hour or 6 hours in two weeks, clearly up and big enough,
// alerts below the bar. A mid-size topic doubling for two hours is news; the same doubling on a
// topic that had a bigger surge last week, or in a topic's first week, is judged by the bar alone.
import { describe, expect, it } from 'vitest';
import { dailyCurve, DAY, HOUR, makeSeries, MONDAY } from './synthetic-series';
import { runIncrementally } from './run-detector';

const surgeAt = MONDAY + 20 * DAY + 14 * HOUR;
const surgeEnd = surgeAt + 2 * HOUR;
const earlierAt = MONDAY + 15 * DAY + 14 * HOUR;

function openingsDuring(extra: (t: number) => number, days = 21) {
  const series = makeSeries({ days, seed: 31, mean: (t) => dailyCurve(t, 60) + extra(t) });
  const { events } = runIncrementally(series, { settings: { kinds: ['volume-spike'] }, stepBuckets: 3 });
  return events.filter((e) => (e.type === 'opened' || e.type === 'reopened') && e.bucketStart >= surgeAt && e.bucketStart < surgeEnd);
}

describe('a record surge', () => {
  it('alerts below the bar on a mature topic, saying it was a record', () => {
    const opened = openingsDuring((t) => (t >= surgeAt && t < surgeEnd ? 10 : 0));
    expect(opened).toHaveLength(1);
    expect(opened[0]!.evidence.needed).toMatchObject({ from: 'record' });
    expect(opened[0]!.evidence.surprise).toBeLessThan(8);
  });

  it('is not a record after a bigger surge five days earlier (which was one): the bar alone judges it', () => {
    const series = makeSeries({ days: 21, seed: 31, mean: (t) => dailyCurve(t, 60) + (t >= surgeAt && t < surgeEnd ? 10 : t >= earlierAt && t < earlierAt + 2 * HOUR ? 16 : 0) });
    const { events } = runIncrementally(series, { settings: { kinds: ['volume-spike'] }, stepBuckets: 3 });
    const openings = events.filter((e) => e.type === 'opened' || e.type === 'reopened');
    expect(openings.map((e) => `${e.bucketStart >= surgeAt ? 'later' : 'earlier'} ${e.evidence.needed?.from}`)).toEqual(['earlier record']);
  });

  it('is not a record in a topic\'s first week', () => {
    const young = MONDAY + 5 * DAY + 14 * HOUR;
    const series = makeSeries({ days: 6, seed: 31, mean: (t) => dailyCurve(t, 60) + (t >= young && t < young + 2 * HOUR ? 10 : 0) });
    const { events } = runIncrementally(series, { settings: { kinds: ['volume-spike'] }, stepBuckets: 3 });
    expect(events.filter((e) => e.evidence.needed?.from === 'record')).toEqual([]);
  });
});
