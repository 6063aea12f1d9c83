// A topic's volume and tone change when its sources do: a forum angrier than the blogs is added, a
// big feed is switched off. That is not news, and must not page anyone; news a few days later must.
import { describe, expect, it } from 'vitest';
import { dailyCurve, DAY, HOUR, makeSeries, MONDAY, SEED_SWEEP_TIMEOUT_MS } from './synthetic-series';
import { describeEvents, runIncrementally } from './run-detector';

/** Tuesday of the third week, 10:00 UTC. */
const CHANGE = MONDAY + 15 * DAY + 10 * HOUR;
const before = (t: number) => t < CHANGE;
const openings = (events: ReturnType<typeof runIncrementally>['events'], from = CHANGE) =>
  describeEvents(events.filter((e) => e.type !== 'resolved' && e.bucketStart >= from));

/** Blogs: 10 mentions an hour, 20 % negative; from CHANGE a forum adds 40 an hour, 45 % negative. */
const forumJoins = (extra?: (t: number) => number, seed = 21) =>
  makeSeries({
    days: 20,
    seed,
    mean: (t) => dailyCurve(t, before(t) ? 10 : 50),
    negativeShare: (t) => (before(t) ? 0.2 : 0.41),
    ...(extra ? { extraNegative: extra } : {}),
  });

/** Two feeds, 60 mentions an hour together; from CHANGE the bigger one (three quarters) is switched off. */
const bigFeedOff = (seed = 22) => makeSeries({ days: 20, seed, mean: (t) => dailyCurve(t, before(t) ? 60 : 15) });

const sourcesAt = (beforeIds: number[], afterIds: number[]) => (now: number) => (now <= CHANGE ? beforeIds : afterIds);

describe('the topic relearns when its sources change', { timeout: SEED_SWEEP_TIMEOUT_MS }, () => {
  it.each([
    { name: 'an angrier forum joins the blogs (5x the volume, twice the negative share)', series: forumJoins, sources: sourcesAt([1], [1, 2]) },
    { name: 'the feed bringing three quarters of the mentions is switched off', series: bigFeedOff, sources: sourcesAt([1, 2], [1]) },
  ])('no alert: $name', ({ series, sources }) => {
    const { events } = runIncrementally(series(), { feedingSources: sources });
    expect(openings(events)).toEqual([]);
  });

  // The contrast: unannounced, the forum's angrier mentions are a backlash on every seed; the feed
  // switched off is a silence on most (60-85 % of seeds 21-40 over three seed sets: the level follows
  // the drop within hours and the silence bar is not always reached first). Announced, no alert on any
  // of those 60 runs of either case.
  it.each([
    { name: 'the forum joining', series: (seed: number) => forumJoins(undefined, seed), kind: 'backlash', atLeast: 10 },
    { name: 'the feed switched off', series: bigFeedOff, kind: 'silence', atLeast: 3 },
  ])('the same change unannounced alerts ($name) on $atLeast of 10 seeds: the cases above can fail', ({ series, kind, atLeast }) => {
    const alerted = Array.from({ length: 10 }, (_, i) => 21 + i).filter((seed) => openings(runIncrementally(series(seed)).events).some((e) => e.includes(` ${kind} `)));
    expect(alerted.length).toBeGreaterThanOrEqual(atLeast);
  });

  it('a backlash three days after the forum joined is the first alert since, within its first three buckets on most seeds', () => {
    // Measured on seeds 21-30 over 13 seed sets (130 runs): opened in bucket 0-2 on 111, 3-5 on 17,
    // 6 and 7 once each (the relearned spread is still a little wide three days on); 6 to 10 of each
    // set of ten within three buckets. Nothing opens between the change and the surge. After it, one
    // run of the 130 had a second backlash the next night: 8 negative mentions in a 5-minute bucket
    // expecting 0.5, the one-in-a-million the medium bar lets through by design, not the change.
    const surge = CHANGE + 3 * DAY + 4 * HOUR;
    const delays: number[] = [];
    let secondAlerts = 0;
    for (let seed = 21; seed <= 30; seed++) {
      const series = makeSeries({ days: 20, seed, mean: (t) => dailyCurve(t, before(t) ? 10 : 50), negativeShare: (t) => (before(t) ? 0.2 : 0.41), extraNegative: (t) => (t >= surge && t < surge + HOUR ? 12 : 0) });
      const { events } = runIncrementally(series, { feedingSources: sourcesAt([1], [1, 2]) });
      const opened = events.filter((e) => e.type === 'opened' && e.bucketStart >= CHANGE);
      expect(opened[0]?.kind, `seed ${seed}`).toBe('backlash');
      expect(opened[0]!.bucketStart).toBeGreaterThanOrEqual(surge);
      delays.push((opened[0]!.bucketStart - surge) / (5 * 60_000));
      if (opened.length > 1) secondAlerts += 1;
    }
    expect(Math.max(...delays)).toBeLessThanOrEqual(8);
    expect(delays.filter((d) => d < 3).length).toBeGreaterThanOrEqual(5);
    expect(secondAlerts).toBeLessThanOrEqual(1);
  });

  it('a storm the day after the forum joined alerts, saying its bar was raised while the topic relearns', () => {
    const surge = CHANGE + DAY + 4 * HOUR;
    const series = makeSeries({ days: 20, seed: 21, mean: (t) => dailyCurve(t, before(t) ? 10 : 50), negativeShare: (t) => (before(t) ? 0.2 : 0.41), extraNegative: (t) => (t >= surge && t < surge + HOUR ? 40 : 0) });
    const { events } = runIncrementally(series, { feedingSources: sourcesAt([1], [1, 2]) });
    const opened = events.find((e) => e.type === 'opened' && e.bucketStart >= CHANGE);
    expect(opened).toMatchObject({ kind: 'backlash', evidence: { needed: { from: 'sensitivity', raisedFor: 'sources-changed' } } });
    expect(opened!.bucketStart).toBeGreaterThanOrEqual(surge);
    expect(opened!.evidence.needed!.surprise).toBeGreaterThan(6);
  });

  it('the spread is relearned too: a backlash three days after the forum joined alerts on every seed', () => {
    // Kept, the blogs' spread (a few negative mentions an hour, mostly counting noise) made five times
    // the volume look noisy for days, and one seed of these ten missed the backlash.
    const surge = CHANGE + 3 * DAY + 4 * HOUR;
    const missed = [100, 101, 102, 103, 104, 105, 106, 107, 108, 109].filter((seed) => {
      const series = makeSeries({ days: 20, seed, mean: (t) => dailyCurve(t, before(t) ? 10 : 50), negativeShare: (t) => (before(t) ? 0.2 : 0.41), extraNegative: (t) => (t >= surge && t < surge + HOUR ? 12 : 0) });
      const { events } = runIncrementally(series, { feedingSources: sourcesAt([1], [1, 2]) });
      return !events.some((e) => e.type === 'opened' && e.kind === 'backlash' && e.bucketStart >= surge && e.bucketStart < surge + HOUR);
    });
    expect(missed).toEqual([]);
  });

  it('a topic seen for the first time, or a state from before the list was kept, does not relearn', () => {
    const series = makeSeries({ days: 10, seed: 23 });
    const first = runIncrementally(series.slice(0, 2000), { feedingSources: () => [7] });
    expect(first.state?.relearnFrom ?? null).toBeNull();
    const legacy = { ...first.state!, feedingSources: undefined };
    const resumed = runIncrementally(series.slice(2000), { state: legacy, feedingSources: () => [7, 8] });
    expect(resumed.state?.relearnFrom ?? null).toBeNull();
    expect(resumed.state?.feedingSources).toEqual([7, 8]);
  });
});
