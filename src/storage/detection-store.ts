// What the detector needs from storage beyond the shared stores: its buckets as the pure function
// takes them, where a topic's history starts, and the alert row behind a detector alert key.
import type { Alert, AlertKind, AuthorSpread } from '../domain/alert';
import type { DetectionBucket } from '../detection/evaluate-topic';
import { insertAlert, toAlert } from './alert-store';
import { listTopicBuckets } from './bucket-store';
import { countedLinksInWindow } from './counted-links';
import { sql } from 'kysely';
import type { Db } from './database';
import { publishedTime } from './mention-order';

/** A topic's buckets in [from, to), zeros filled in, in the detector's shape. */
export async function listDetectionBuckets(db: Db, topicId: number, from: number, to: number): Promise<DetectionBucket[]> {
  const buckets = await listTopicBuckets(db, topicId, from, to);
  return buckets.map((b) => ({ bucketStart: b.bucketStart, count: b.count, negative: b.negative, positive: b.positive }));
}

/** Start of the topic's oldest non-empty bucket, or null when it has none. */
export async function firstTopicBucketStart(db: Db, topicId: number): Promise<number | null> {
  const row = await db
    .selectFrom('topic_buckets')
    .select('bucket_start')
    .where('topic_id', '=', topicId)
    .where('count', '>', 0)
    .orderBy('bucket_start')
    .limit(1)
    .executeTakeFirst();
  return row?.bucket_start ?? null;
}

/**
 * The alert row of a detector alert (the key is kept in its evidence as `detectorKey`): the most
 * recent alerts of the topic and kind are enough, a key is at most one cool-down old when reused.
 * Of two rows with one key (two overlapping runs both opened it, see insertDetectorAlert), the first.
 */
export async function findAlertByDetectorKey(db: Db, topicId: number, kind: AlertKind, key: string): Promise<Alert | undefined> {
  const rows = await db
    .selectFrom('alerts')
    .selectAll()
    .where('topic_id', '=', topicId)
    .where('kind', '=', kind)
    .orderBy('id', 'desc')
    .limit(20)
    .execute();
  return rows.map(toAlert).findLast((a) => a.evidence['detectorKey'] === key);
}

/**
 * Opens the alert row of a detector alert once (`opened`: this call did), however many runs decide to at the same time (a
 * Workers cron tick that starts while the last one is still running: both load the same state, both
 * see the surge, neither finds a row). Each inserts, then reads back: the row with the lowest id is
 * the alert, and a run that inserted a later one deletes its own before anything refers to it. The
 * run that inserted second always sees both rows, so one surge is one alert and one `alert.opened`,
 * without a unique index (a migration) or a transaction (D1 has none across statements).
 */
export async function insertDetectorAlert(
  db: Db,
  input: { topicId: number; kind: AlertKind; severity: Alert['severity']; evidence: Alert['evidence'] & { detectorKey: string } },
  now: number,
): Promise<{ alert: Alert; opened: boolean }> {
  const mine = await insertAlert(db, input, now);
  const first = await findAlertByDetectorKey(db, input.topicId, input.kind, input.evidence.detectorKey);
  if (first === undefined || first.id === mine.id) return { alert: mine, opened: true };
  await db.deleteFrom('alerts').where('id', '=', mine.id).execute();
  return { alert: first, opened: false };
}

/**
 * The first mentions of a topic in [from, to) in time order, with their source and text: candidates
 * for the pickup path (trace-pickup-path). Only those of `label` when given, and with `anyOf`, only
 * those whose title or text contains one of those words (a coarse LIKE: the caller checks words).
 */
export async function listFirstMentionsInWindow(
  db: Db,
  topicId: number,
  from: number,
  to: number,
  limit: number,
  filter: { label?: string; anyOf?: readonly string[] } = {},
): Promise<PickupCandidate[]> {
  let query = db
    .selectFrom('mention_topics as mt')
    .innerJoin('mentions', 'mentions.id', 'mt.mention_id')
    .innerJoin('sources', 'sources.id', 'mentions.source_id')
    .select(['mentions.id', 'mentions.url', 'mentions.title', 'mentions.text', 'mentions.published_at', 'mentions.bucket_at', 'mentions.sentiment_label', 'sources.kind', 'sources.name', 'sources.url as source_url'])
    .where('mt.topic_id', '=', topicId)
    .where('mt.bucket_at', '>=', from)
    .where('mt.bucket_at', '<', to);
  if (filter.label !== undefined) query = query.where('mentions.sentiment_label', '=', filter.label);
  const words = (filter.anyOf ?? []).flatMap(caseForms);
  if (words.length > 0) {
    query = query.where((eb) =>
      eb.or(words.flatMap((w) => {
        const pattern = `%${likeFragment(w)}%`;
        return [eb('mentions.text', 'like', sql<string>`${pattern} escape '\\'`), eb('mentions.title', 'like', sql<string>`${pattern} escape '\\'`)];
      })),
    );
  }
  // Within a bucket by published time where known: the blog's post at :01 before the reply at :04.
  const rows = await query.orderBy('mentions.bucket_at').orderBy(publishedTime()).orderBy('mentions.id').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    url: r.url,
    title: r.title,
    publishedAt: r.published_at,
    at: r.bucket_at,
    sentiment: r.sentiment_label,
    source: { kind: r.kind, name: r.name ?? r.source_url },
    text: r.text,
  }));
}

/** D1 refuses a LIKE pattern longer than 50 bytes ("LIKE or GLOB pattern too complex"); better-sqlite3 allows 50,000. */
const MAX_LIKE_PATTERN_BYTES = 50;

/**
 * `word` escaped for LIKE, cut to its longest prefix that fits D1's pattern limit with the two `%` around it.
 * A word has no length limit (a Japanese sentence is one word, as is "state-of-the-art-…"), and a prefix
 * still finds every mention holding the word: the filter is coarse anyway, the caller checks words.
 */
function likeFragment(word: string): string {
  const encoder = new TextEncoder();
  let fragment = '';
  let bytes = 2;
  for (const char of word) {
    const escaped = /[\\%_]/.test(char) ? `\\${char}` : char;
    bytes += encoder.encode(escaped).byteLength;
    if (bytes > MAX_LIKE_PATTERN_BYTES) break;
    fragment += escaped;
  }
  return fragment;
}

/**
 * LIKE ignores case for ASCII letters only: a word with others ("échec") is also looked for as it
 * starts a sentence and as it is shouted ("Échec", "ÉCHEC"), at most three patterns a word.
 */
function caseForms(word: string): string[] {
  if (![...word].some((c) => c.charCodeAt(0) > 0x7f)) return [word];
  return [...new Set([word, word.charAt(0).toUpperCase() + word.slice(1), word.toUpperCase()])];
}

export interface PickupMention {
  id: number;
  url: string | null;
  title: string | null;
  publishedAt: number | null;
  at: number;
  sentiment: string;
  source: { kind: string; name: string };
}

export interface PickupCandidate extends PickupMention {
  text: string;
}

/** Texts of a topic's mentions in [from, to), newest first, capped: input for over-represented terms. */
export async function listMentionTextsInWindow(db: Db, topicId: number, from: number, to: number, limit: number, label?: string): Promise<string[]> {
  let query = db
    .selectFrom('mention_topics as mt')
    .innerJoin('mentions', 'mentions.id', 'mt.mention_id')
    .select(['mentions.title', 'mentions.text'])
    .where('mt.topic_id', '=', topicId)
    .where('mt.bucket_at', '>=', from)
    .where('mt.bucket_at', '<', to);
  if (label !== undefined) query = query.where('mentions.sentiment_label', '=', label);
  const rows = await query.orderBy('mt.bucket_at', 'desc').limit(limit).execute();
  return rows.map((r) => `${r.title ?? ''} ${r.text}`);
}

/**
 * Who wrote a topic's mentions in [from, to) (of one sentiment label, when given), counted as the
 * buckets count them (each story once): how many, how many name an author, how many distinct
 * authors, and the one who wrote the most. Twenty angry replies from one account and twenty angry
 * posts from twenty people are the same count and not the same news.
 */
export async function countAuthorsInWindow(db: Db, topicId: number, from: number, to: number, label?: string): Promise<AuthorSpread> {
  const inWindow = () => {
    let query = countedLinksInWindow(db, topicId, from, to);
    if (label !== undefined) query = query.where('m.sentiment_label', '=', label);
    return query;
  };
  const totals = await inWindow()
    .select((eb) => [eb.fn.countAll<number>().as('mentions'), eb.fn.count<number>('m.author').as('known'), eb.fn.count<number>('m.author').distinct().as('distinct')])
    .executeTakeFirst();
  const top = await inWindow()
    .where('m.author', 'is not', null)
    .select((eb) => ['m.author', eb.fn.countAll<number>().as('mentions')])
    .groupBy('m.author')
    .orderBy('mentions', 'desc')
    .orderBy('m.author')
    .limit(1)
    .executeTakeFirst();
  return {
    mentions: Number(totals?.mentions ?? 0),
    known: Number(totals?.known ?? 0),
    distinct: Number(totals?.distinct ?? 0),
    top: top?.author ? { author: top.author, mentions: Number(top.mentions) } : null,
  };
}
