// A database as the races fixed on 2 Dec 2026 left it, for migration 0014's tests (better-sqlite3, and
// D1 through `wrangler d1 migrations apply`). Stored through the store functions, then damaged the way
// each race did, so every other row is what the code writes.
import { sql, type Kysely } from 'kysely';
import { BUCKET_MS } from '../../src/domain/bucket';
import { openSqlite } from '../../src/runtime/node/open-sqlite';
import type { Db } from '../../src/storage/database';
import { recountBucket } from '../../src/storage/bucket-recount';
import { insertMentions } from '../../src/storage/mention-store';
import { migrations } from '../../src/storage/migrate';
import { createSource } from '../../src/storage/source-store';
import { createTopic } from '../../src/storage/topic-store';
import { scenarioStory, PURGE_T0 } from './purge-scenario';

export const DAMAGE_T0 = PURGE_T0;
const story = 'https://news.example/s0';

export const REPAIR_MIGRATION = '0014-repair-story-counts';

/**
 * A database the races hit, without 0014: every other migration, later ones included, because the damage
 * is seeded through today's store functions, which use their columns. 0014 adds no column, so this is
 * the schema it meets, and migrating applies it alone.
 */
export async function openBefore0014(path = ':memory:'): Promise<Db> {
  const { db } = openSqlite(path);
  await sql`create table schema_migrations (name text primary key, applied_at integer not null)`.execute(db);
  for (const [name, migration] of migrations.filter(([n]) => n !== REPAIR_MIGRATION)) {
    await migration.up(db as unknown as Kysely<unknown>);
    await sql`insert into schema_migrations (name, applied_at) values (${name}, 0)`.execute(db);
  }
  return db;
}

export interface StoryCountDamage {
  acme: number;
  bolt: number;
  /** The blog's, Hacker News's and the forum's mention of one story, in that order (ids ascending). */
  blogStory: number;
  hnStory: number;
  forumStory: number;
}

/**
 * - The story, blog first (bucket 0), then Hacker News and the forum (bucket 1): in acme, Hacker News's
 *   link counts too, as when two crawls both found the story new (or a purge elected a second first), and
 *   the forum's repeats it, as a purge re-pointed it; in bolt only Hacker News has it, its first rightly.
 *   A negative story, and a positive one of the blog in bucket 1 that the bucket does not count (below):
 *   the bucket's count is right only while the story counts twice.
 * - Two stories of the blog in bucket 2: the bucket counts the first only.
 */
export async function seedStoryCountDamage(db: Db): Promise<StoryCountDamage> {
  const acme = (await createTopic(db, { name: 'acme', query: 'acme' }, DAMAGE_T0))!.id;
  const bolt = (await createTopic(db, { name: 'bolt', query: 'bolt' }, DAMAGE_T0))!.id;
  const blog = (await createSource(db, { kind: 'rss', url: 'https://blog.example/feed' }, DAMAGE_T0))!.id;
  const hn = (await createSource(db, { kind: 'hackernews', url: 'https://hn.algolia.com/api/v1' }, DAMAGE_T0))!.id;
  const forum = (await createSource(db, { kind: 'rss', url: 'https://forum.example/feed' }, DAMAGE_T0))!.id;
  const fetchedAt = DAMAGE_T0 + 3_600_000;
  await insertMentions(db, blog, [scenarioStory('b0', 0, [acme], story, 0)], fetchedAt);
  await insertMentions(db, hn, [scenarioStory('h0', 0, [acme, bolt], story, 6)], fetchedAt);
  await insertMentions(db, forum, [scenarioStory('f0', 0, [acme], story, 7)], fetchedAt);
  const ids = await db.selectFrom('mentions').select('id').orderBy('id').execute();
  const [blogStory, hnStory, forumStory] = ids.map((r) => r.id) as [number, number, number];
  await db.updateTable('mention_topics').set({ duplicate_of: null }).where('mention_id', '=', hnStory).where('topic_id', '=', acme).execute();
  await db.updateTable('mention_topics').set({ duplicate_of: hnStory }).where('mention_id', '=', forumStory).where('topic_id', '=', acme).execute();
  await recountBucket(db, acme, DAMAGE_T0 + BUCKET_MS);
  await loseNextLink(db, acme, DAMAGE_T0 + BUCKET_MS, () => insertMentions(db, blog, [scenarioStory('b4', 4, [acme], 'https://news.example/s4', 8)], fetchedAt));

  await insertMentions(db, blog, [scenarioStory('b1', 1, [acme], 'https://news.example/s1', 10)], fetchedAt);
  await loseNextLink(db, acme, DAMAGE_T0 + 2 * BUCKET_MS, () => insertMentions(db, blog, [scenarioStory('b2', 2, [acme], 'https://news.example/s2', 11)], fetchedAt));
  return { acme, bolt, blogStory, hnStory, forumStory };
}

/** Stores a link whose bucket keeps the numbers it had before, as when a recount marked counted a link another crawl inserted after it had read. */
async function loseNextLink(db: Db, topicId: number, bucketStart: number, store: () => Promise<unknown>): Promise<void> {
  const before = await db.selectFrom('topic_buckets').selectAll().where('topic_id', '=', topicId).where('bucket_start', '=', bucketStart).executeTakeFirstOrThrow();
  await store();
  await db.updateTable('topic_buckets').set(before).where('topic_id', '=', topicId).where('bucket_start', '=', bucketStart).execute();
}

/** Each topic's bucket counts by bucket (0 = DAMAGE_T0's), empty ones left out. */
export async function readBucketCounts(db: Db): Promise<Array<{ topic_id: number; bucket: number; count: number; negative: number }>> {
  const rows = await db.selectFrom('topic_buckets').select(['topic_id', 'bucket_start', 'count', 'negative']).where('count', '>', 0).orderBy('topic_id').orderBy('bucket_start').execute();
  return rows.map((r) => ({ topic_id: r.topic_id, bucket: (r.bucket_start - DAMAGE_T0) / BUCKET_MS, count: r.count, negative: r.negative }));
}

/** readBucketCounts once 0014 and the recount after it repaired seedStoryCountDamage's database. */
export function repairedBucketCounts({ acme, bolt }: StoryCountDamage): Awaited<ReturnType<typeof readBucketCounts>> {
  return [
    { topic_id: acme, bucket: 0, count: 1, negative: 1 },
    { topic_id: acme, bucket: 1, count: 1, negative: 0 },
    { topic_id: acme, bucket: 2, count: 2, negative: 0 },
    { topic_id: bolt, bucket: 1, count: 1, negative: 1 },
  ];
}

/** Every link with what makes it count, and every bucket: a database left as it was reads the same. */
export async function snapshotCounts(db: Db): Promise<unknown> {
  const links = await sql`select mention_id, topic_id, bucket_at, counted, duplicate_of from mention_topics order by mention_id, topic_id`.execute(db);
  const buckets = await sql`select * from topic_buckets order by topic_id, bucket_start`.execute(db);
  return { links: links.rows, buckets: buckets.rows };
}
