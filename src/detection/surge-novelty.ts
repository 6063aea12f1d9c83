// "Is this surge news for this topic?" A surge must be a fifth bigger, in mentions above what was
// expected, than the topic's third-largest surge of the past two weeks.
//
// The count model says how unlikely a window is under an ordinary day; it cannot know that this
// topic has a bot that posts 200 links every morning, or a newsletter whose mention storm comes
// every Tuesday. Those are real, surprising surges, and after a few a person who watches the topic
// has learned them: the next one is not news, a clearly bigger one is. So each window remembers its
// recent surprise episodes (a run of surprising buckets, closed after an hour of calm) with their
// peak surprise and their peak size (mentions above expected), and a new surge must be a fifth
// bigger than the third-largest of them (equal bursts differ by their Poisson noise, about a tenth
// at 150 posts). A topic with no surprising history (most topics, most of the time) has no bar;
// the first three of a kind always alert.
//
// Size, not surprise: the same 190-link bot burst is far more surprising at 3 a.m. than at noon (the
// expected count is lower), so a bar on surprise let a constant bot through whenever it posted in a
// quieter hour (UPS on NAB: 12 false-positive rows, 6 with the bar on size). What a person compares
// is how big the burst is.
// Measured on the 10 NAB Twitter mention series (bench/detect/RESULTS.md): the surprise bar took the
// six files the detector was never tuned on from 48 to 63 points; the size bar takes all ten from
// 73.8 to 75.7 (the four dev files 76.8 -> 77.9, the six 72.2 -> 74.5), with margins 1.1-1.2 within
// 0.1 of each other and 1.3 a window worse; synthetic recurring bursts alert less after their third.

/** [last surprising bucket start, peak surprise, peak mentions above expected] of one episode, oldest first. */
export type SurpriseEpisode = [number, number, number?];

const DAY_MS = 86_400_000;
/** How far back the topic's own surges count. */
export const NOVELTY_SPAN_MS = 14 * DAY_MS;
/** The new surge is compared with this many-th largest recent episode (by size)... */
const NOVELTY_RANK = 3;
/** ...and must exceed its size by this factor. */
const NOVELTY_MARGIN = 1.2;
/** Surprise (log10) that makes a bucket part of an episode: 1 in 10,000, well below any alert bar. */
const EPISODE_FLOOR = 4;
/** An episode ends after this long without a surprising bucket. */
const EPISODE_GAP_MS = 3_600_000;

/**
 * Both things a window's recent surges say at `at`, in one pass over its episodes (the detector asks
 * for every window of every track at every bucket): the novelty bar, in mentions above expected
 * (1.2x the NOVELTY_RANK-th largest episode size, 0 while fewer are on record; episodes stored
 * before sizes were kept count as size 0), and the largest peak surprise (what a record must beat,
 * 0 when none). Only episodes that ended before the current one count: a surge is never compared
 * with itself.
 */
export function recentSurges(episodes: readonly SurpriseEpisode[] | undefined, at: number): { novelty: number; largest: number } {
  // The NOVELTY_RANK largest sizes so far, largest first.
  const top: number[] = [];
  let largest = 0;
  for (const [last, peak, size] of episodes ?? []) {
    if (!isRecentAndClosed(last, at)) continue;
    largest = Math.max(largest, peak);
    const excess = size ?? 0;
    let i = top.length;
    while (i > 0 && (top[i - 1] as number) < excess) i--;
    if (i < NOVELTY_RANK) {
      top.splice(i, 0, excess);
      if (top.length > NOVELTY_RANK) top.pop();
    }
  }
  return { novelty: top.length < NOVELTY_RANK ? 0 : NOVELTY_MARGIN * (top[NOVELTY_RANK - 1] as number), largest };
}

/** Within the span, and ended an episode gap ago: a surge is never compared with itself. */
function isRecentAndClosed(last: number, at: number): boolean {
  return last >= at - NOVELTY_SPAN_MS && last < at - EPISODE_GAP_MS;
}

/**
 * Records a bucket's surprise and size (mentions above expected) (mutates `episodes`). Keeps only
 * what can still set a bar: an episode with NOVELTY_RANK later closed episodes at least as big, and
 * one later closed episode at least as surprising, expires before them and can never again be among
 * the NOVELTY_RANK biggest or be the most surprising, so the list stays short whatever the topic
 * does. (The open episode, the newest, does not count yet: it is not part of its own bar.)
 */
export function recordSurprise(episodes: SurpriseEpisode[], at: number, surprise: number, size: number): void {
  while (episodes.length > 0 && (episodes[0] as SurpriseEpisode)[0] < at - NOVELTY_SPAN_MS) episodes.shift();
  if (!(surprise >= EPISODE_FLOOR)) return;
  const open = episodes[episodes.length - 1];
  if (open && open[0] >= at - EPISODE_GAP_MS) {
    open[0] = at;
    open[1] = Math.max(open[1], surprise);
    open[2] = Math.max(open[2] ?? 0, size);
  } else {
    episodes.push([at, surprise, size]);
  }
  for (let i = episodes.length - 2; i >= 0; i--) {
    const [, peak, own] = episodes[i] as SurpriseEpisode;
    let bigger = 0;
    let moreSurprising = false;
    for (let j = i + 1; j < episodes.length - 1 && !(bigger >= NOVELTY_RANK && moreSurprising); j++) {
      const [, laterPeak, laterSize] = episodes[j] as SurpriseEpisode;
      if ((laterSize ?? 0) >= (own ?? 0)) bigger++;
      if (laterPeak >= peak) moreSurprising = true;
    }
    if (bigger >= NOVELTY_RANK && moreSurprising) episodes.splice(i, 1);
  }
}
