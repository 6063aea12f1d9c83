import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/runtime/node/open-sqlite';
import type { Db } from '../../src/storage/database';
import { migrateToLatest, migrations } from '../../src/storage/migrate';
import { createTopic, listTopics, updateTopic } from '../../src/storage/topic-store';

const NAME = '0011-add-topic-name-keys';
const T0 = Date.UTC(2026, 10, 30, 12);

/** A database as it was before 0011, holding look-alike names stored before the API refused them. */
async function openBefore0011(): Promise<Db> {
  const { db } = openSqlite(':memory:');
  await sql`create table schema_migrations (name text primary key, applied_at integer not null)`.execute(db);
  for (const [name, migration] of migrations.slice(0, migrations.findIndex(([n]) => n === NAME))) {
    await migration.up(db as unknown as Kysely<unknown>);
    await sql`insert into schema_migrations (name, applied_at) values (${name}, 0)`.execute(db);
  }
  for (const name of ['Acme', 'acme', 'Cafe\u0301', 'Other']) {
    await sql`insert into topics (name, query, enabled, created_at, updated_at) values (${name}, 'q', 1, 0, 0)`.execute(db);
  }
  return db;
}

/** 0011 as `wrangler d1 migrations apply` runs it: its SQL (npm run d1:migrations), which cannot fill the keys. */
async function applyAsWranglerSql(db: Db): Promise<void> {
  await migrations.find(([name]) => name === NAME)![1].up(db as unknown as Kysely<unknown>);
  await sql`insert into schema_migrations (name, applied_at) values (${NAME}, 0)`.execute(db);
}

describe(`migration ${NAME}`, () => {
  it.each([
    { name: 'run by Earshot', before: async () => {}, applies: [NAME] },
    { name: 'applied as SQL by wrangler first', before: applyAsWranglerSql, applies: [] },
  ])('$name: every stored topic gets its key and stays, look-alikes too, and a new look-alike is refused', async ({ before, applies }) => {
    const db = await openBefore0011();
    await before(db);
    expect((await migrateToLatest(db, 1)).applied).toEqual(expect.arrayContaining(applies));
    const rows = await db.selectFrom('topics').select(['name', 'name_key']).orderBy('id').execute();
    expect(rows).toEqual([
      { name: 'Acme', name_key: 'acme' },
      { name: 'acme', name_key: 'acme' },
      { name: 'Cafe\u0301', name_key: 'caf\u00e9' },
      { name: 'Other', name_key: 'other' },
    ]);
    expect(await createTopic(db, { name: 'ACME', query: 'q' }, T0)).toBeUndefined();
    expect(await createTopic(db, { name: 'CAF\u00c9', query: 'q' }, T0)).toBeUndefined();
    expect(await updateTopic(db, 4, { name: 'caf\u00e9' }, T0)).toMatchObject({ kind: 'name-taken' });
    // Both old spellings keep working under their own names.
    expect(await updateTopic(db, 2, { name: 'acme', query: 'acme -jobs' }, T0)).toMatchObject({ kind: 'updated' });
    expect((await listTopics(db)).map((t) => t.name)).toEqual(['Acme', 'acme', 'Cafe\u0301', 'Other']);
    await db.destroy();
  });
});
