import { describe, expect, it } from 'vitest';
import { freshnessLifetimeMs, nextCheckInMs } from '../../src/http/cache-lifetime';
import { parseRetryAfter } from '../../src/http/retry-after';

const now = Date.parse('2026-11-30T10:00:00Z');

describe('freshnessLifetimeMs', () => {
  it.each([
    ['nothing said', {}, null],
    ['max-age', { 'cache-control': 'public, max-age=900' }, 900_000],
    ['max-age minus Age', { 'cache-control': 'max-age=900', age: '300' }, 600_000],
    ['max-age wins over Expires', { 'cache-control': 'max-age=60', expires: 'Tue, 01 Dec 2026 10:00:00 GMT' }, 60_000],
    ['no-cache', { 'cache-control': 'no-cache, max-age=900' }, 0],
    ['no-store', { 'cache-control': 'no-store' }, 0],
    ['Expires against Date', { expires: 'Mon, 30 Nov 2026 11:00:00 GMT', date: 'Mon, 30 Nov 2026 10:30:00 GMT' }, 1_800_000],
    ['Expires against now', { expires: 'Mon, 30 Nov 2026 11:00:00 GMT' }, 3_600_000],
    ['Expires in the past', { expires: 'Mon, 30 Nov 2026 09:00:00 GMT' }, 0],
    ['unreadable Expires', { expires: '0' }, 0],
  ])('%s', (_name, headers, expected) => {
    expect(freshnessLifetimeMs(new Headers(headers), now)).toBe(expected);
  });
});

describe('nextCheckInMs', () => {
  it.each([
    ['nothing known', [null], undefined],
    ['shorter than the scheduler interval', [60_000], undefined],
    ['longer', [30 * 60_000], 30 * 60_000],
    ['the longest of several', [30 * 60_000, 2 * 60 * 60_000], 2 * 60 * 60_000],
    ['a year, capped at 12 h', [365 * 24 * 60 * 60_000], 12 * 60 * 60_000],
  ])('%s', (_name, lifetimes, expected) => {
    expect(nextCheckInMs(lifetimes)).toBe(expected);
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['absent', null, null],
    ['seconds', '120', 120_000],
    ['seconds with spaces', ' 30 ', 30_000],
    ['HTTP date', 'Mon, 30 Nov 2026 10:05:00 GMT', 300_000],
    ['HTTP date in the past', 'Mon, 30 Nov 2026 09:00:00 GMT', 0],
    ['a week, capped at a day', '604800', 86_400_000],
    ['garbage', 'soon', null],
    ['negative', '-5', null],
  ])('%s', (_name, value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});
