// Two topics that share sources and stories, one of them to be deleted, for the topic deletion tests
// (storage contract on SQLite and D1, the API, the purge job and its crash test).
import { sql } from 'kysely';
import type { Db } from '../../src/storage/database';
import { insertMentions, type ScoredDraft } from '../../src/storage/mention-store';
import { RESCORE_PENDING } from '../../src/storage/rescore-pending';
import { saveTopicOverrides } from '../../src/storage/sentiment-store';
import { createSource } from '../../src/storage/source-store';
import { createTopic } from '../../src/storage/topic-store';
import { PURGE_T0, scenarioStory, type PurgeSnapshot } from './purge-scenario';

export const TOPIC_T0 = PURGE_T0;

export interface TopicDeletionScenario {
  /** The topic to delete. */
  acme: number;
  /** The topic that stays. */
  bolt: number;
  blog: number;
  hn: number;
  /** acme's own source (topic_id = acme): it goes with the topic. */
  own: number;
}

/** A story of the scenario, published within its first two hours. */
const item = (key: string, i: number, topicIds: number[], url: string | null = `https://news.example/s${i}`): ScoredDraft => scenarioStory(key, i, topicIds, url, i % 120);

/**
 * acme goes, bolt stays. The blog saw stories 0 to stories-1 first: each in acme, every third in bolt as
 * well. Hacker News repeats story 3 in bolt only (in bolt, a repeat of a mention acme shares), story 4 in
 * acme only, story 5 in both (the blog saw it first, for acme only, so in bolt HN's mention is the
 * story's first) and has one of its own in bolt. acme's own source has two mentions, and `ownExtra` more
 * (without a URL), for the cases bigger than one request's purge. `unshared` more blog mentions are acme's
 * alone (without a URL, so cheap to store), for the cases bigger than a sweep window.
 */
export async function seedTopicDeletionScenario(db: Db, options: { stories?: number; unshared?: number; ownExtra?: number } = {}): Promise<TopicDeletionScenario> {
  const stories = options.stories ?? 30;
  const acme = (await createTopic(db, { name: 'acme', query: 'acme' }, PURGE_T0))!.id;
  const bolt = (await createTopic(db, { name: 'bolt', query: 'bolt' }, PURGE_T0))!.id;
  const blog = (await createSource(db, { kind: 'rss', url: 'https://blog.example/feed' }, PURGE_T0))!.id;
  const hn = (await createSource(db, { kind: 'hackernews', url: 'https://hn.algolia.com/api/v1' }, PURGE_T0))!.id;
  const own = (await createSource(db, { kind: 'rss', url: 'https://acme.example/feed', topicId: acme }, PURGE_T0))!.id;
  const fetchedAt = PURGE_T0 + 3 * 3_600_000;
  const blogItems = Array.from({ length: stories }, (_, i) => item(`b${i}`, i, i % 3 === 0 ? [acme, bolt] : [acme]));
  for (let i = 0; i < (options.unshared ?? 0); i += 1) blogItems.push(item(`u${i}`, i, [acme], null));
  await insertMentions(db, blog, blogItems, fetchedAt);
  await insertMentions(db, hn, [item('h3', 3, [bolt]), item('h4', 4, [acme]), item('h5', 5, [acme, bolt]), item('own', 7, [bolt], 'https://hn.example/own')], fetchedAt);
  const ownItems = [item('o1', 1, [acme], 'https://acme.example/1'), item('o2', 2, [acme], 'https://acme.example/2')];
  for (let i = 0; i < (options.ownExtra ?? 0); i += 1) ownItems.push(item(`x${i}`, i, [acme], null));
  await insertMentions(db, own, ownItems, fetchedAt);
  return { acme, bolt, blog, hn, own };
}

/**
 * What deleting a topic must leave, from the state before: its own sources gone; exactly the mentions
 * another topic links, with those links as they were; the other topics' buckets as they were.
 */
export function expectedAfterTopicDeletion(before: PurgeSnapshot, topicId: number, ownSources: number[]): PurgeSnapshot {
  const kept = new Set(before.links.filter((l) => l.topic_id !== topicId).map((l) => l.mention_id));
  return {
    sources: before.sources.filter((id) => !ownSources.includes(id)),
    mentions: before.mentions.filter((m) => kept.has(m.id)),
    links: before.links.filter((l) => l.topic_id !== topicId),
    buckets: before.buckets.filter((b) => b.topic_id !== topicId),
  };
}

/** Links that repeat a story through a mention not linked to the same topic (a deleted one included): none, ever. */
export async function findStrayRepeats(db: Db): Promise<Array<{ mention_id: number; topic_id: number; duplicate_of: number }>> {
  const rows = await sql<{ mention_id: number; topic_id: number; duplicate_of: number }>`
    select d.mention_id, d.topic_id, d.duplicate_of from mention_topics d
    where d.duplicate_of is not null and d.duplicate_of != -1
      and not exists (select 1 from mention_topics c where c.mention_id = d.duplicate_of and c.topic_id = d.topic_id)`.execute(db);
  return rows.rows;
}

/** Mentions that no topic links. */
export async function countUnlinkedMentions(db: Db): Promise<number> {
  const row = await sql<{ n: number }>`select count(*) as n from mentions m where not exists (select 1 from mention_topics l where l.mention_id = m.id)`.execute(db);
  return Number(row.rows[0]!.n);
}

export interface LexiconScenario {
  /** The topic to delete: it reads 'sick' as praise. */
  skate: number;
  /** The topic that stays, with no overrides. */
  hospital: number;
  /** Mentions both topics link, lowest id first. */
  shared: number[];
  /** Mentions only the hospital links. */
  hospitalOnly: number[];
}

/**
 * For marking a deleted topic's shared mentions for re-scoring: `shared` mentions linked to both topics and
 * a few of each topic alone, interleaved, from one source that serves every topic, scored by the current
 * scorer so that only the deletion makes one stale.
 */
export async function seedLexiconScenario(db: Db, options: { shared: number; version: string }): Promise<LexiconScenario> {
  const skate = (await createTopic(db, { name: 'skate', query: 'skate' }, TOPIC_T0))!.id;
  const hospital = (await createTopic(db, { name: 'hospital', query: 'hospital' }, TOPIC_T0))!.id;
  await saveTopicOverrides(db, skate, { sick: 3 }, TOPIC_T0);
  const blog = (await createSource(db, { kind: 'rss', url: 'https://blog.example/feed' }, TOPIC_T0))!.id;
  const sentiment = { score: 0.5, label: 'positive' as const, explanation: [], version: options.version };
  const items: ScoredDraft[] = [];
  for (let i = 0; i < options.shared; i += 1) {
    const minute = i % 180;
    items.push({ draft: { dedupKey: `s${i}`, url: null, author: null, title: null, text: `sick ride ${i}`, publishedAt: TOPIC_T0 + minute * 60_000 }, sentiment, topicIds: [skate, hospital] });
    if (i % 4 === 0) items.push({ draft: { dedupKey: `k${i}`, url: null, author: null, title: null, text: `skate ${i}`, publishedAt: TOPIC_T0 + minute * 60_000 }, sentiment, topicIds: [skate] });
    if (i % 4 === 1) items.push({ draft: { dedupKey: `h${i}`, url: null, author: null, title: null, text: `sick ward ${i}`, publishedAt: TOPIC_T0 + minute * 60_000 }, sentiment, topicIds: [hospital] });
  }
  await insertMentions(db, blog, items, TOPIC_T0 + 3 * 3_600_000);
  const ids = async (prefix: string) =>
    (await db.selectFrom('mentions').select('id').where('dedup_key', 'like', `${prefix}%`).orderBy('id').execute()).map((r) => r.id);
  return { skate, hospital, shared: await ids('s'), hospitalOnly: await ids('h') };
}

/** Mentions waiting to be re-scored because a topic they were scored with is being deleted, lowest id first. */
export async function listPendingRescore(db: Db): Promise<number[]> {
  return (await db.selectFrom('mentions').select('id').where('sentiment_version', '=', RESCORE_PENDING).orderBy('id').execute()).map((r) => r.id);
}
