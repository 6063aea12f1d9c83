// The coverage of each bucket (see Coverage in detector-state.ts), worked out from the crawl status
// history of the topic's sources rather than from how the sources are doing when detection runs: a
// detect run that comes late, or after downtime, still sees the outage an hour ago that has since
// recovered, and does not blame older buckets on a failure that started a minute ago.
import { isDelivering, type CrawlStatusChange } from '../domain/crawl-status';
import type { Coverage } from './detector-state';

/**
 * Coverage of the buckets [from, from + bucketMs), [from + bucketMs, ...) up to `to`, one per bucket.
 *
 * `sources`: per source that feeds the topic, its status changes in time order (changes before `from`
 * may be included: the last of them is in force when the range starts). Rules:
 * - a status holds from its change until the source's next one (the last one holds on);
 * - a source is one of the topic's sources from its first delivering status (ok, backfilling or
 *   partial) on: a source that never delivered (misconfigured, always failing) is a source-health
 *   notice, not a hole in the topic's data, and neither are the failures of a new source before it
 *   first answered;
 * - a bucket is partial when one of those sources was failing, rate-limited, backfilling or answering
 *   in part (`partial`) during any part of it, and none when none of them delivered during any part of
 *   it (every source failing);
 * - a topic with no such source has nothing to miss: full.
 */
export function bucketCoverage(sources: ReadonlyArray<readonly CrawlStatusChange[]>, from: number, to: number, bucketMs: number): Coverage[] {
  const n = Math.max(0, Math.ceil((to - from) / bucketMs));
  const fed = new Uint8Array(n);
  const troubled = new Uint8Array(n);
  const answered = new Uint8Array(n);
  // Buckets [first, last] that the span [start, end) touches, clipped to the range.
  const mark = (flags: Uint8Array, start: number, end: number) => {
    const first = Math.max(0, Math.floor((start - from) / bucketMs));
    const last = Math.min(n - 1, Math.ceil((end - from) / bucketMs) - 1);
    for (let i = first; i <= last; i++) flags[i] = 1;
  };
  for (const changes of sources) {
    const firstDelivery = changes.findIndex((c) => isDelivering(c.status));
    if (firstDelivery < 0) continue;
    for (let i = firstDelivery; i < changes.length; i++) {
      const { at, status } = changes[i] as CrawlStatusChange;
      const until = changes[i + 1]?.at ?? Infinity;
      if (until <= at) continue;
      mark(fed, at, until);
      if (status !== 'ok') mark(troubled, at, until);
      if (isDelivering(status)) mark(answered, at, until);
    }
  }
  return Array.from({ length: n }, (_, i): Coverage => (!fed[i] || !troubled[i] ? 'full' : answered[i] ? 'partial' : 'none'));
}
