import { describe, expect, it } from 'vitest';
import { checkDetectorSettings } from '../../src/detection/detector-settings';
import { isTimeZone, localOffsetMinutes } from '../../src/detection/local-time';
import { scoreWindows } from '../../src/detection/signal-track';
import { runIncrementally } from './run-detector';
import { DAY, HOUR, makeSeries } from './synthetic-series';

const zone = (timeZone: string) => ({ timeZone, utcOffsetMinutes: 0 });

describe('localOffsetMinutes', () => {
  it.each([
    ['Paris in winter', zone('Europe/Paris'), '2026-01-15T12:00:00Z', 60],
    ['Paris in summer', zone('Europe/Paris'), '2026-07-15T12:00:00Z', 120],
    // Clocks go forward at 01:00 UTC on the last Sunday of March: the minute before and the minute itself.
    ['Paris, the minute before clocks go forward', zone('Europe/Paris'), '2026-03-29T00:59:00Z', 60],
    ['Paris, as clocks go forward', zone('Europe/Paris'), '2026-03-29T01:00:00Z', 120],
    ['New York in winter', zone('America/New_York'), '2026-01-15T12:00:00Z', -300],
    ['New York in summer', zone('America/New_York'), '2026-07-15T12:00:00Z', -240],
    ['Sydney in January (its summer)', zone('Australia/Sydney'), '2026-01-15T12:00:00Z', 660],
    ['Kathmandu (a quarter-hour offset)', zone('Asia/Kathmandu'), '2026-07-15T12:00:00Z', 345],
    ['Lord Howe in its summer (half an hour of daylight saving)', zone('Australia/Lord_Howe'), '2026-01-15T12:00:00Z', 660],
    ['UTC', zone('UTC'), '2026-07-15T12:00:00Z', 0],
    ['no zone: the fixed offset, all year', { timeZone: null, utcOffsetMinutes: 60 }, '2026-07-15T12:00:00Z', 60],
  ])('%s', (_case, settings, at, minutes) => {
    expect(localOffsetMinutes(settings, Date.parse(at))).toBe(minutes);
  });
});

describe('isTimeZone', () => {
  it.each([
    ['Europe/Paris', true],
    ['America/Argentina/Buenos_Aires', true],
    ['UTC', true],
    ['Mars/Olympus_Mons', false],
    ['', false],
    ['Europe/Paris; DROP TABLE', false],
  ])('%s → %s', (name, known) => {
    expect(isTimeZone(name)).toBe(known);
  });
});

describe('the timeZone setting', () => {
  it('defaults to none and takes a known zone', () => {
    expect(checkDetectorSettings({})).toMatchObject({ ok: true, settings: { timeZone: null, utcOffsetMinutes: 0 } });
    expect(checkDetectorSettings({ timeZone: 'Europe/Paris' })).toMatchObject({ ok: true, settings: { timeZone: 'Europe/Paris' } });
  });

  it.each([
    ['an unknown zone', { timeZone: 'Mars/Olympus_Mons' }, 'timeZone: must be an IANA time zone such as Europe/Paris or America/New_York'],
    ['a zone and an offset', { timeZone: 'Europe/Paris', utcOffsetMinutes: 60 }, 'timeZone: set a time zone or a UTC offset, not both (utcOffsetMinutes must be 0 with a time zone)'],
    ['not a string', { timeZone: 60 }, 'timeZone: must be an IANA time zone such as Europe/Paris, or null'],
  ])('refuses %s', (_case, input, error) => {
    expect(checkDetectorSettings(input)).toEqual({ ok: false, errors: [error] });
  });
});

// Clocks in Paris go forward at 01:00 UTC on 29 March 2026.
const SUMMER_TIME = Date.UTC(2026, 2, 29, 1);
const parisHour = (at: number) => new Date(at + (at >= SUMMER_TIME ? 2 : 1) * HOUR).getUTCHours();
const parisWeekday = (at: number) => new Date(at + (at >= SUMMER_TIME ? 2 : 1) * HOUR).getUTCDay();

describe('a topic on Paris office hours across the change to summer time', () => {
  // People write about it on weekdays from 9 to 18 Paris time (30 an hour), little otherwise (1 an
  // hour). From 29 March that is 07:00–16:00 UTC instead of 08:00–17:00.
  const buckets = makeSeries({
    days: 42,
    start: Date.UTC(2026, 2, 2),
    seed: 5,
    mean: (at) => ([1, 2, 3, 4, 5].includes(parisWeekday(at)) && parisHour(at) >= 9 && parisHour(at) < 18 ? 30 : 1) / 12,
  });
  const settings = { kinds: ['volume-spike' as const, 'silence' as const] };
  const afterTheChange = (events: ReturnType<typeof runIncrementally>['events']) => events.filter((e) => e.bucketStart >= SUMMER_TIME && e.type !== 'resolved');

  it('raises nothing with its time zone: the office day stays where the profile has it', () => {
    expect(afterTheChange(runIncrementally(buckets, { settings: { ...settings, timeZone: 'Europe/Paris' } }).events)).toEqual([]);
  });

  it('expects the first summer-time morning where it comes; a fixed offset expects it an hour later', () => {
    // Monday 30 March, 07:00–08:00 UTC: 09:00–10:00 in Paris, the office day's first hour (about 30).
    const firstHour = buckets.filter((b) => b.bucketStart < Date.UTC(2026, 2, 30, 8));
    const expectedHour = (over: Record<string, unknown>) => {
      const { state } = runIncrementally(firstHour, { settings: { ...settings, ...over } });
      return scoreWindows(state!.tracks.all, [12])[0]!;
    };
    const observed = expectedHour({}).observed;
    expect(observed).toBeGreaterThan(20);
    expect(expectedHour({ timeZone: 'Europe/Paris' }).expected).toBeGreaterThan(observed / 2);
    expect(expectedHour({ utcOffsetMinutes: 60 }).expected).toBeLessThan(observed / 5);
  });
});

describe('quiet hours on the local clock', () => {
  // A backlash at 20:30 UTC on a summer evening: 22:30 in Paris (inside 22:00–07:00), 21:30 on a fixed +60.
  const SURGE = Date.UTC(2026, 6, 15, 20, 30);
  const buckets = makeSeries({
    days: 21,
    start: Date.UTC(2026, 5, 29),
    seed: 3,
    extraNegative: (at) => (at >= SURGE && at < SURGE + HOUR ? 4 : 0),
  }).filter((b) => b.bucketStart < SURGE + HOUR);
  const opening = (over: Record<string, unknown>) =>
    runIncrementally(buckets, { settings: { quietHours: { start: '22:00', end: '07:00' }, kinds: ['backlash'], ...over } }).events.find((e) => e.type === 'opened');

  it('holds the opening at 22:30 Paris time, and sends it on a fixed offset that says 21:30', () => {
    expect(opening({ timeZone: 'Europe/Paris' })?.notification).toEqual({ notify: false, reason: 'quiet-hours' });
    expect(opening({ utcOffsetMinutes: 60 })?.notification).toEqual({ notify: true });
  });
});

describe('a topic whose local time setting changes', () => {
  // Busy 14:00–16:00 UTC every day (30 an hour), 1 an hour otherwise; three weeks on UTC, then set to New York.
  const start = Date.UTC(2026, 0, 5);
  const buckets = makeSeries({ days: 23, start, seed: 8, mean: (at) => ((at % DAY) / HOUR >= 14 && (at % DAY) / HOUR < 16 ? 30 : 1) / 12 });
  const switchAt = start + 21 * DAY;
  const settings = { kinds: ['volume-spike' as const, 'silence' as const] };
  const learned = runIncrementally(buckets.filter((b) => b.bucketStart < switchAt), { settings }).state;
  const peakHour = (over: Record<string, unknown>) => {
    const until = switchAt + DAY + 16 * HOUR;
    const rest = buckets.filter((b) => b.bucketStart >= switchAt && b.bucketStart < until);
    const { state, events } = runIncrementally(rest, { settings: { ...settings, ...over }, state: learned });
    return { hour: scoreWindows(state!.tracks.all, [12])[0]!, events, localTime: state!.localTime };
  };

  it('keeps what it learned on the real hours: the afternoon peak is still expected at 15:00 UTC', () => {
    const same = peakHour({});
    const moved = peakHour({ timeZone: 'America/New_York' });
    expect(moved.localTime).toBe('zone:America/New_York');
    expect(moved.hour.observed).toBe(same.hour.observed);
    expect(moved.hour.expected / same.hour.expected).toBeGreaterThan(0.8);
    expect(moved.hour.expected / same.hour.expected).toBeLessThan(1.25);
    expect(moved.events.filter((e) => e.type !== 'resolved')).toEqual([]);
  });
});

describe('a topic with a busy weekday whose local time setting changes', () => {
  // Saturdays (UTC) at three times the rest (36 an hour against 12); four weeks on UTC, then set to UTC+12,
  // where a UTC Saturday is half local Saturday and half local Sunday.
  const start = Date.UTC(2026, 0, 5);
  const buckets = makeSeries({ days: 35, start, seed: 11, mean: (at) => (new Date(at).getUTCDay() === 6 ? 36 : 12) / 12 });
  const switchAt = start + 28 * DAY;
  const settings = { kinds: ['volume-spike' as const, 'silence' as const] };
  const learned = runIncrementally(buckets.filter((b) => b.bucketStart < switchAt), { settings }).state;
  const saturdayAfternoon = (over: Record<string, unknown>) => {
    // Saturday 15:00 UTC of the fifth week: 03:00 on Sunday at UTC+12.
    const until = switchAt + 5 * DAY + 15 * HOUR;
    const rest = buckets.filter((b) => b.bucketStart >= switchAt && b.bucketStart < until);
    const { state, events } = runIncrementally(rest, { settings: { ...settings, ...over }, state: learned });
    return { hour: scoreWindows(state!.tracks.all, [12])[0]!, events };
  };

  it("moves the day shape with the clock: a UTC Saturday's second half is not expected at a Sunday's level", () => {
    const same = saturdayAfternoon({});
    const moved = saturdayAfternoon({ utcOffsetMinutes: 720 });
    expect(moved.hour.observed).toBe(same.hour.observed);
    // The day shape cannot move by half a day exactly (it has one slot a day): blended, local Sunday takes half
    // of Saturday's level. Unmoved it expected a third of what comes.
    expect(moved.hour.expected / same.hour.expected).toBeGreaterThan(0.55);
    expect(moved.events.filter((e) => e.type !== 'resolved')).toEqual([]);
  });
});
