/**
 * How a source's crawl went, as far as a topic's coverage is concerned (see bucketCoverage):
 * - ok: it answered (new items, nothing new, or not modified).
 * - failed: any failure but a rate limit (timeout, HTTP error, unparsable, too large ...).
 * - rate-limited: the service asked us to wait (429/503 with Retry-After); nothing is read until then.
 * - backfilling: it answered with mostly old items (see isBackfilling): it is catching up, not reporting now.
 * - partial: it answered, but part of what it reads and had read before did not (a Mastodon instance
 *   of three): what it delivered is stored, and the topic hears less than it did (see PartialAnswer).
 */
export const crawlStatuses = ['ok', 'failed', 'rate-limited', 'backfilling', 'partial'] as const;
export type CrawlStatus = (typeof crawlStatuses)[number];

/** A stored status this version knows (a row written by a newer one may hold another). */
export function isCrawlStatus(status: string): status is CrawlStatus {
  return (crawlStatuses as readonly string[]).includes(status);
}

/** From `at` on, until the source's next change, its crawls had this status. */
export interface CrawlStatusChange {
  at: number;
  status: CrawlStatus;
}

/** Statuses in which the source delivered what it has: it is one of the sources that feed a topic from its first. */
export function isDelivering(status: CrawlStatus): boolean {
  return status === 'ok' || status === 'backfilling' || status === 'partial';
}
