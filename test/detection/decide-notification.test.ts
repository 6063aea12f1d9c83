import { describe, expect, it } from 'vitest';
import { decideNotification, isInQuietHours, type NotifyContext } from '../../src/detection/decide-notification';
import { localOffsetMinutes } from '../../src/detection/local-time';

type Row = [string, NotifyContext['type'], NotifyContext['severity'], boolean, boolean, boolean, false | 'acknowledged' | 'snoozed' | 'quiet-hours'];

// [name, event, severity, acknowledged, snoozed, in quiet hours, expected: false = notify, or the reason it does not]
const table: Row[] = [
  ['opened notifies', 'opened', 'watch', false, false, false, false],
  ['opened in quiet hours waits', 'opened', 'warning', false, false, true, 'quiet-hours'],
  ['opened critical breaks quiet hours', 'opened', 'critical', false, false, true, false],
  ['escalated notifies even when acknowledged', 'escalated', 'warning', true, false, false, false],
  ['escalated notifies even when snoozed', 'escalated', 'critical', false, true, false, false],
  ['escalated in quiet hours waits unless critical', 'escalated', 'warning', false, false, true, 'quiet-hours'],
  ['escalated critical breaks quiet hours', 'escalated', 'critical', true, true, true, false],
  ['reopened notifies', 'reopened', 'watch', false, false, false, false],
  ['reopened acknowledged stays silent', 'reopened', 'critical', true, false, false, 'acknowledged'],
  ['reopened snoozed stays silent', 'reopened', 'critical', false, true, false, 'snoozed'],
  ['reopened in quiet hours waits unless critical', 'reopened', 'watch', false, false, true, 'quiet-hours'],
  ['resolved notifies', 'resolved', 'warning', false, false, false, false],
  ['resolved acknowledged stays silent', 'resolved', 'warning', true, false, false, 'acknowledged'],
  ['resolved snoozed stays silent', 'resolved', 'warning', false, true, false, 'snoozed'],
  ['resolved in quiet hours stays silent, even critical', 'resolved', 'critical', false, false, true, 'quiet-hours'],
];

describe('decideNotification truth table', () => {
  it.each(table)('%s', (_name, type, severity, acknowledged, snoozed, inQuietHours, expected) => {
    const decision = decideNotification({ type, severity, acknowledged, snoozed, inQuietHours });
    expect(decision).toEqual(expected === false ? { notify: true } : { notify: false, reason: expected });
  });
});

describe('isInQuietHours on the nights the clocks change (Europe/Paris, 22:00-07:00 local)', () => {
  const paris = { timeZone: 'Europe/Paris', utcOffsetMinutes: 0 };
  const quiet = { start: '22:00', end: '07:00' };
  // Spring forward at 01:00 UTC on 29 March 2026 (CET +60 → CEST +120): quiet from 21:00 UTC to 05:00 UTC.
  // Fall back at 01:00 UTC on 25 October 2026 (CEST +120 → CET +60): quiet from 20:00 UTC to 06:00 UTC.
  it.each([
    ['2026-03-28T20:55:00Z', false], ['2026-03-28T21:00:00Z', true], ['2026-03-29T00:55:00Z', true], ['2026-03-29T01:00:00Z', true],
    ['2026-03-29T04:55:00Z', true], ['2026-03-29T05:00:00Z', false],
    ['2026-10-24T19:55:00Z', false], ['2026-10-24T20:00:00Z', true], ['2026-10-25T00:55:00Z', true], ['2026-10-25T01:00:00Z', true],
    ['2026-10-25T05:55:00Z', true], ['2026-10-25T06:00:00Z', false],
  ])('%s → %s', (iso, expected) => {
    const at = Date.parse(iso);
    expect(isInQuietHours(at, quiet, localOffsetMinutes(paris, at))).toBe(expected);
  });
});

describe('isInQuietHours', () => {
  const at = (hhmm: string) => Date.UTC(2026, 0, 5, Number(hhmm.slice(0, 2)), Number(hhmm.slice(3)));
  it.each([
    { name: 'inside a same-day range', time: '12:30', quiet: { start: '12:00', end: '13:00' }, offset: 0, expected: true },
    { name: 'end is exclusive', time: '13:00', quiet: { start: '12:00', end: '13:00' }, offset: 0, expected: false },
    { name: 'wrapping midnight, late evening', time: '23:10', quiet: { start: '22:00', end: '07:00' }, offset: 0, expected: true },
    { name: 'wrapping midnight, early morning', time: '06:59', quiet: { start: '22:00', end: '07:00' }, offset: 0, expected: true },
    { name: 'wrapping midnight, daytime', time: '12:00', quiet: { start: '22:00', end: '07:00' }, offset: 0, expected: false },
    { name: 'local time east of UTC (21:30 UTC is 23:30 at +120)', time: '21:30', quiet: { start: '22:00', end: '07:00' }, offset: 120, expected: true },
  ])('$name', ({ time, quiet, offset, expected }) => {
    expect(isInQuietHours(at(time), quiet, offset)).toBe(expected);
  });
});
