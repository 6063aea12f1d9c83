import { sql } from 'kysely';
import { BUCKET_MS } from '../domain/bucket';
import type { Db } from './database';
import { spend, type StatementBudget } from './statement-budget';
import { selectStoryFirstLink } from './story-first-link';

export type { StatementBudget } from './statement-budget';

/**
 * duplicate_of of a link whose mention is being purged with its source: like a repeat of a story, it
 * counts in no bucket (recountBucket counts only links whose duplicate_of is null) and is never taken as
 * a story's first mention (selectStoryFirstLink likewise), so every reader is right without knowing about
 * purges. Mention ids start at 1, so -1 is never a real mention.
 */
export const PURGE_MARK = -1;

/**
 * Mentions removed per chunk. Fixed, so that a run after a crash takes the same chunk (the source's
 * lowest ids) as the run that crashed and finds its marks; every id list stays far below D1's 100 bound parameters.
 */
export const PURGE_CHUNK = 50;

export type PurgeStep = { kind: 'removed'; mentions: number } | { kind: 'source-deleted' } | { kind: 'out-of-budget' };

/** Sources DELETE asked to remove, oldest request first. */
export async function listSourcesToPurge(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('sources').select('id').where('purge_requested_at', 'is not', null).orderBy('purge_requested_at').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/**
 * One chunk of a source's purge, in the order that keeps every crash repairable without transactions:
 * a. mark the chunk's links (PURGE_MARK): from here they count nowhere;
 * b. recount the buckets that hold a marked link of the source (found from the marks, so a crash after
 *    a is repaired by the next run, which takes the same chunk);
 * c. links of other mentions that repeat a story through a marked mention get a new first mention: the
 *    story's remaining canonical link in the topic if there is one, else the earliest of them (mentions of
 *    a source being purged last), which is made canonical before the rest point at it; then b again;
 * d. delete the chunk's mentions (their links cascade). With no mention left, the source row goes.
 */
export async function purgeSourceChunk(db: Db, sourceId: number, budget: StatementBudget): Promise<PurgeStep> {
  if (!spend(budget, 2)) return { kind: 'out-of-budget' };
  const chunk = await listChunk(db, sourceId);
  if (chunk.length === 0) {
    await deleteEmptySource(db, sourceId);
    return { kind: 'source-deleted' };
  }
  if (!spend(budget, 3)) return { kind: 'out-of-budget' };
  await db.updateTable('mention_topics').set({ duplicate_of: PURGE_MARK }).where('mention_id', 'in', chunk).execute();
  await recountMarkedBuckets(db, sourceId);
  const groups = await listRepeatGroups(db, chunk);
  for (const group of groups) {
    if (!spend(budget, group.canonicalId === null ? 2 : 1)) return { kind: 'out-of-budget' };
    await repointRepeats(db, group);
  }
  if (!spend(budget, groups.length > 0 ? 2 : 1)) return { kind: 'out-of-budget' };
  if (groups.length > 0) await recountMarkedBuckets(db, sourceId);
  await db.deleteFrom('mentions').where('id', 'in', chunk).where('source_id', '=', sourceId).execute();
  return { kind: 'removed', mentions: chunk.length };
}

/**
 * As much of one source's purge as the budget allows: true when the source is gone. DELETE runs it with
 * a small budget, so a source with few mentions goes within the request on every runtime.
 */
export async function purgeSource(db: Db, sourceId: number, budget: StatementBudget): Promise<boolean> {
  for (;;) {
    const step = await purgeSourceChunk(db, sourceId, budget);
    if (step.kind === 'out-of-budget') return false;
    if (step.kind === 'source-deleted') return (await db.selectFrom('sources').select('id').where('id', '=', sourceId).executeTakeFirst()) === undefined;
  }
}

async function listChunk(db: Db, sourceId: number): Promise<number[]> {
  const rows = await db.selectFrom('mentions').select('id').where('source_id', '=', sourceId).orderBy('id').limit(PURGE_CHUNK).execute();
  return rows.map((r) => r.id);
}

/** The last step: guarded, so a row that got mentions again (a crawl that was in flight) waits for the next chunk. */
async function deleteEmptySource(db: Db, sourceId: number): Promise<void> {
  await db
    .deleteFrom('sources')
    .where('id', '=', sourceId)
    .where('purge_requested_at', 'is not', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('mentions').select('id').where('source_id', '=', sourceId))))
    .execute();
}

/**
 * recountBucket (bucket-recount.ts) for every bucket that holds a marked link of the source, and for the
 * bucket of the link now first for each marked link's story in its topic (a new first mention from step c,
 * perhaps written by a run that crashed before recounting), in one statement: an upsert whose numbers
 * come from the links that count, zero where none is left.
 */
async function recountMarkedBuckets(db: Db, sourceId: number): Promise<void> {
  const bucket = sql.lit(BUCKET_MS);
  const marked = sql`select mt.topic_id, mt.bucket_at, m.canonical_url from mention_topics mt join mentions m on m.id = mt.mention_id
    where mt.duplicate_of = ${sql.lit(PURGE_MARK)} and m.source_id = ${sourceId}`;
  await sql`
    insert into topic_buckets (topic_id, bucket_start, count, negative, positive, sentiment_sum, scored, engagement_sum, engagement_known)
    select k.topic_id, k.bucket_start,
      count(m.id),
      coalesce(sum(m.sentiment_label = 'negative'), 0),
      coalesce(sum(m.sentiment_label = 'positive'), 0),
      coalesce(sum(m.sentiment_score), 0),
      coalesce(sum(m.sentiment_label != 'unscored'), 0),
      coalesce(sum(m.engagement_total), 0),
      count(m.engagement_total)
    from (
      select topic_id, bucket_at - bucket_at % ${bucket} as bucket_start from (${marked})
      union
      select c.topic_id, c.bucket_at - c.bucket_at % ${bucket} from (${marked}) k
        join mentions cm on cm.canonical_url = k.canonical_url
        join mention_topics c on c.mention_id = cm.id and c.topic_id = k.topic_id and c.duplicate_of is null
    ) k
    left join mention_topics x on x.topic_id = k.topic_id and x.bucket_at >= k.bucket_start and x.bucket_at < k.bucket_start + ${bucket} and x.duplicate_of is null
    left join mentions m on m.id = x.mention_id
    where true
    group by k.topic_id, k.bucket_start
    on conflict (topic_id, bucket_start) do update set count = excluded.count, negative = excluded.negative, positive = excluded.positive,
      sentiment_sum = excluded.sentiment_sum, scored = excluded.scored, engagement_sum = excluded.engagement_sum, engagement_known = excluded.engagement_known
  `.execute(db);
}

interface RepeatGroup {
  topicId: number;
  /** The marked mention the repeats point at. */
  markedId: number;
  /** The earliest repeat, mentions of sources not being purged first. */
  firstRepeatId: number;
  /** The story's canonical link in the topic, if it has one (another source's, or one a crashed run elected). */
  canonicalId: number | null;
}

/** Links that repeat a story through a mention of the chunk, one group per (marked mention, topic). */
async function listRepeatGroups(db: Db, chunk: number[]): Promise<RepeatGroup[]> {
  const rows = await db
    .selectFrom('mention_topics as d')
    .innerJoin('mentions as dm', 'dm.id', 'd.mention_id')
    .innerJoin('sources as ds', 'ds.id', 'dm.source_id')
    .select((eb) => [
      'd.mention_id',
      'd.topic_id',
      'd.duplicate_of',
      eb
        .selectFrom('mention_topics as c')
        .innerJoin('mentions as cm', 'cm.id', 'c.mention_id')
        .select('c.mention_id')
        .whereRef('c.topic_id', '=', 'd.topic_id')
        .whereRef('cm.canonical_url', '=', 'dm.canonical_url')
        .where('c.duplicate_of', 'is', null)
        .orderBy('cm.id')
        .limit(1)
        .as('canonical_id'),
    ])
    .where('d.duplicate_of', 'in', chunk)
    .orderBy('d.duplicate_of')
    .orderBy('d.topic_id')
    .orderBy(sql`ds.purge_requested_at is not null`)
    .orderBy('d.mention_id')
    .execute();
  const groups = new Map<string, RepeatGroup>();
  for (const row of rows) {
    const key = `${row.duplicate_of}:${row.topic_id}`;
    if (groups.has(key)) continue;
    groups.set(key, { topicId: row.topic_id, markedId: row.duplicate_of!, firstRepeatId: row.mention_id, canonicalId: row.canonical_id ?? null });
  }
  return [...groups.values()];
}

/**
 * Elect first, then point the rest: a crash between the two leaves a canonical link that the next run
 * finds (canonicalId), never two canonical links for one story. A crawl may store the story through
 * another source meanwhile: it finds no canonical link before the election and its link becomes one,
 * so the election happens only where the topic still has none, and the rest point at whichever it has,
 * both checked inside their statements (D1 runs each atomically).
 */
async function repointRepeats(db: Db, group: RepeatGroup): Promise<void> {
  const story = db.selectFrom('mentions').select('canonical_url').where('id', '=', group.markedId);
  const canonicalLink = selectStoryFirstLink(db, group.topicId, story);
  if (group.canonicalId === null) {
    await db
      .updateTable('mention_topics')
      .set({ duplicate_of: null })
      .where('mention_id', '=', group.firstRepeatId)
      .where('topic_id', '=', group.topicId)
      .where('duplicate_of', '=', group.markedId)
      .where((eb) => eb.not(eb.exists(canonicalLink)))
      .execute();
  }
  const target = group.canonicalId ?? group.firstRepeatId;
  await db
    .updateTable('mention_topics')
    .set((eb) => ({ duplicate_of: eb.fn.coalesce(canonicalLink, eb.val(target)) }))
    .where('topic_id', '=', group.topicId)
    .where('duplicate_of', '=', group.markedId)
    .execute();
}
