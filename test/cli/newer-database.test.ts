import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/runtime/node/open-sqlite';
import { migrateToLatest } from '../../src/storage/migrate';
import { createTopic } from '../../src/storage/topic-store';
import { earshotCli } from '../support/run-earshot-cli';

const T0 = Date.UTC(2026, 11, 1, 9);

/** The schema and rows of a database, to show a refused command left it as it was. */
function contentsOf(path: string): unknown {
  const db = new Database(path, { readonly: true });
  try {
    return {
      schema: db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all(),
      migrations: db.prepare('SELECT name, applied_at FROM schema_migrations ORDER BY name').all(),
      topics: db.prepare('SELECT * FROM topics ORDER BY id').all(),
    };
  } finally {
    db.close();
  }
}

// A database a newer Earshot migrated (an upgrade rolled back, a copy from another machine): this
// version does not know what its migration changed, and must not run on it as if it had not run.
describe('a database from a newer Earshot', () => {
  let dir: string;
  let path: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'earshot-newer-db-'));
    path = join(dir, 'earshot.db');
    const { db } = openSqlite(path);
    await migrateToLatest(db, T0);
    await createTopic(db, { name: 'FundSpark', query: 'fundspark' }, T0);
    await db.destroy();
    const newer = new Database(path);
    newer.exec("CREATE TABLE topic_archives (topic_id INTEGER PRIMARY KEY); INSERT INTO schema_migrations VALUES ('0099-add-topic-archives', 0)");
    newer.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['migrate', ['migrate']],
    ['jobs --once', ['jobs', '--once']],
  ])('is refused by `%s` with what to do, and left as it was', async (_case, args) => {
    const before = contentsOf(path);
    const result = await earshotCli(args, { EARSHOT_DB: path });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'earshot: EARSHOT_DB: the database comes from a newer Earshot (migrations 0099-add-topic-archives are unknown to this one): upgrade Earshot to use it; nothing was changed\n',
    );
    expect(contentsOf(path)).toEqual(before);
  });
});
