import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/runtime/node/open-sqlite';
import { migrateToLatest, migrations, NewerDatabaseError } from '../../src/storage/migrate';

describe('migrations', () => {
  it('build every table from an empty database, and a second run applies nothing', async () => {
    const { db } = openSqlite(':memory:');
    const first = await migrateToLatest(db, 1);
    expect(first.applied).toEqual(migrations.map(([name]) => name));
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`.execute(db);
    expect(tables.rows.map((r) => r.name)).toEqual(
      expect.arrayContaining(['topics', 'sources', 'mentions', 'mention_topics', 'topic_buckets', 'alerts', 'webhook_endpoints', 'deliveries', 'api_keys', 'detector_states']),
    );
    expect((await migrateToLatest(db, 2)).applied).toEqual([]);
    await db.destroy();
  });

  it('survive two racing runs on the same database', async () => {
    const { db } = openSqlite(':memory:');
    await Promise.all([migrateToLatest(db, 1), migrateToLatest(db, 1)]);
    const rows = await db.selectFrom('schema_migrations').selectAll().execute();
    expect(rows.map((r) => r.name)).toEqual(migrations.map(([name]) => name));
    await db.destroy();
  });

  it('refuse a database a newer version migrated, and run nothing on it', async () => {
    const { db } = openSqlite(':memory:');
    await sql`create table schema_migrations (name text primary key, applied_at integer not null)`.execute(db);
    await sql`insert into schema_migrations values ('0001-create-tables', 1), ('0099-from-the-future', 1)`.execute(db);
    const failure = await migrateToLatest(db, 2).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NewerDatabaseError);
    expect((failure as NewerDatabaseError).unknown).toEqual(['0099-from-the-future']);
    const rows = await db.selectFrom('schema_migrations').select('name').orderBy('name').execute();
    expect(rows.map((r) => r.name)).toEqual(['0001-create-tables', '0099-from-the-future']);
    await db.destroy();
  });

  it('run on a newer database when allowed (the Worker, whose next version may migrate D1 before its deploy), and say so', async () => {
    const { db } = openSqlite(':memory:');
    await migrateToLatest(db, 1);
    await sql`insert into schema_migrations values ('0099-from-the-future', 1)`.execute(db);
    expect(await migrateToLatest(db, 2, { allowNewer: true })).toEqual({ applied: [], newer: ['0099-from-the-future'] });
    await db.destroy();
  });

  it('run SQLite in WAL mode with a busy timeout', async () => {
    const dir = await import('node:fs/promises').then((fs) => fs.mkdtemp('/tmp/earshot-wal-'));
    const { raw, db } = openSqlite(`${dir}/e.db`);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('busy_timeout', { simple: true })).toBe(5000);
    await db.destroy();
  });
});
