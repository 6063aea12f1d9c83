// The demo's story: bloggers pick up a story and negative mentions surge for two hours.
import { describe, expect, it } from 'vitest';
import { BUCKET_MS } from '../../src/domain/bucket';
import { dailyCurve, DAY, HOUR, makeSeries, MONDAY, SEED_SWEEP_TIMEOUT_MS } from './synthetic-series';
import { runIncrementally } from './run-detector';
import { parseDetectorSettings } from '../../src/detection/detector-settings';
import { replayHistory } from '../../src/detection/replay-history';
import { acknowledgeAlert, type DetectorState } from '../../src/detection/detector-state';

const surgeAt = MONDAY + 10 * DAY + 14 * HOUR;
const surgeEnd = surgeAt + 2 * HOUR;

/** Ten seeds: a detector promise holds for the scenario, not for one lucky draw of its noise. */
const SEEDS = Array.from({ length: 10 }, (_, i) => i + 1);

const backlashRun = (perHour: number, extra: number, seed: number) => {
  const series = makeSeries({ days: 12, seed, mean: (t) => (perHour / 12) * (1 + 0.6 * Math.sin((((t % DAY) / HOUR - 9) / 24) * 2 * Math.PI)), extraNegative: (t) => (t >= surgeAt && t < surgeEnd ? extra : 0) });
  return runIncrementally(series, { stepBuckets: 3 }).events;
};

describe('a backlash surge', { timeout: SEED_SWEEP_TIMEOUT_MS }, () => {
  // Measured over seeds 1-200: opened in bucket 0 on all, escalated exactly once on 197; on 3 the
  // alert opens as a watch and steps up twice (watch -> warning -> critical, 30 minutes apart). So
  // "escalated once" is a rate: on every seed of a set of ten it held for some sets and not others.
  it('mid-size topic (60 mentions an hour, +20 negative per 5 minutes): one alert, opened within 3 buckets, escalated during the surge, resolved after, on every seed; escalated once on 9 of 10', () => {
    let escalatedOnce = 0;
    for (const seed of SEEDS) {
      const events = backlashRun(60, 20, seed);
      const backlash = events.filter((e) => e.kind === 'backlash');
      const types = backlash.map((e) => e.type);
      expect([['opened', 'escalated', 'resolved'], ['opened', 'escalated', 'escalated', 'resolved']], `seed ${seed}`).toContainEqual(types);
      const opened = backlash[0]!;
      const resolved = backlash.at(-1)!;
      expect((opened.bucketStart - surgeAt) / BUCKET_MS, `seed ${seed}`).toBeLessThan(3);
      expect(backlash.slice(1, -1).every((e) => e.bucketStart < surgeEnd), `seed ${seed}`).toBe(true);
      expect(resolved.bucketStart).toBeGreaterThanOrEqual(surgeEnd);
      expect(new Set(backlash.map((e) => e.key)).size).toBe(1);
      expect(events.filter((e) => e.kind !== 'backlash'), `seed ${seed}`).toEqual([]);
      if (types.length === 3) escalatedOnce += 1;
    }
    expect(escalatedOnce).toBeGreaterThanOrEqual(9);
  });

  it("each event carries the negative level the detector expected over its last six hours, which sums to its window's expectation", () => {
    const events = backlashRun(60, 20, 1).filter((e) => e.kind === 'backlash');
    for (const event of events) {
      const run = event.expectedRun!;
      expect(run.bucketMinutes).toBe(5);
      expect(run.counts).toHaveLength(72);
      expect(run.from + 71 * BUCKET_MS).toBe(event.bucketStart);
      // A resolution's evidence is the alert's peak, judged earlier: its window is checked where it was judged.
      if (event.type === 'resolved') continue;
      const inWindow = run.counts.slice(72 - event.evidence.windowMinutes / 5);
      expect(inWindow.reduce((a, b) => a + b, 0)).toBeCloseTo(event.evidence.expected, 1);
      // Each bucket's usual range sits above its expectation; a 5-minute window's is the evidence's band.
      expect(run.highs).toHaveLength(72);
      run.highs!.forEach((high, i) => expect(high!).toBeGreaterThan(run.counts[i]!));
      if (event.evidence.windowMinutes === 5) expect(run.highs!.at(-1)).toBeCloseTo(event.evidence.band.high, 0);
    }
    expect(events.some((e) => e.type !== 'resolved' && e.evidence.windowMinutes === 5)).toBe(true);
    // The negative track's expectation (a fifth of 60 an hour: about 1 a bucket), not all mentions' (5),
    // and not dragged up to the surge's 20 more a bucket: the resolution's six hours stay under 2.5.
    const resolved = events.at(-1)!.expectedRun!;
    expect(Math.max(...resolved.counts)).toBeLessThan(2.5);
    expect(Math.min(...resolved.counts)).toBeGreaterThan(0.5);
  });

  // 6 an hour is half a mention per bucket, and a 5-minute window needs minCount (5) negative
  // mentions: a Poisson(4) surge bucket reaches 5 about a third of the time, so the alert opens in
  // the first three buckets on most seeds and by the seventh on all (measured over seeds 1-200: 156
  // within three, the latest in bucket 6, once; when no bucket reaches 5 the hour window opens it).
  // Severity may step watch -> warning -> critical as it grows.
  it('small topic (6 mentions an hour, +4 negative per 5 minutes): one alert, opened within 7 buckets (3 on most seeds), resolved after', () => {
    const delays: number[] = [];
    for (const seed of SEEDS) {
      const events = backlashRun(6, 4, seed);
      const backlash = events.filter((e) => e.kind === 'backlash');
      expect(backlash[0]?.type, `seed ${seed}`).toBe('opened');
      expect(backlash.at(-1)?.type, `seed ${seed}`).toBe('resolved');
      expect(backlash.slice(1, -1).every((e) => e.type === 'escalated' && e.bucketStart < surgeEnd), `seed ${seed}`).toBe(true);
      expect(backlash.at(-1)!.bucketStart).toBeGreaterThanOrEqual(surgeEnd);
      expect(new Set(backlash.map((e) => e.key)).size).toBe(1);
      expect(events.filter((e) => e.kind !== 'backlash'), `seed ${seed}`).toEqual([]);
      delays.push((backlash[0]!.bucketStart - surgeAt) / BUCKET_MS);
    }
    expect(Math.max(...delays)).toBeLessThanOrEqual(6);
    // 78 % of 200 seeds: 5 or more of 10 fails about one seed set in seventy.
    expect(delays.filter((d) => d < 3).length).toBeGreaterThanOrEqual(5);
  });

  // A quiet small topic (a negative mention every two hours) whose first storm comes on its second
  // day. At exactly one day old the storm's first bucket was the first sample of the spread, became
  // the whole spread, and hid the storm for an hour.
  it.each([24, 25, 30, 48])('a young topic\'s first storm, %i hours after it was created, opens within 3 buckets', (hours) => {
    const start = MONDAY;
    const stormAt = start + hours * HOUR;
    const series = Array.from({ length: (hours + 4) * 12 }, (_, i) => {
      const at = start + i * BUCKET_MS;
      const negative = at >= stormAt && at < stormAt + 2 * HOUR ? 4 + 2 * Math.floor((at - stormAt) / (10 * 60_000)) : i % 24 === 0 ? 1 : 0;
      return { bucketStart: at, count: negative + (i % 2 === 0 ? 1 : 0), negative, positive: 0 };
    });
    const opened = runIncrementally(series, { stepBuckets: 1 }).events.find((e) => e.type === 'opened');
    expect(opened?.kind).toBe('backlash');
    expect((opened!.bucketStart - stormAt) / BUCKET_MS).toBeLessThan(3);
  });

  // The same young topic, a day old, caught in a two-hour pile-on that keeps growing (4 negative
  // mentions a bucket, 2 more every 10 minutes). Its spread, two days young, once learned the storm
  // within the storm (hour-window spread 0.56 -> 3.2) and the alert stayed a warning at 120x expected.
  it('a young topic\'s first storm that keeps growing turns critical within the first hour', () => {
    const stormAt = MONDAY + DAY;
    const series = Array.from({ length: (24 + 5) * 12 }, (_, i) => {
      const at = MONDAY + i * BUCKET_MS;
      const storm = at >= stormAt && at < stormAt + 2 * HOUR;
      const negative = storm ? 4 + 2 * Math.floor((at - stormAt) / (10 * 60_000)) : i % 24 === 0 ? 1 : 0;
      return { bucketStart: at, count: negative + (i % 2 === 0 ? 1 : 0), negative, positive: 0 };
    });
    const events = runIncrementally(series, { stepBuckets: 1 }).events.filter((e) => e.kind === 'backlash');
    expect(events.map((e) => e.type)).toEqual(['opened', 'escalated', 'resolved']);
    // A day old, its bar is above the sensitivity's 6, and the alert says why.
    expect(events[0]!.evidence.needed).toMatchObject({ from: 'sensitivity', raisedFor: 'young-topic' });
    expect(events[0]!.evidence.needed!.surprise).toBeGreaterThan(6);
    expect(events[1]).toMatchObject({ severity: 'critical' });
    expect(events[1]!.bucketStart).toBeLessThan(stormAt + HOUR);
  });

  it('carries its evidence: observed vs expected with the band, surprise, share before and during, recovery of volume and share', () => {
    const series = makeSeries({ days: 12, seed: 11, extraNegative: (t) => (t >= surgeAt && t < surgeEnd ? 20 : 0) });
    const { events, state } = runIncrementally(series);
    const opened = events.find((e) => e.type === 'opened');
    const resolved = events.find((e) => e.type === 'resolved');
    expect(opened?.evidence).toMatchObject({ partialCoverage: false, share: { of: 'negative' } });
    const evidence = opened!.evidence;
    expect(evidence.observed).toBeGreaterThan(evidence.band.high);
    expect(evidence.surprise).toBeGreaterThanOrEqual(6);
    // Twelve days old, sources unchanged: the sensitivity's bar as it is.
    expect(evidence.needed).toEqual({ surprise: 6, from: 'sensitivity' });
    expect(evidence.share!.during).toBeGreaterThan(evidence.share!.before + 0.2);
    expect(opened!.notification).toEqual({ notify: true });
    expect(resolved?.recovery?.volumeBackAt).toBeGreaterThanOrEqual(surgeEnd);
    expect(resolved?.recovery?.minutesToVolume).toBeGreaterThanOrEqual(120);
    // Its times add up with the opening as people read it, when the opening bucket was complete.
    expect(resolved!.recovery!.volumeBackAt - resolved!.recovery!.minutesToVolume * 60_000).toBe(opened!.openedAt + BUCKET_MS);
    // And the negative share: back once no hour window holds the surge's angry mentions, by the resolution.
    expect(resolved!.recovery!.shareBackAt).toBeGreaterThanOrEqual(surgeEnd);
    expect(resolved!.recovery!.shareBackAt).toBeLessThanOrEqual(resolved!.bucketStart);
    expect(resolved!.recovery!.shareBackAt! - resolved!.recovery!.minutesToShare! * 60_000).toBe(opened!.openedAt + BUCKET_MS);
    // Remembered, so that a 6-hour window still holding this surge cannot open a new alert on it:
    // from the start of the first quiet bucket.
    expect(state?.recoveredAt?.backlash).toBe(resolved!.recovery!.volumeBackAt - BUCKET_MS);
  });

  const quietHoursRun = (extra: number, seed: number) => {
    const series = makeSeries({ days: 12, seed, extraNegative: (t) => (t >= surgeAt && t < surgeAt + 3 * HOUR ? extra : 0) });
    const { events } = runIncrementally(series, { settings: { quietHours: { start: '13:30', end: '15:00' } } });
    expect(new Set(events.map((e) => e.key)).size).toBe(1);
    return events;
  };
  const notified = (events: ReturnType<typeof quietHoursRun>) =>
    events.map((e) => (e.notification.notify ? (e.type === 'opened' ? `opened at ${new Date(e.at).toISOString().slice(11, 16)}` : e.type) : `${e.type} held`));

  it('quiet hours 13:30-15:00, a slow surge: the opening is held back and sent when quiet hours end, on every seed', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const events = quietHoursRun(6, seed);
      const sent = events.filter((e) => e.notification.notify);
      // Nothing reaches the team before 15:00; the first thing it hears is the opening.
      expect(events.filter((e) => e.at < surgeAt + HOUR).every((e) => !e.notification.notify), `seed ${seed}`).toBe(true);
      expect(notified(sent)[0], `seed ${seed}`).toBe('opened at 15:00');
      expect(sent.at(-1)?.type).toBe('resolved');
    }
  });

  it('quiet hours: an opening and an escalation both held are sent as one opening, at the severity of then', () => {
    // Some slow surges escalate to a warning before 15:00 (3 of 20 seeds): the first such seed is the
    // case. It used to be sent at 15:00 as "escalated" alone: the team heard of an escalation of an
    // alert it had never been told of.
    const events = Array.from({ length: 30 }, (_, i) => quietHoursRun(6, i + 1)).find((run) => notified(run).slice(0, 2).join() === 'opened held,escalated held');
    expect(events).toBeDefined();
    expect(notified(events!)).toEqual(['opened held', 'escalated held', 'opened at 15:00', 'resolved']);
    expect(events![2]).toMatchObject({ severity: 'warning', evidence: events![1]!.evidence });
  });

  // Someone saw the alert on the dashboard during quiet hours and acknowledged it: they have heard of it.
  const acknowledgeHeld = (state: DetectorState) => {
    const held = state.alerts.find((a) => a.status === 'active' && a.held);
    return held ? acknowledgeAlert(state, held.key) : state;
  };
  it.each([
    { name: 'a slow surge: the held opening is not sent when they end', extra: 6, critical: false },
    { name: 'a storm: its escalation to critical breaks through alone, with no held opening before it', extra: 20, critical: true },
  ])('quiet hours 13:30-15:00, the alert acknowledged while its opening is held, $name', ({ extra, critical }) => {
    for (let seed = 1; seed <= 10; seed++) {
      const series = makeSeries({ days: 12, seed, extraNegative: (t) => (t >= surgeAt && t < surgeAt + 3 * HOUR ? extra : 0) });
      const settings = { quietHours: { start: '13:30', end: '15:00' } };
      // Hour by hour up to the surge, then every 5 minutes as the crawl job runs, so the acknowledgement
      // lands between the held opening and the end of quiet hours.
      const warm = runIncrementally(series.filter((b) => b.bucketStart < surgeAt - HOUR), { settings });
      const { events } = runIncrementally(series.filter((b) => b.bucketStart >= surgeAt - HOUR), { settings, state: warm.state, stepBuckets: 1, between: acknowledgeHeld });
      expect(events.some((e) => e.type === 'opened' && !e.notification.notify), `seed ${seed}: the opening was held`).toBe(true);
      // Only escalations notify an acknowledged alert: not its held opening, not its resolution.
      const sent = events.filter((e) => e.notification.notify);
      expect(sent.map((e) => e.type).filter((type) => type !== 'escalated'), `seed ${seed}`).toEqual([]);
      expect(sent.some((e) => e.severity === 'critical'), `seed ${seed}`).toBe(critical);
    }
  });

  it('quiet hours 13:30-15:00, a storm: turning critical breaks through quiet hours, announced as opened, then escalated', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const events = quietHoursRun(20, seed);
      // Held first: the opening, and on some seeds a step to warning (the tail of the mid-size case above).
      const held = events.filter((e) => !e.notification.notify);
      expect([['opened held'], ['opened held', 'escalated held']], `seed ${seed}`).toContainEqual(notified(held));
      // The team never heard of the alert: it hears that it opened (at its severity before) and that it turned critical.
      const sent = events.filter((e) => e.notification.notify);
      expect(notified(sent), `seed ${seed}`).toEqual([`opened at ${new Date(sent[0]!.at).toISOString().slice(11, 16)}`, 'escalated', 'resolved']);
      expect(events.indexOf(sent[0]!)).toBe(held.length);
      expect(sent[0]!.at).toBe(sent[1]!.at);
      // Opened as a watch or a warning (the noise decides), and turned critical.
      expect(sent[0]!.severity).not.toBe('critical');
      expect(sent[1]!.severity).toBe('critical');
    }
  });

  it('quiet hours that begin after the opening was heard hold its resolution until they end, not for ever', () => {
    const series = makeSeries({ days: 12, seed: 3, extraNegative: (t) => (t >= surgeAt && t < surgeEnd ? 20 : 0) });
    const resolvedAt = runIncrementally(series).events.find((e) => e.type === 'resolved')!.at;
    const clock = (at: number) => new Date(at).toISOString().slice(11, 16);
    const quietHours = { start: clock(resolvedAt - HOUR), end: clock(resolvedAt + 2 * HOUR) };
    const { events, state } = runIncrementally(series, { settings: { quietHours } });
    const resolutions = events.filter((e) => e.type === 'resolved');
    // Held when it happened, sent (once) when the quiet hours ended, with its recovery.
    expect(resolutions.map((e) => [e.notification.notify, e.at])).toEqual([[false, resolvedAt], [true, resolvedAt + 2 * HOUR]]);
    expect(resolutions[1]).toMatchObject({ key: resolutions[0]!.key, recovery: resolutions[0]!.recovery });
    expect(state?.heldResolutions).toEqual([]);
    // A replay tells when it resolved, not when the quiet hours let the news out; and that both were sent.
    const [replayed] = replayHistory({ buckets: series, settings: parseDetectorSettings({ quietHours }), from: surgeAt - DAY, to: resolvedAt + 3 * HOUR });
    expect(replayed).toMatchObject({ resolvedAt, notifications: events.filter((e) => e.notification.notify).length });
  });

  it('a resolution held by quiet hours is dropped when the alert reopens before they end: never "resolved" while it is open', () => {
    const first = makeSeries({ days: 12, seed: 3, extraNegative: (t) => (t >= surgeAt && t < surgeEnd ? 20 : 0) });
    const resolvedAt = runIncrementally(first).events.find((e) => e.type === 'resolved')!.at;
    // A storm 20 minutes after the resolution (within the cool-down), big enough to break through quiet hours.
    const storm = resolvedAt + 20 * 60_000;
    const series = makeSeries({ days: 12, seed: 3, extraNegative: (t) => (t >= surgeAt && t < surgeEnd ? 20 : t >= storm && t < storm + HOUR ? 80 : 0) });
    const clock = (at: number) => new Date(at).toISOString().slice(11, 16);
    const { events } = runIncrementally(series, { settings: { quietHours: { start: clock(resolvedAt - HOUR), end: clock(resolvedAt + 3 * HOUR) } } });
    const sent = events.filter((e) => e.notification.notify).map((e) => e.type);
    expect(events.map((e) => e.type)).toContain('reopened');
    // Heard: the opening, the reopening (critical), maybe its escalation, its resolution; the first resolution never.
    expect(sent[0]).toBe('opened');
    expect(sent.indexOf('resolved')).toBe(sent.length - 1);
    expect(sent).toContain('reopened');
  });

  it('a resolution in quiet hours of an alert whose opening they held too is never sent: nobody heard of it', () => {
    const series = makeSeries({ days: 12, seed: 3, extraNegative: (t) => (t >= surgeAt && t < surgeEnd ? 6 : 0) });
    const clock = (at: number) => new Date(at).toISOString().slice(11, 16);
    const { events } = runIncrementally(series, { settings: { quietHours: { start: clock(surgeAt - HOUR), end: clock(surgeEnd + 12 * HOUR) } } });
    expect(events.length).toBeGreaterThan(0);
    expect(events.some((e) => e.type === 'resolved')).toBe(true);
    expect(events.filter((e) => e.notification.notify)).toEqual([]);
  });

  it('a surge in the sources that answered still alerts, marked partial coverage', () => {
    const series = makeSeries({ days: 12, seed: 12, extraNegative: (t) => (t >= surgeAt && t < surgeEnd ? 10 : 0) }).map((b) => (b.bucketStart >= surgeAt - HOUR && b.bucketStart < surgeEnd ? { ...b, coverage: 'partial' as const } : b));
    const opened = runIncrementally(series).events.find((e) => e.type === 'opened');
    expect(opened).toMatchObject({ kind: 'backlash', evidence: { partialCoverage: true } });
  });

  it('a positive surge (a launch going well) is its own kind, not a backlash', () => {
    const series = makeSeries({ days: 12, seed: 13, extraPositive: (t) => (t >= surgeAt && t < surgeEnd ? 10 : 0) });
    const kinds = runIncrementally(series).events.filter((e) => e.type === 'opened').map((e) => e.kind);
    expect(kinds).toEqual(['positive-surge']);
  });

  // Backlash is a surprising negative count AND a negative share clearly above its usual share: a story
  // that triples every mention for two hours in the usual tone raises the negative count as much as a
  // backlash does. Without the share test it opened a backlash or positive surge on all ten seeds; with
  // it, on 19 of seeds 1-100 (chance share lifts of one window among many, 13 through the record rule's
  // lower bar), 1 in this set; since a record needs its share at 1 in 1,000 (score-signals), on 6 of 100,
  // none in this set; since a 5-minute bucket turning on a story told so far in the usual tone needs the
  // hour before to lean its way or its share at 1 in 1,000, on 3 of 100. The same story with nearly half
  // its mentions negative opens a backlash on every seed.
  it('a story that triples every mention in the usual tone is rarely a backlash or positive surge; the same story angry is a backlash on every seed', () => {
    const inSurge = (t: number) => t >= surgeAt && t < surgeEnd;
    const openings = (negativeShare: number, seed: number) => {
      const series = makeSeries({ days: 12, seed, mean: (t) => dailyCurve(t, 60) * (inSurge(t) ? 3 : 1), negativeShare: (t) => (inSurge(t) ? negativeShare : 0.2) });
      return runIncrementally(series).events.filter((e) => e.type === 'opened' && e.bucketStart >= surgeAt - DAY);
    };
    const usualTone = SEEDS.filter((seed) => openings(0.2, seed).length > 0);
    expect(usualTone.length).toBeLessThanOrEqual(1);
    for (const seed of SEEDS) {
      const angry = openings(0.45, seed);
      expect(angry.map((e) => e.kind), `seed ${seed}`).toEqual(['backlash']);
      expect(angry[0]!.evidence.share!.during, `seed ${seed}`).toBeGreaterThan(angry[0]!.evidence.share!.before + 0.15);
    }
  });

  it('every source failing for an hour raises a source-health alert instead of silence', () => {
    const series = makeSeries({ days: 12, seed: 14 }).map((b) => (b.bucketStart >= surgeAt && b.bucketStart < surgeEnd ? { ...b, count: 0, negative: 0, positive: 0, coverage: 'none' as const } : b));
    const events = runIncrementally(series).events;
    expect(events.map((e) => `${e.type} ${e.kind}`)).toEqual(['opened source-health', 'resolved source-health']);
    expect(events[0]!.bucketStart).toBe(surgeAt + HOUR - BUCKET_MS);
  });
});
