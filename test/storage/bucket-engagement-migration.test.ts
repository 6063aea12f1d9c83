import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { BUCKET_MS } from '../../src/domain/bucket';
import { openSqlite } from '../../src/runtime/node/open-sqlite';
import { listTopicBuckets } from '../../src/storage/bucket-store';
import { migrateToLatest, migrations } from '../../src/storage/migrate';

const T0 = Date.UTC(2026, 10, 30, 12);
const NAME = '0007-add-bucket-engagement';

/** A database as it was before 0007, holding a bucket counted by the code of that time. */
async function openBefore0007() {
  const { db } = openSqlite(':memory:');
  await sql`create table schema_migrations (name text primary key, applied_at integer not null)`.execute(db);
  for (const [name, migration] of migrations) {
    if (name === NAME) continue;
    await migration.up(db as unknown as Kysely<unknown>);
    await sql`insert into schema_migrations (name, applied_at) values (${name}, 0)`.execute(db);
  }
  await sql`insert into topics (id, name, query, enabled, created_at, updated_at) values (1, 'acme', 'acme', 1, 0, 0)`.execute(db);
  await sql`insert into sources (id, kind, url, created_at, updated_at) values (1, 'hackernews', 'https://hn.algolia.com/api/v1', 0, 0)`.execute(db);
  const rows: Array<[number, string, number, string | null, number | null]> = [
    [1, 'negative', -0.5, '{"likes":null,"reposts":null,"replies":3,"score":40}', null],
    [2, 'unscored', 0, '{"likes":null,"reposts":null,"replies":null,"score":null}', null],
    [3, 'positive', 0.5, null, null],
    // A duplicate of story 1: its engagement is not the bucket's.
    [4, 'negative', -0.5, '{"likes":7,"reposts":null,"replies":null,"score":null}', 1],
  ];
  for (const [id, label, score, engagement, duplicateOf] of rows) {
    await sql`insert into mentions (id, source_id, dedup_key, text, fetched_at, bucket_at, sentiment_score, sentiment_label, sentiment_version, engagement)
      values (${id}, 1, ${`k${id}`}, 'acme', ${T0}, ${T0}, ${score}, ${label}, 't', ${engagement})`.execute(db);
    await sql`insert into mention_topics (mention_id, topic_id, bucket_at, counted, duplicate_of) values (${id}, 1, ${T0}, 1, ${duplicateOf})`.execute(db);
  }
  await sql`insert into topic_buckets (topic_id, bucket_start, count, negative, positive, sentiment_sum) values (1, ${T0}, 3, 1, 1, 0)`.execute(db);
  return db;
}

describe(`migration ${NAME}`, () => {
  it('fills the new columns of stored mentions and buckets, and a second run changes nothing', async () => {
    const db = await openBefore0007();
    expect((await migrateToLatest(db, 1)).applied).toEqual([NAME]);
    const expected = { count: 3, scored: 2, engagementSum: 43, engagementKnown: 1 };
    expect(await listTopicBuckets(db, 1, T0, T0 + BUCKET_MS)).toMatchObject([expected]);
    const totals = await db.selectFrom('mentions').select('engagement_total').orderBy('id').execute();
    expect(totals.map((m) => m.engagement_total)).toEqual([43, null, null, 7]);
    await migrations.find(([name]) => name === NAME)![1].up(db as unknown as Kysely<unknown>);
    expect(await listTopicBuckets(db, 1, T0, T0 + BUCKET_MS)).toMatchObject([expected]);
    await db.destroy();
  });
});
