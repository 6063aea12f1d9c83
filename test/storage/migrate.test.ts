import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/runtime/node/open-sqlite';
import { migrateToLatest, migrations } from '../../src/storage/migrate';

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

  it('run SQLite in WAL mode with a busy timeout', async () => {
    const dir = await import('node:fs/promises').then((fs) => fs.mkdtemp('/tmp/earshot-wal-'));
    const { raw, db } = openSqlite(`${dir}/e.db`);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('busy_timeout', { simple: true })).toBe(5000);
    await db.destroy();
  });
});
