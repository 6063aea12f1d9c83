// The novelty bar: a surge must be a fifth bigger (mentions above expected) than the topic's third-largest surge of the past two weeks.
import { describe, expect, it } from 'vitest';
import { NOVELTY_SPAN_MS, recentSurges, recordSurprise, type SurpriseEpisode } from '../../src/detection/surge-novelty';

const noveltyBar = (episodes: SurpriseEpisode[], at: number) => recentSurges(episodes, at).novelty;
const largestRecentSurge = (episodes: SurpriseEpisode[], at: number) => recentSurges(episodes, at).largest;
import { randomSource } from './synthetic-series';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 5);
/** A day in minutes. */
const D = DAY / MIN;

/** Records [minutes after T0, surprise, size] points in order and returns the episodes (size: mentions above expected). */
function record(points: Array<[number, number, number?]>): SurpriseEpisode[] {
  const episodes: SurpriseEpisode[] = [];
  for (const [minutes, surprise, size] of points) recordSurprise(episodes, T0 + minutes * MIN, surprise, size ?? 0);
  return episodes;
}

describe('noveltyBar, in mentions above expected', () => {
  it.each([
    { name: 'no history', points: [], at: 10 * DAY, bar: 0 },
    { name: 'two past surges: the first three of a kind always alert', points: [[0, 30, 300], [D, 20, 200]], at: 2 * DAY, bar: 0 },
    { name: 'three past surges: a fifth above the smallest', points: [[0, 30, 300], [D, 20, 200], [2 * D, 25, 250]], at: 3 * DAY, bar: 240 },
    { name: 'four past surges: a fifth above the third largest', points: [[0, 30, 300], [D, 10, 100], [2 * D, 25, 250], [3 * D, 20, 200]], at: 4 * DAY, bar: 240 },
    // The same burst at a quieter hour is more surprising, not bigger: size sets the bar.
    { name: 'by size, not by surprise', points: [[0, 90, 150], [D, 30, 160], [2 * D, 60, 155]], at: 3 * DAY, bar: 180 },
    { name: 'buckets below 1 in 10,000 are not surges', points: [[0, 3.9, 50], [D, 3.5, 50], [2 * D, 3.9, 50]], at: 3 * DAY, bar: 0 },
    { name: 'an episode is one run: buckets within an hour of each other share one peak size', points: [[0, 10, 100], [30, 40, 400], [80, 12, 120], [D, 20, 200], [D + 50, 20, 200]], at: 2 * DAY, bar: 0 },
    { name: 'the surge under way is not its own bar', points: [[0, 30, 300], [D, 20, 200], [2 * D, 25, 250], [3 * D, 50, 500]], at: 3 * DAY + 5 * MIN, bar: 240 },
    { name: 'surges older than two weeks are forgotten', points: [[0, 30, 300], [D, 20, 200], [2 * D, 25, 250]], at: 2 * DAY + NOVELTY_SPAN_MS + MIN, bar: 0 },
    { name: 'episodes stored before sizes were kept count as size 0', points: [[0, 30], [D, 20, 200], [2 * D, 25, 250]], at: 3 * DAY, bar: 0 },
  ] as Array<{ name: string; points: Array<[number, number, number?]>; at: number; bar: number }>)('$name', ({ points, at, bar }) => {
    expect(noveltyBar(record(points), T0 + at)).toBeCloseTo(bar, 9);
  });
});

describe('largestRecentSurge: what a record must beat', () => {
  it.each([
    { name: 'no history', points: [], at: DAY, largest: 0 },
    { name: 'the largest of the last two weeks', points: [[0, 30], [D, 50], [2 * D, 20]], at: 3 * DAY, largest: 50 },
    { name: 'not the surge under way', points: [[0, 30], [D, 50]], at: D * MIN + 5 * MIN, largest: 30 },
    { name: 'not one older than two weeks', points: [[0, 50], [D, 20]], at: NOVELTY_SPAN_MS + 5 * MIN, largest: 20 },
  ] as Array<{ name: string; points: Array<[number, number, number?]>; at: number; largest: number }>)('$name', ({ points, at, largest }) => {
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
      // Surprising buckets a few times a day, of any surprise and any size, not always together.
      const surprising = random() < 0.01;
      const surprise = surprising ? 4 + 60 * random() * random() : 0;
      const size = surprising ? 500 * random() * random() : 0;
      expect(noveltyBar(kept, at)).toBe(naiveBar(all, at));
      expect(largestRecentSurge(kept, at)).toBe(naiveLargest(all, at));
      recordSurprise(kept, at, surprise, size);
      recordNaive(all, at, surprise, size);
      longest = Math.max(longest, kept.length);
    }
    expect(all.length).toBeGreaterThan(100);
    expect(longest).toBeLessThan(25);
  });
});

// The rule written out plainly, without pruning.
function recordNaive(episodes: SurpriseEpisode[], at: number, surprise: number, size: number): void {
  if (surprise < 4) return;
  const open = episodes[episodes.length - 1];
  if (open && open[0] >= at - HOUR) {
    open[0] = at;
    open[1] = Math.max(open[1], surprise);
    open[2] = Math.max(open[2] ?? 0, size);
  } else episodes.push([at, surprise, size]);
}

const recent = (episodes: SurpriseEpisode[], at: number) => episodes.filter(([last]) => last >= at - NOVELTY_SPAN_MS && last < at - HOUR);

function naiveBar(episodes: SurpriseEpisode[], at: number): number {
  const sizes = recent(episodes, at).map(([, , size]) => size ?? 0).sort((a, b) => b - a);
  return sizes.length < 3 ? 0 : 1.2 * (sizes[2] as number);
}

function naiveLargest(episodes: SurpriseEpisode[], at: number): number {
  return Math.max(0, ...recent(episodes, at).map(([, peak]) => peak));
}
