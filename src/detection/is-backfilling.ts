// Whether a crawl was a backfill: the source answered, but with items from well before the crawl
// rather than with what is happening now. A new source's first crawl looks back 24 hours, a search
// source pages through what it missed, a feed comes back after a long outage with weeks of posts.
// Such items are counted at their published time (they revise past buckets instead of looking like a
// spike now), and while a source is backfilling it is not yet reporting the present: the buckets it
// backfills through are partial coverage (see bucketCoverage), not learned from.

/**
 * Feeds stamp items minutes before they appear (the demo's feeds up to 5 minutes), search indexes run
 * a few minutes behind, Google Alerts and News feeds carry stories some tens of minutes old. Lateness
 * within this margin of the previous crawl is routine, not a backfill: treating it as one would keep
 * such a source partial on every crawl, and its topic would never learn a baseline.
 */
export const LATE_MARGIN_MS = 60 * 60_000;
/** Fewer old items than this cannot move a window noticeably (the default minimum count is 5). */
export const MIN_BACKFILL_ITEMS = 5;

export interface CrawlDelivery {
  /** When the crawl ran. */
  at: number;
  /** The source's previous successful crawl; null on its first. */
  previousSuccessAt: number | null;
  /** The times the items this crawl newly stored count at (their published time), one per item. */
  itemTimes: readonly number[];
}

/**
 * A crawl is backfilling when at least MIN_BACKFILL_ITEMS of its new items, and more than half of
 * them, are old: counted more than LATE_MARGIN_MS before the source's previous successful crawl (on
 * a first crawl, before the crawl itself). Items published since the previous success are what the
 * source would have delivered on time, such as a catch-up after an outage: those land in the outage's
 * own buckets, already partial while the source was failing, so they are not a backfill.
 */
export function isBackfilling(crawl: CrawlDelivery): boolean {
  const coveredSince = crawl.previousSuccessAt ?? crawl.at;
  const oldBefore = coveredSince - LATE_MARGIN_MS;
  let old = 0;
  for (const at of crawl.itemTimes) if (at < oldBefore) old += 1;
  return old >= MIN_BACKFILL_ITEMS && old * 2 > crawl.itemTimes.length;
}
