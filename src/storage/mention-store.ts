import type { Selectable } from 'kysely';
import { bucketStart } from '../domain/bucket';
import { engagementTotal, type MentionDraft, type SentimentLabel, type SentimentResult, type StoredMention } from '../domain/mention';
import { httpLink } from '../domain/http-link';
import { storyKey } from '../sources/canonical-url';
import { rowsPerStatement } from './bound-parameter-limit';
import { recountBucket, recountEveryPendingBucket, recountPendingBuckets } from './bucket-recount';
import { strengthInTone } from './mention-order';
import { markLinkedAfterScoring, reopenOverridesRescore } from './overrides-rescore-store';
import { selectStoryFirstLink } from './story-first-link';
import type { Db, MentionsTable } from './database';

export interface ScoredDraft {
  draft: MentionDraft;
  sentiment: SentimentResult;
  topicIds: number[];
}

export interface StoredTime {
  fetchedAt: number;
  bucketAt: number;
}

/** A stored mention as insertMentions looks it up: its topic links and its times. */
interface StoredPost extends StoredTime {
  topics: Set<number>;
}

export interface InsertMentionsResult {
  inserted: number;
  /** The time each new mention counts at (bucketTimeFor): how old a crawl's news was (isBackfilling). */
  insertedTimes: number[];
  /**
   * The items an earlier fetch had stored already: when that fetch ran and the time each counts at.
   * A crawl cut off after storing its mentions (a crash, a Worker out of time) never recorded what
   * they were; the crawl that fetches them again can tell (see jobs/crawl).
   */
  storedBefore: StoredTime[];
  /** Topics whose buckets changed: the detector looks at these. */
  touchedTopicIds: number[];
}

/**
 * The time a mention counts at: its published time, unless missing, in the future (clock skew, bad
 * feeds) or before there were feeds, then the time we fetched it. Late items therefore land in their
 * own past buckets.
 */
export function bucketTimeFor(publishedAt: number | null, fetchedAt: number): number {
  const known = plausiblePublishedAt(publishedAt, fetchedAt);
  return known === null || known > fetchedAt ? fetchedAt : known;
}

/** Before this, a stated date is a placeholder, not a date: feeds and blogs came later. */
const EARLIEST_PLAUSIBLE = Date.UTC(1995, 0, 1);

/** A stated date further ahead than this is no date either: time zones and clock skew stay within a day. */
const FUTURE_SKEW_LIMIT = 24 * 60 * 60 * 1000;

/**
 * The published time stored for a stated one. A CMS that writes 1970-01-01 (epoch 0) or 0001-01-01 for
 * every post states no date at all: such a date is stored as unknown, and the mention counts when it was
 * fetched. Kept as stated, every post of that feed landed in 1970, where no topic ever hears it, and its
 * crawl looked like a backfill forever. A date a little ahead of the fetch is clock skew or a local time
 * written as UTC: kept as stated, since it still orders a burst's posts (the pickup path), and counted
 * at the fetch time (bucketTimeFor). More than a day ahead it is not a date (unknown): a post stated in
 * year 9999 showed that year in every list and chat message that named its time.
 */
export function plausiblePublishedAt(publishedAt: number | null, fetchedAt: number): number | null {
  return publishedAt === null || publishedAt < EARLIEST_PLAUSIBLE || publishedAt > fetchedAt + FUTURE_SKEW_LIMIT ? null : publishedAt;
}

/**
 * Stores new mentions and their topic links, then brings the touched buckets up to date, and those
 * others left pending (a crash, a re-score: all of them, or what options.recountStatements pays for).
 * Safe to repeat after a crash at any point (no transactions: D1 has none): mentions are unique per
 * (source, dedup key), links per (mention, topic), and buckets are recomputed from links, never incremented.
 * A crash before the recount leaves the links uncounted, and the next recount of pending buckets finds them.
 */
export async function insertMentions(db: Db, sourceId: number, items: ScoredDraft[], fetchedAt: number, options: InsertMentionsOptions = {}): Promise<InsertMentionsResult> {
  const insertedTimes: number[] = [];
  const storedBefore: StoredTime[] = [];
  // Its own buckets are recounted whatever is pending besides: what it stored counts in this run.
  const linkedBuckets = new Map<string, { topicId: number; start: number }>();
  let matched = items.filter((item) => item.topicIds.length > 0);
  const stored = await listStoredLinks(db, sourceId, matched.map((item) => item.draft.dedupKey));
  if (options.keysMayChange) matched = await keyAsStoredPosts(db, sourceId, matched, stored);
  // Per topic linked, the earliest fetch of a mention linked to it here (see reopenOverridesRescore).
  const linkedSince = new Map<number, number>();
  for (const { draft, sentiment, topicIds } of matched) {
    // Feeds repeat most of their items on every fetch: one look-up per 90 items instead of ~4 statements per item.
    const known = stored.get(draft.dedupKey);
    if (known && topicIds.every((id) => known.topics.has(id))) {
      storedBefore.push({ fetchedAt: known.fetchedAt, bucketAt: known.bucketAt });
      continue;
    }
    const bucketAt = bucketTimeFor(draft.publishedAt, fetchedAt);
    // Every source's links pass here: only http(s) is stored, whatever an adapter let through.
    const url = httpLink(draft.url);
    const canonical = url ? storyKey(url) : null;
    const row = await db
      .insertInto('mentions')
      .values({
        source_id: sourceId,
        dedup_key: draft.dedupKey,
        url,
        author: draft.author,
        title: draft.title,
        text: draft.text,
        published_at: plausiblePublishedAt(draft.publishedAt, fetchedAt),
        fetched_at: fetchedAt,
        bucket_at: bucketAt,
        sentiment_score: sentiment.score,
        sentiment_label: sentiment.label,
        sentiment_explanation: JSON.stringify(sentiment.explanation),
        sentiment_version: sentiment.version,
        engagement: draft.engagement ? JSON.stringify(draft.engagement) : null,
        engagement_total: engagementTotal(draft.engagement),
        canonical_url: canonical,
      })
      .onConflict((oc) => oc.columns(['source_id', 'dedup_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    // A mention stored by an earlier fetch keeps the time it counts at: an undated item would otherwise
    // be linked at this fetch's time, counted in another bucket than the one its row and its other links say.
    const mention = row
      ? { id: row.id, bucket_at: bucketAt, fetched_at: fetchedAt }
      : await db.selectFrom('mentions').select(['id', 'bucket_at', 'fetched_at']).where('source_id', '=', sourceId).where('dedup_key', '=', draft.dedupKey).executeTakeFirst();
    if (mention === undefined) continue;
    if (row) insertedTimes.push(bucketAt);
    else storedBefore.push({ fetchedAt: mention.fetched_at, bucketAt: mention.bucket_at });
    // A mention that exists but lost its links in a crash gets them back here.
    await linkToTopics(db, { id: mention.id, bucketAt: mention.bucket_at, canonical }, topicIds);
    const newlyLinked = topicIds.filter((id) => !known?.topics.has(id));
    if (!row) await markLinkedAfterScoring(db, mention.id, newlyLinked);
    for (const topicId of topicIds) linkedSince.set(topicId, Math.min(linkedSince.get(topicId) ?? mention.fetched_at, mention.fetched_at));
    const start = bucketStart(mention.bucket_at);
    for (const topicId of newlyLinked) linkedBuckets.set(`${topicId}:${start}`, { topicId, start });
  }
  // After the links: scored with overrides loaded before a change, they reopen a topic marked caught up meanwhile.
  if (linkedSince.size > 0) await reopenOverridesRescore(db, linkedSince);
  for (const { topicId, start } of linkedBuckets.values()) await recountBucket(db, topicId, start);
  const { recountStatements } = options;
  const swept = recountStatements === undefined ? await recountEveryPendingBucket(db) : await recountPendingBuckets(db, { left: recountStatements });
  const touchedTopicIds = [...new Set([...[...linkedBuckets.values()].map((b) => b.topicId), ...swept.touchedTopicIds])];
  return { inserted: insertedTimes.length, insertedTimes, storedBefore, touchedTopicIds };
}

export interface InsertMentionsOptions {
  /**
   * The source's item keys are what its documents state (a feed's guid), and some generators mint a
   * new one on every render: an item with a new key but the link, title and text of a mention the
   * source stored is that mention (see keyAsStoredPosts). Platform ids (Reddit, Mastodon, ...) never
   * change, so their adapters leave it off.
   */
  keysMayChange?: boolean;
  /**
   * Statements for recounting the buckets others left pending, once its own are: none on a Worker, whose
   * re-score step recounts them within its own budget, so a crawl's statements stay its own. Without it,
   * every one (Node has no per-run cap).
   */
  recountStatements?: number;
}

/**
 * Gives an item whose key is new the key of the source's stored mention with the same link (as its
 * story key: canonical, tracking parameters left out), title and text, so a feed that mints a guid per render stores each post once instead of once per crawl (its
 * story key kept the copies out of the counts, but every list showed them). All three must agree: an
 * aggregator's items that link the same article are distinct posts when their titles or texts differ,
 * and an edited post is stored again. Matched one to one in id order, and never to a mention an item
 * of this document holds under its own key, so two identical posts with two guids stay two posts.
 * Only items whose link is a story (storyKey: not a bare front page) are looked up, through the
 * canonical-URL index: one statement per chunk, and only when the document has new keys. Items with no
 * link are matched by the RSS adapter itself (linkless-item-keys.ts). Adds the topic links of the
 * mentions it matched to `stored`.
 */
async function keyAsStoredPosts(db: Db, sourceId: number, items: ScoredDraft[], stored: Map<string, StoredPost>): Promise<ScoredDraft[]> {
  const ownKeys = new Set(items.map((item) => item.draft.dedupKey));
  const storyOf = (item: ScoredDraft) => {
    const url = httpLink(item.draft.url);
    return url === null ? null : storyKey(url);
  };
  const stories = [...new Set(items.filter((item) => !stored.has(item.draft.dedupKey)).map(storyOf).filter((key): key is string => key !== null))];
  if (stories.length === 0) return items;
  const posts = new Map<string, (StoredPost & { key: string })[]>();
  const chunk = rowsPerStatement(1) - 10;
  for (let i = 0; i < stories.length; i += chunk) {
    const rows = await db
      .selectFrom('mentions as m')
      .leftJoin('mention_topics as mt', 'mt.mention_id', 'm.id')
      .select(['m.id', 'm.dedup_key', 'm.canonical_url', 'm.title', 'm.text', 'm.fetched_at', 'm.bucket_at', 'mt.topic_id'])
      .where('m.source_id', '=', sourceId)
      .where('m.canonical_url', 'in', stories.slice(i, i + chunk))
      .orderBy('m.id')
      .execute();
    const byId = new Map<number, StoredPost & { key: string }>();
    for (const row of rows) {
      if (ownKeys.has(row.dedup_key)) continue;
      let post = byId.get(row.id);
      if (post === undefined) {
        post = { key: row.dedup_key, topics: new Set(), fetchedAt: row.fetched_at, bucketAt: row.bucket_at };
        byId.set(row.id, post);
        const sameAs = postIdentity(row.canonical_url, row.title, row.text);
        posts.set(sameAs, [...(posts.get(sameAs) ?? []), post]);
      }
      if (row.topic_id !== null) post.topics.add(row.topic_id);
    }
  }
  return items.map((item) => {
    const story = stored.has(item.draft.dedupKey) ? null : storyOf(item);
    if (story === null) return item;
    const post = posts.get(postIdentity(story, item.draft.title, item.draft.text))?.shift();
    if (post === undefined) return item;
    // Its links go into `stored` too: insertMentions then skips it when every topic is linked already.
    stored.set(post.key, post);
    return { ...item, draft: { ...item.draft, dedupKey: post.key } };
  });
}

/** Link as its story key (canonical: a tracking parameter minted per render does not make a new post), title, text. */
function postIdentity(story: string | null, title: string | null, text: string): string {
  return JSON.stringify([story, title, text]);
}

/** Topic links and times of the source's mentions with these dedup keys, read in chunks that stay under D1's parameter limit. */
async function listStoredLinks(db: Db, sourceId: number, dedupKeys: string[]): Promise<Map<string, StoredPost>> {
  const links = new Map<string, StoredPost>();
  const chunk = rowsPerStatement(1) - 10;
  for (let i = 0; i < dedupKeys.length; i += chunk) {
    const rows = await db
      .selectFrom('mentions as m')
      .innerJoin('mention_topics as mt', 'mt.mention_id', 'm.id')
      .select(['m.dedup_key', 'm.fetched_at', 'm.bucket_at', 'mt.topic_id'])
      .where('m.source_id', '=', sourceId)
      .where('m.dedup_key', 'in', dedupKeys.slice(i, i + chunk))
      .execute();
    for (const row of rows) {
      const post = links.get(row.dedup_key) ?? { topics: new Set<number>(), fetchedAt: row.fetched_at, bucketAt: row.bucket_at };
      links.set(row.dedup_key, post);
      post.topics.add(row.topic_id);
    }
  }
  return links;
}

/**
 * Links a mention to its topics; where a topic has the mention's story already through another mention,
 * the link repeats that one (duplicate_of) and counts nowhere. The look-up is inside each link's insert:
 * crawls of two sources run at once (a crawl's workers on one connection, overlapping cron invocations on
 * D1), and when each looked first and inserted after, both could find the story new and both count it.
 * SQLite and D1 run one statement atomically, so whichever link comes second sees the first.
 */
async function linkToTopics(db: Db, mention: { id: number; bucketAt: number; canonical: string | null }, topicIds: number[]): Promise<void> {
  const { id, bucketAt, canonical } = mention;
  if (canonical === null) {
    await db
      .insertInto('mention_topics')
      .values(topicIds.map((topicId) => ({ mention_id: id, topic_id: topicId, bucket_at: bucketAt, duplicate_of: null })))
      .onConflict((oc) => oc.columns(['mention_id', 'topic_id']).doNothing())
      .execute();
    return;
  }
  for (const topicId of topicIds) {
    await db
      .insertInto('mention_topics')
      .columns(['mention_id', 'topic_id', 'bucket_at', 'duplicate_of'])
      .expression(
        db.selectNoFrom((s) => [
          s.val(id).as('mention_id'),
          s.val(topicId).as('topic_id'),
          s.val(bucketAt).as('bucket_at'),
          // The mention through which this topic first saw the story, if another mention has it already.
          selectStoryFirstLink(db, topicId, canonical).where('cm.id', '!=', id).as('duplicate_of'),
        ]),
      )
      .onConflict((oc) => oc.columns(['mention_id', 'topic_id']).doNothing())
      .execute();
  }
}

export function toStoredMention(row: Selectable<MentionsTable>, topicIds: number[]): StoredMention {
  return {
    id: row.id,
    sourceId: row.source_id,
    dedupKey: row.dedup_key,
    url: row.url,
    author: row.author,
    title: row.title,
    text: row.text,
    publishedAt: row.published_at,
    fetchedAt: row.fetched_at,
    bucketAt: row.bucket_at,
    sentimentScore: row.sentiment_score,
    sentimentLabel: row.sentiment_label as SentimentLabel,
    topicIds,
  };
}

export interface MentionQuery {
  topicId?: number;
  sentiment?: SentimentLabel;
  from?: number;
  to?: number;
  /** Opaque; from the previous page's nextCursor. */
  after?: { bucketAt: number; id: number };
  limit: number;
}

/**
 * Newest first, keyset-paginated on (bucket_at, id) so pages stay stable while crawls insert. Only
 * mentions a live topic links (of `topicId` when given): one a deleted topic left with no other link
 * waits for its sweep, and a topic being deleted (its purge still running) shows nothing.
 */
export async function listMentions(db: Db, q: MentionQuery): Promise<{ mentions: StoredMention[]; next: { bucketAt: number; id: number } | null }> {
  let query = db.selectFrom('mentions').selectAll('mentions');
  const topicId = q.topicId;
  query = query.where((eb) => {
    let live = eb
      .selectFrom('mention_topics as mt')
      .innerJoin('topics as lt', 'lt.id', 'mt.topic_id')
      .select('mt.mention_id')
      .whereRef('mt.mention_id', '=', 'mentions.id')
      .where('lt.delete_requested_at', 'is', null);
    if (topicId !== undefined) live = live.where('mt.topic_id', '=', topicId);
    return eb.exists(live);
  });
  if (q.sentiment) query = query.where('sentiment_label', '=', q.sentiment);
  if (q.from !== undefined) query = query.where('bucket_at', '>=', q.from);
  if (q.to !== undefined) query = query.where('bucket_at', '<', q.to);
  if (q.after) {
    const { bucketAt, id } = q.after;
    query = query.where((eb) => eb.or([eb('bucket_at', '<', bucketAt), eb.and([eb('bucket_at', '=', bucketAt), eb('id', '<', id)])]));
  }
  const rows = await query.orderBy('bucket_at', 'desc').orderBy('id', 'desc').limit(q.limit + 1).execute();
  const page = rows.slice(0, q.limit);
  const links = await topicLinks(db, page.map((r) => r.id));
  const last = page[page.length - 1];
  return {
    mentions: page.map((r) => toStoredMention(r, links.get(r.id) ?? [])),
    next: rows.length > q.limit && last ? { bucketAt: last.bucket_at, id: last.id } : null,
  };
}

/** Each mention's links to topics that are not being deleted (requestTopicDeletion). */
async function topicLinks(db: Db, mentionIds: number[]): Promise<Map<number, number[]>> {
  const links = new Map<number, number[]>();
  if (mentionIds.length === 0) return links;
  const rows = await db
    .selectFrom('mention_topics as mt')
    .innerJoin('topics as lt', 'lt.id', 'mt.topic_id')
    .select(['mt.mention_id', 'mt.topic_id'])
    .where('lt.delete_requested_at', 'is', null)
    .where('mt.mention_id', 'in', mentionIds)
    .execute();
  for (const { mention_id, topic_id } of rows) links.set(mention_id, [...(links.get(mention_id) ?? []), topic_id]);
  return links;
}

/**
 * A topic's mentions in a window, strongest in `tone` first (most negative, most positive, or with
 * no tone the strongest either way), earliest first among equals, each story once (the first mention
 * through which the topic saw it): an alert's top mentions.
 */
export async function listTopicMentionsInWindow(db: Db, topicId: number, from: number, to: number, limit: number, tone: 'negative' | 'positive' | null): Promise<StoredMention[]> {
  const rows = await db
    .selectFrom('mentions')
    .innerJoin('mention_topics as mt', 'mt.mention_id', 'mentions.id')
    .selectAll('mentions')
    .where('mt.topic_id', '=', topicId)
    .where('mt.bucket_at', '>=', from)
    .where('mt.bucket_at', '<', to)
    // Each story once, as the buckets count it: a repeat through another source (or the same post stored
    // again under a new guid) is not another copy of a shared text.
    .where('mt.duplicate_of', 'is', null)
    .orderBy(strengthInTone(tone), 'desc')
    .orderBy('mentions.bucket_at', 'asc')
    .orderBy('mentions.id', 'asc')
    .limit(limit)
    .execute();
  return rows.map((r) => toStoredMention(r, [topicId]));
}

export async function countMentions(db: Db): Promise<number> {
  const row = await db.selectFrom('mentions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
