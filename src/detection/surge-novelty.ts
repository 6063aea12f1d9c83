// "Is this surge news for this topic?" A surge must be a fifth more surprising than the topic's
// third-largest surge of the past two weeks.
//
// The count model says how unlikely a window is under an ordinary day; it cannot know that this
// topic has a bot that posts 200 links every morning, or a newsletter whose mention storm comes
// every Tuesday. Those are real, surprising surges, and after a few a person who watches the topic
// has learned them: the next one is not news, a clearly bigger one is. So each window remembers its
// recent surprise episodes (a run of surprising buckets, closed after an hour of calm) and a new
// surge must clear the third-largest peak among them by a fifth (a surprise grows with the count,
// so equal bursts differ by their Poisson noise, about a tenth at 150 posts). A topic with no
// surprising history (most topics, most of the time) has no bar beyond the threshold; the first
// three of a kind always alert.
//
// Measured on the 10 NAB Twitter mention series (bench/detect/RESULTS.md), with the looser burst
// rule and the volume-only margin of score-signals: false alarms fell by 40 % and the six files
// the detector was never tuned on went from 48 to 63 points. Rank 2-3 and margins 1.1-1.3 all
// score within two points of each other; the middle was kept.

/** [last surprising bucket start, peak surprise] of one episode, oldest first. */
export type SurpriseEpisode = [number, number];

const DAY_MS = 86_400_000;
/** How far back the topic's own surges count. */
export const NOVELTY_SPAN_MS = 14 * DAY_MS;
/** The new surge is compared with this many-th largest recent episode... */
const NOVELTY_RANK = 3;
/** ...and must exceed its peak surprise by this factor. */
const NOVELTY_MARGIN = 1.2;
/** Surprise (log10) that makes a bucket part of an episode: 1 in 10,000, well below any alert bar. */
const EPISODE_FLOOR = 4;
/** An episode ends after this long without a surprising bucket. */
const EPISODE_GAP_MS = 3_600_000;

/**
 * Both things a window's recent surges say at `at`, in one pass over its episodes (the detector asks
 * for every window of every track at every bucket): the novelty bar (1.2x the NOVELTY_RANK-th largest
 * peak, 0 while fewer are on record) and the largest peak (what a record must beat, 0 when none).
 * Only episodes that ended before the current one count: a surge is never compared with itself.
 */
export function recentSurges(episodes: readonly SurpriseEpisode[] | undefined, at: number): { novelty: number; largest: number } {
  // The NOVELTY_RANK largest peaks so far, largest first.
  const top: number[] = [];
  for (const [last, peak] of episodes ?? []) {
    if (!isRecentAndClosed(last, at)) continue;
    let i = top.length;
    while (i > 0 && (top[i - 1] as number) < peak) i--;
    if (i < NOVELTY_RANK) {
      top.splice(i, 0, peak);
      if (top.length > NOVELTY_RANK) top.pop();
    }
  }
  return { novelty: top.length < NOVELTY_RANK ? 0 : NOVELTY_MARGIN * (top[NOVELTY_RANK - 1] as number), largest: top[0] ?? 0 };
}

/** The novelty bar alone (recentSurges). */
export function noveltyBar(episodes: readonly SurpriseEpisode[] | undefined, at: number): number {
  return recentSurges(episodes, at).novelty;
}

/** The peak of the largest episode of the last 14 days that ended before the current one; 0 when none. */
export function largestRecentSurge(episodes: readonly SurpriseEpisode[] | undefined, at: number): number {
  return recentSurges(episodes, at).largest;
}

/** Within the span, and ended an episode gap ago: a surge is never compared with itself. */
function isRecentAndClosed(last: number, at: number): boolean {
  return last >= at - NOVELTY_SPAN_MS && last < at - EPISODE_GAP_MS;
}

/**
 * Records a bucket's surprise (mutates `episodes`). Keeps only what can still set a bar: an episode
 * with NOVELTY_RANK later closed episodes at least as large will expire before them and never be
 * among the NOVELTY_RANK largest again, so the list stays a short staircase whatever the topic does.
 * (The open episode, the newest, does not count yet: it is not part of its own bar.)
 */
export function recordSurprise(episodes: SurpriseEpisode[], at: number, surprise: number): void {
  while (episodes.length > 0 && (episodes[0] as SurpriseEpisode)[0] < at - NOVELTY_SPAN_MS) episodes.shift();
  if (!(surprise >= EPISODE_FLOOR)) return;
  const open = episodes[episodes.length - 1];
  if (open && open[0] >= at - EPISODE_GAP_MS) {
    open[0] = at;
    open[1] = Math.max(open[1], surprise);
  } else {
    episodes.push([at, surprise]);
  }
  for (let i = episodes.length - 2; i >= 0; i--) {
    const peak = (episodes[i] as SurpriseEpisode)[1];
    let larger = 0;
    for (let j = i + 1; j < episodes.length - 1 && larger < NOVELTY_RANK; j++) if ((episodes[j] as SurpriseEpisode)[1] >= peak) larger++;
    if (larger >= NOVELTY_RANK) episodes.splice(i, 1);
  }
}
