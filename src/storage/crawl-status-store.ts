// Each source's crawl status history (migration 0006), the record bucketCoverage works from. The
// table is this module's own, so its row type lives here rather than in the shared Database interface.
import type { Kysely } from 'kysely';
import { crawlStatuses, isCrawlStatus, isDelivering, type CrawlStatus, type CrawlStatusChange } from '../domain/crawl-status';
import type { Database, Db } from './database';

interface CrawlStatusChangesTable {
  source_id: number;
  at: number;
  status: string;
}

type StatusDb = Kysely<Database & { crawl_status_changes: CrawlStatusChangesTable }>;

const DAY_MS = 86_400_000;
/** Detection reads at most 30 days back (a topic's seed); five more days of margin. */
export const CRAWL_STATUS_HISTORY_MS = 35 * DAY_MS;

/**
 * Records a crawl's status when it differs from the source's previous one: a status holds until the
 * next attempt anyway, so a run of equal attempts is one row. That keeps the table to a few rows a
 * source (one, for a healthy one) and lets detection read a month of it, where a row per attempt
 * would be ~5,000 rows a source. One statement; a second on a change, which also drops changes older
 * than the history except the one still in force then (the status the history starts with).
 * A second status at the same instant (a crawl cut off after it recorded) replaces the first.
 */
export async function recordCrawlStatus(db: Db, sourceId: number, status: CrawlStatus, now: number): Promise<void> {
  const sdb = db as unknown as StatusDb;
  const previous = sdb.selectFrom('crawl_status_changes').select('status').where('source_id', '=', sourceId).where('at', '<=', now).orderBy('at', 'desc').limit(1);
  const changed = await sdb
    .insertInto('crawl_status_changes')
    .columns(['source_id', 'at', 'status'])
    .expression(
      sdb
        .selectNoFrom((eb) => [eb.val(sourceId).as('source_id'), eb.val(now).as('at'), eb.val(status).as('status')])
        .where((eb) => eb(eb.fn.coalesce(previous, eb.val('')), '!=', status)),
    )
    .onConflict((oc) => oc.columns(['source_id', 'at']).doUpdateSet({ status }))
    .returning('at')
    .executeTakeFirst();
  if (!changed) return;
  await sdb
    .deleteFrom('crawl_status_changes')
    .where('source_id', '=', sourceId)
    .where('at', '<', (eb) =>
      eb.selectFrom('crawl_status_changes').select((e) => e.fn.max('at').as('at')).where('source_id', '=', sourceId).where('at', '<=', now - CRAWL_STATUS_HISTORY_MS),
    )
    .execute();
}

/**
 * The status history of the enabled sources that feed a topic (its own and the all-topic ones), per
 * source in time order, for buckets in [from, to): every change in the range, the change in force
 * when it starts, and the source's last ok or backfilling change before it (whether it had ever
 * delivered). One statement whatever the number of sources (no bound list of ids), each part an
 * index seek or range on (source_id, at).
 */
export async function listTopicCrawlStatuses(db: Db, topicId: number, from: number, to: number): Promise<CrawlStatusChange[][]> {
  const sdb = db as unknown as StatusDb;
  const feeds = sdb.selectFrom('sources').select('id').where('enabled', '=', 1).where((eb) => eb.or([eb('topic_id', '=', topicId), eb('topic_id', 'is', null)]));
  const lastBefore = (delivering: boolean) =>
    sdb
      .selectFrom('sources as s')
      .innerJoin('crawl_status_changes as c', 'c.source_id', 's.id')
      .select(['c.source_id', 'c.at', 'c.status'])
      .where('s.enabled', '=', 1)
      .where((eb) => eb.or([eb('s.topic_id', '=', topicId), eb('s.topic_id', 'is', null)]))
      .whereRef('c.at', '=', (eb) => {
        let q = eb.selectFrom('crawl_status_changes as p').select((e) => e.fn.max('p.at').as('at')).whereRef('p.source_id', '=', 's.id').where('p.at', '<', from);
        if (delivering) q = q.where('p.status', 'in', crawlStatuses.filter(isDelivering));
        return q;
      });
  const rows = await sdb
    .selectFrom('crawl_status_changes')
    .select(['source_id', 'at', 'status'])
    .where('source_id', 'in', feeds)
    .where('at', '>=', from)
    .where('at', '<', to)
    .unionAll(lastBefore(false))
    .unionAll(lastBefore(true))
    .execute();
  return groupBySource(rows);
}

/**
 * Each source's status now: that of its latest change (a status holds until the next attempt), by
 * source id; a source never crawled is absent. One statement, an index seek per source.
 */
export async function listCurrentCrawlStatuses(db: Db, sourceId?: number): Promise<Map<number, CrawlStatus>> {
  const sdb = db as unknown as StatusDb;
  let query = sdb
    .selectFrom('crawl_status_changes as c')
    .select(['c.source_id', 'c.status'])
    .whereRef('c.at', '=', (eb) => eb.selectFrom('crawl_status_changes as p').select((e) => e.fn.max('p.at').as('at')).whereRef('p.source_id', '=', 'c.source_id'));
  if (sourceId !== undefined) query = query.where('c.source_id', '=', sourceId);
  const rows = await query.execute();
  const statuses = new Map<number, CrawlStatus>();
  for (const { source_id, status } of rows) if (isCrawlStatus(status)) statuses.set(source_id, status);
  return statuses;
}

/** Rows per source in time order, each change once (the change in force may also be the last delivering one). */
function groupBySource(rows: ReadonlyArray<{ source_id: number; at: number; status: string }>): CrawlStatusChange[][] {
  const bySource = new Map<number, Map<number, CrawlStatus>>();
  for (const row of rows) {
    if (!isCrawlStatus(row.status)) continue;
    const changes = bySource.get(row.source_id) ?? new Map<number, CrawlStatus>();
    changes.set(row.at, row.status);
    bySource.set(row.source_id, changes);
  }
  return [...bySource.values()].map((changes) => [...changes].sort(([a], [b]) => a - b).map(([at, status]) => ({ at, status })));
}
