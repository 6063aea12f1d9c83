// The novelty bar: a surge must be a fifth more surprising than the topic's third-largest surge of the past two weeks.
import { describe, expect, it } from 'vitest';
import { largestRecentSurge, NOVELTY_SPAN_MS, noveltyBar, recordSurprise, type SurpriseEpisode } from '../../src/detection/surge-novelty';
import { randomSource } from './synthetic-series';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 5);
/** A day in minutes. */
const D = DAY / MIN;

/** Records [minutes after T0, surprise] pairs in order and returns the episodes. */
function record(points: Array<[number, number]>): SurpriseEpisode[] {
  const episodes: SurpriseEpisode[] = [];
  for (const [minutes, surprise] of points) recordSurprise(episodes, T0 + minutes * MIN, surprise);
  return episodes;
}

describe('noveltyBar', () => {
  it.each([
    { name: 'no history', points: [], at: 10 * DAY, bar: 0 },
    { name: 'two past surges: the first three of a kind always alert', points: [[0, 30], [D, 20]], at: 2 * DAY, bar: 0 },
    { name: 'three past surges: a fifth above the smallest', points: [[0, 30], [D, 20], [2 * D, 25]], at: 3 * DAY, bar: 24 },
    { name: 'four past surges: a fifth above the third largest', points: [[0, 30], [D, 10], [2 * D, 25], [3 * D, 20]], at: 4 * DAY, bar: 24 },
    { name: 'buckets below 1 in 10,000 are not surges', points: [[0, 3.9], [D, 3.5], [2 * D, 3.9]], at: 3 * DAY, bar: 0 },
    { name: 'an episode is one run: buckets within an hour of each other share one peak', points: [[0, 10], [30, 40], [80, 12], [D, 20], [D + 50, 20]], at: 2 * DAY, bar: 0 },
    { name: 'the surge under way is not its own bar', points: [[0, 30], [D, 20], [2 * D, 25], [3 * D, 50]], at: 3 * DAY + 5 * MIN, bar: 24 },
    { name: 'surges older than two weeks are forgotten', points: [[0, 30], [D, 20], [2 * D, 25]], at: 2 * DAY + NOVELTY_SPAN_MS + MIN, bar: 0 },
  ] as Array<{ name: string; points: Array<[number, number]>; at: number; bar: number }>)('$name', ({ points, at, bar }) => {
    expect(noveltyBar(record(points), T0 + at)).toBeCloseTo(bar, 9);
  });
});

describe('largestRecentSurge: what a record must beat', () => {
  it.each([
    { name: 'no history', points: [], at: DAY, largest: 0 },
    { name: 'the largest of the last two weeks', points: [[0, 30], [D, 50], [2 * D, 20]], at: 3 * DAY, largest: 50 },
    { name: 'not the surge under way', points: [[0, 30], [D, 50]], at: D * MIN + 5 * MIN, largest: 30 },
    { name: 'not one older than two weeks', points: [[0, 50], [D, 20]], at: NOVELTY_SPAN_MS + 5 * MIN, largest: 20 },
  ] as Array<{ name: string; points: Array<[number, number]>; at: number; largest: number }>)('$name', ({ points, at, largest }) => {
    expect(largestRecentSurge(record(points), T0 + at)).toBe(largest);
  });
});

describe('recordSurprise keeps only what can still set a bar', () => {
  it('gives the same bars as keeping every episode, in a bounded list', () => {
    const random = randomSource(7);
    const kept: SurpriseEpisode[] = [];
    const all: SurpriseEpisode[] = [];
    let longest = 0;
    for (let minutes = 0; minutes < 60 * DAY / MIN; minutes += 5) {
      const at = T0 + minutes * MIN;
      // Surprising buckets a few times a day, of any size.
      const surprise = random() < 0.01 ? 4 + 60 * random() * random() : 0;
      expect(noveltyBar(kept, at)).toBe(naiveBar(all, at));
      expect(largestRecentSurge(kept, at)).toBe(largestRecentSurge(all, at));
      recordSurprise(kept, at, surprise);
      recordNaive(all, at, surprise);
      longest = Math.max(longest, kept.length);
    }
    expect(all.length).toBeGreaterThan(100);
    expect(longest).toBeLessThan(25);
  });
});

// The rule written out plainly, without pruning.
function recordNaive(episodes: SurpriseEpisode[], at: number, surprise: number): void {
  if (surprise < 4) return;
  const open = episodes[episodes.length - 1];
  if (open && open[0] >= at - HOUR) {
    open[0] = at;
    open[1] = Math.max(open[1], surprise);
  } else episodes.push([at, surprise]);
}

function naiveBar(episodes: SurpriseEpisode[], at: number): number {
  const peaks = episodes.filter(([last]) => last >= at - NOVELTY_SPAN_MS && last < at - HOUR).map(([, p]) => p).sort((a, b) => b - a);
  return peaks.length < 3 ? 0 : 1.2 * (peaks[2] as number);
}
