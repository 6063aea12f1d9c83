// A deleted source whose mentions share stories with other sources, for the purge tests (storage
// contract on SQLite and D1, the purge job, the crash test's child processes).
import { sql } from 'kysely';
import type { Db } from '../../src/storage/database';
import { recountBucket } from '../../src/storage/bucket-recount';
import { insertMentions, type ScoredDraft } from '../../src/storage/mention-store';
import { createSource } from '../../src/storage/source-store';
import { createTopic } from '../../src/storage/topic-store';

export const PURGE_T0 = Date.UTC(2026, 10, 30, 12, 0, 0);
/** Stories of the blog that goes; more than one purge chunk (PURGE_CHUNK = 50). */
export const BLOG_STORIES = 70;

export interface PurgeScenario {
  topicA: number;
  topicB: number;
  blog: number;
  hn: number;
  forum: number;
}

const labels = ['negative', 'positive', 'neutral'] as const;

/** Story i of a scenario: its label cycles, every other one reports engagement, published i minutes in (or at `minute`). */
export function scenarioStory(key: string, i: number, topicIds: number[], url: string | null = `https://news.example/s${i}`, minute = i): ScoredDraft {
  const label = labels[i % 3]!;
  return {
    draft: {
      dedupKey: key,
      url,
      author: null,
      title: `story ${i}`,
      text: `text ${key}`,
      publishedAt: PURGE_T0 + minute * 60_000,
      engagement: i % 2 === 0 ? { likes: i, reposts: null, replies: null, score: null } : null,
    },
    sentiment: { score: label === 'negative' ? -0.5 : label === 'positive' ? 0.5 : 0, label, explanation: [], version: 't' },
    topicIds,
  };
}

/**
 * The blog (to be deleted) saw every story first; Hacker News repeats stories 0, 5 and 10 and has one
 * of its own; a forum repeats 0 and 10. The blog also repeats its own story 1 under a tracking URL.
 */
export async function seedPurgeScenario(db: Db): Promise<PurgeScenario> {
  const topicA = (await createTopic(db, { name: 'acme', query: 'acme' }, PURGE_T0))!.id;
  const topicB = (await createTopic(db, { name: 'bolt', query: 'bolt' }, PURGE_T0))!.id;
  const blog = (await createSource(db, { kind: 'rss', url: 'https://blog.example/feed' }, PURGE_T0))!.id;
  const hn = (await createSource(db, { kind: 'hackernews', url: 'https://hn.algolia.com/api/v1' }, PURGE_T0))!.id;
  const forum = (await createSource(db, { kind: 'rss', url: 'https://forum.example/feed' }, PURGE_T0))!.id;
  const both = (i: number) => (i % 3 === 0 ? [topicA, topicB] : [topicA]);
  const blogItems = Array.from({ length: BLOG_STORIES }, (_, i) => scenarioStory(`b${i}`, i, both(i)));
  blogItems.push(scenarioStory('b1-again', 1, [topicA], 'https://www.news.example/s1?utm_source=feed'));
  await insertMentions(db, blog, blogItems, PURGE_T0 + 3 * 3_600_000);
  await insertMentions(db, hn, [scenarioStory('h0', 0, both(0)), scenarioStory('h5', 5, both(5)), scenarioStory('h10', 10, both(10)), scenarioStory('own', 80, [topicB], 'https://hn.example/own')], PURGE_T0 + 3 * 3_600_000);
  await insertMentions(db, forum, [scenarioStory('f0', 0, both(0)), scenarioStory('f10', 10, both(10))], PURGE_T0 + 3 * 3_600_000);
  return { topicA, topicB, blog, hn, forum };
}

export interface PurgeSnapshot {
  sources: number[];
  mentions: Array<{ id: number; source_id: number }>;
  links: Array<{ mention_id: number; topic_id: number; duplicate_of: number | null }>;
  buckets: Array<{ topic_id: number; bucket_start: number; count: number; negative: number; positive: number; sentiment_sum: number; scored: number; engagement_sum: number; engagement_known: number }>;
}

export async function snapshotPurgeState(db: Db): Promise<PurgeSnapshot> {
  const sources = (await db.selectFrom('sources').select('id').orderBy('id').execute()).map((r) => r.id);
  const mentions = await db.selectFrom('mentions').select(['id', 'source_id']).orderBy('id').execute();
  const links = await db.selectFrom('mention_topics').select(['mention_id', 'topic_id', 'duplicate_of']).orderBy('mention_id').orderBy('topic_id').execute();
  const rows = await db
    .selectFrom('topic_buckets')
    .select(['topic_id', 'bucket_start', 'count', 'negative', 'positive', 'sentiment_sum', 'scored', 'engagement_sum', 'engagement_known'])
    .orderBy('topic_id')
    .orderBy('bucket_start')
    .execute();
  // Rounded: a sum of ±0.5 is exact, but keep float noise out of equality.
  const buckets = rows.map((r) => ({ ...r, sentiment_sum: Math.round(r.sentiment_sum * 1e6) / 1e6 }));
  return { sources, mentions, links, buckets };
}

/** The buckets as recountBucket computes them from the links as they are now (every stored bucket). */
export async function recountEveryBucket(db: Db): Promise<PurgeSnapshot['buckets']> {
  const keys = await db.selectFrom('topic_buckets').select(['topic_id', 'bucket_start']).execute();
  for (const { topic_id, bucket_start } of keys) await recountBucket(db, topic_id, bucket_start);
  return (await snapshotPurgeState(db)).buckets;
}

/** Links that count (duplicate_of null) per topic: what the buckets must add up to. */
export async function countCountingLinks(db: Db): Promise<Record<number, number>> {
  const rows = await sql<{ topic_id: number; n: number }>`select topic_id, count(*) as n from mention_topics where duplicate_of is null group by topic_id`.execute(db);
  return Object.fromEntries(rows.rows.map((r) => [r.topic_id, Number(r.n)]));
}
