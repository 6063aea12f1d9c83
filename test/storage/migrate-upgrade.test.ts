import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/runtime/node/open-sqlite';
import type { Db } from '../../src/storage/database';
import { migrateToLatest, migrations } from '../../src/storage/migrate';
import { listTopics } from '../../src/storage/topic-store';
import { dbThatDiesAt } from '../support/kill-at-statement';

const T0 = Date.UTC(2026, 11, 1, 9);

/** What a schema is, however it was reached: every table's columns (ALTER TABLE rewrites a table's CREATE text, so not that) and every index. */
async function schemaOf(db: Db): Promise<unknown> {
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db);
  const columns: Record<string, unknown> = {};
  for (const { name } of tables.rows) columns[name] = (await sql.raw(`pragma table_info(${name})`).execute(db)).rows;
  const indexes = await sql`select name, tbl_name, sql from sqlite_master where type = 'index' order by name`.execute(db);
  return { columns, indexes: indexes.rows };
}

async function latestSchema(): Promise<unknown> {
  const { db } = openSqlite(':memory:');
  await migrateToLatest(db, T0);
  const schema = await schemaOf(db);
  await db.destroy();
  return schema;
}

/** A database as an Earshot that shipped only the first `count` migrations left it. */
async function databaseAt(count: number): Promise<Db> {
  const { db } = openSqlite(':memory:');
  await sql`create table schema_migrations (name text primary key, applied_at integer not null)`.execute(db);
  for (const [name, migration] of migrations.slice(0, count)) {
    await migration.up(db as unknown as Kysely<unknown>);
    await sql`insert into schema_migrations values (${name}, ${T0})`.execute(db);
  }
  return db;
}

/** A user's data in the columns of the first migration, which every later state has. */
async function seedFirstSchema(db: Db): Promise<void> {
  await sql`insert into topics (id, name, query, created_at, updated_at) values (1, 'Acme Corp', 'acme', ${T0}, ${T0})`.execute(db);
  await sql`insert into sources (id, kind, url, topic_id, created_at, updated_at) values (1, 'rss', 'https://blog.example/feed', null, ${T0}, ${T0})`.execute(db);
  await sql`insert into mentions (id, source_id, dedup_key, url, text, fetched_at, bucket_at, sentiment_score, sentiment_label, sentiment_version, engagement)
    values (1, 1, 'a', 'https://blog.example/a', 'acme is down again', ${T0}, ${T0}, -2, 'negative', 'v1', '{"likes":3,"replies":1}'),
           (2, 1, 'b', 'https://blog.example/b', 'acme shipped', ${T0}, ${T0}, 1, 'positive', 'v1', null)`.execute(db);
  await sql`insert into mention_topics (mention_id, topic_id, bucket_at, counted) values (1, 1, ${T0}, 1), (2, 1, ${T0}, 1)`.execute(db);
  await sql`insert into topic_buckets (topic_id, bucket_start, count, negative, positive, sentiment_sum) values (1, ${T0}, 2, 1, 1, -1)`.execute(db);
  await sql`insert into alerts (id, topic_id, kind, status, severity, opened_at, updated_at, evidence) values (1, 1, 'spike', 'open', 'watch', ${T0}, ${T0}, '{}')`.execute(db);
  await sql`insert into webhook_endpoints (id, url, created_at, updated_at) values (1, 'https://hooks.example/earshot', ${T0}, ${T0})`.execute(db);
  await sql`insert into deliveries (event_id, endpoint_id, alert_id, event_type, payload, status, next_attempt_at, created_at) values ('evt_1', 1, 1, 'alert.opened', '{}', 'pending', ${T0}, ${T0})`.execute(db);
}

// Every state a shipped Earshot could have left a database in: none, or the first N migrations.
const states = migrations.map(([name], count) => [count === 0 ? 'an empty database' : `a database at ${migrations[count - 1]![0]}`, count, name] as const);

describe('upgrading a database from every older version', () => {
  it.each(states)('%s ends with the schema a new database has, its rows kept and backfilled', async (_case, count) => {
    const db = await databaseAt(count);
    if (count > 0) await seedFirstSchema(db);
    // A version that had 0007 stored each mention's engagement total and its bucket's sums itself.
    if (count >= 7) {
      await sql`update mentions set engagement_total = 4 where id = 1`.execute(db);
      await sql`update topic_buckets set scored = 2, engagement_sum = 4, engagement_known = 1`.execute(db);
    }
    const result = await migrateToLatest(db, T0 + 1);
    expect(result.applied).toEqual(migrations.slice(count).map(([name]) => name));
    expect(await schemaOf(db)).toEqual(await latestSchema());
    if (count > 0) {
      expect((await listTopics(db)).map((t) => t.name)).toEqual(['Acme Corp']);
      const topic = await db.selectFrom('topics').select(['name_key', 'delete_requested_at']).executeTakeFirstOrThrow();
      expect(topic).toEqual({ name_key: 'acme corp', delete_requested_at: null });
      expect(await db.selectFrom('sources').select(['url', 'moved_to']).execute()).toEqual([{ url: 'https://blog.example/feed', moved_to: null }]);
      const mentions = await db.selectFrom('mentions').select(['id', 'engagement_total']).orderBy('id').execute();
      expect(mentions).toEqual([{ id: 1, engagement_total: 4 }, { id: 2, engagement_total: null }]);
      const bucket = await db.selectFrom('topic_buckets').select(['count', 'scored', 'engagement_sum', 'engagement_known']).executeTakeFirstOrThrow();
      expect(bucket).toEqual({ count: 2, scored: 2, engagement_sum: 4, engagement_known: 1 });
      expect(await db.selectFrom('deliveries').select(['event_id', 'status', 'sending_until']).execute()).toEqual([{ event_id: 'evt_1', status: 'pending', sending_until: null }]);
    }
    await db.destroy();
  });
});

describe('a migration run killed part way', () => {
  it('then run again ends as an uninterrupted run does, at every statement it could stop at', async () => {
    const counting = dbThatDiesAt((await databaseAt(1)).withoutPlugins(), 0);
    await seedFirstSchema(counting.db);
    const before = counting.statements();
    await migrateToLatest(counting.db, T0);
    const statements = counting.statements() - before;
    expect(statements).toBeGreaterThan(20);
    const reference = await schemaOf(counting.db);
    await counting.db.destroy();

    for (let killAt = 1; killAt <= statements; killAt++) {
      const db = await databaseAt(1);
      await seedFirstSchema(db);
      await expect(migrateToLatest(dbThatDiesAt(db, killAt).db, T0), `killed at ${killAt}`).rejects.toThrow(`died before statement ${killAt}`);
      await migrateToLatest(db, T0 + 1);
      expect({ killAt, schema: await schemaOf(db) }).toEqual({ killAt, schema: reference });
      const bucket = await db.selectFrom('topic_buckets').select(['scored', 'engagement_sum', 'engagement_known']).executeTakeFirstOrThrow();
      expect({ killAt, bucket }).toEqual({ killAt, bucket: { scored: 2, engagement_sum: 4, engagement_known: 1 } });
      expect({ killAt, migrations: (await db.selectFrom('schema_migrations').select('name').orderBy('name').execute()).length }).toEqual({ killAt, migrations: migrations.length });
      await db.destroy();
    }
  });
});

describe('two processes migrating one database file at once', () => {
  it.each(states)('from %s, both succeed and the schema is the latest once', async (_case, count) => {
    const dir = mkdtempSync(join(tmpdir(), 'earshot-migrate-race-'));
    try {
      const path = join(dir, 'earshot.db');
      const start = await databaseAt(count);
      if (count > 0) await seedFirstSchema(start);
      await sql.raw(`vacuum into '${path}'`).execute(start);
      await start.destroy();
      // Two connections, as a server and `earshot migrate` have: their statements interleave at every await.
      const [a, b] = [openSqlite(path), openSqlite(path)];
      const results = await Promise.all([migrateToLatest(a.db, T0), migrateToLatest(b.db, T0)]);
      expect(results.flatMap((r) => r.applied).sort()).toEqual(expect.arrayContaining(migrations.slice(count).map(([name]) => name)));
      expect(await schemaOf(a.db)).toEqual(await latestSchema());
      expect((await a.db.selectFrom('schema_migrations').select('name').execute()).length).toBe(migrations.length);
      await a.db.destroy();
      await b.db.destroy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
