import { describe, expect, it } from 'vitest';
import { scenarioDay } from '../../demo/backlash-scenario';

const at = (iso: string) => Date.parse(iso);

describe('scenarioDay', () => {
  it.each([
    { name: 'morning: yesterday, whose surge is still in the last 24 hours', now: '2026-12-01T09:00:00Z', day: '2026-11-30' },
    { name: 'a minute before the story would end today: yesterday', now: '2026-12-01T18:29:00Z', day: '2026-11-30' },
    { name: 'once the story would be over today: today, so the overview is not empty all evening', now: '2026-12-01T18:30:00Z', day: '2026-12-01' },
    { name: 'late evening: today', now: '2026-12-01T23:59:00Z', day: '2026-12-01' },
    { name: 'just after midnight: the day before, whose story ended hours ago', now: '2026-12-02T00:01:00Z', day: '2026-12-01' },
  ])('$name', ({ now, day }) => {
    expect(scenarioDay(at(now), undefined)).toBe(at(`${day}T00:00:00Z`));
  });

  it.each([
    { name: 'a named day wins', named: '2026-11-02', day: '2026-11-02' },
    { name: 'empty means not named', named: '', day: '2026-11-30' },
  ])('$name', ({ named, day }) => {
    expect(scenarioDay(at('2026-12-01T09:00:00Z'), named)).toBe(at(`${day}T00:00:00Z`));
  });

  it('refuses a day that is not a date', () => {
    expect(() => scenarioDay(0, '2026-13-45')).toThrow('EARSHOT_DEMO_DAY: want a date like 2026-11-02, got "2026-13-45"');
  });
});
