import { describe, expect, it } from 'vitest';
import { checkDetectorSettings, DetectorSettingsError, parseDetectorSettings } from '../../src/detection/detector-settings';

describe('detector settings', () => {
  it('defaults', () => {
    expect(parseDetectorSettings({})).toEqual({
      sensitivity: 'medium', minCount: 5, cooldownMinutes: 60, warmupHours: 3, utcOffsetMinutes: 0, timeZone: null, quietHours: null, kinds: ['backlash', 'positive-surge', 'silence'],
    });
  });

  it.each([
    { name: 'unknown sensitivity', input: { sensitivity: 'extreme' }, error: 'sensitivity: must be one of low, medium, high' },
    { name: 'minimum count below 1', input: { minCount: 0 }, error: 'minCount: must be at least 1' },
    { name: 'fractional minimum count', input: { minCount: 2.5 }, error: 'minCount: must be a whole number' },
    { name: 'cool-down too short', input: { cooldownMinutes: 1 }, error: 'cooldownMinutes: must be at least 5' },
    { name: 'cool-down too long', input: { cooldownMinutes: 20_000 }, error: 'cooldownMinutes: must be at most 10080 (7 days)' },
    { name: 'quiet hours not a clock time', input: { quietHours: { start: '25:00', end: '07:00' } }, error: 'quietHours.start: must be a time of day as HH:MM, 00:00 to 23:59' },
    { name: 'quiet hours of zero length', input: { quietHours: { start: '07:00', end: '07:00' } }, error: 'quietHours: start and end must differ' },
    { name: 'no kinds', input: { kinds: [] }, error: 'kinds: must name at least one kind' },
    { name: 'a typo in a name', input: { cooldown: 30 }, error: 'settings: unknown setting "\u2068cooldown\u2069"' },
    // An override the key leaves open ends with it, not at the end of the dashboard's line.
    { name: 'a name that reverses text', input: { '\u202emin': 1 }, error: 'settings: unknown setting "\u2068\u202emin\u2069"' },
  ])('$name', ({ input, error }) => {
    expect(checkDetectorSettings(input)).toEqual({ ok: false, errors: [error] });
  });

  it('keeps a kind named twice once', () => {
    expect(parseDetectorSettings({ kinds: ['backlash', 'silence', 'backlash'] }).kinds).toEqual(['backlash', 'silence']);
  });

  it('reports every problem at once, and parse throws a typed error listing them', () => {
    const input = { minCount: -1, sensitivity: 'max', quietHours: { start: 'x', end: '07:00' } };
    const check = checkDetectorSettings(input);
    expect(check.ok ? [] : check.errors).toHaveLength(3);
    expect(() => parseDetectorSettings(input)).toThrow(DetectorSettingsError);
  });
});
