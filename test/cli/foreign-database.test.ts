import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupDatabase } from '../../src/runtime/node/backup-database';
import { openSqlite } from '../../src/runtime/node/open-sqlite';
import { migrateToLatest } from '../../src/storage/migrate';
import { earshotCli } from '../support/run-earshot-cli';

const T0 = Date.UTC(2026, 11, 1, 9);

/** Other applications' SQLite files EARSHOT_DB might name by mistake (a typo, a copied .env). */
const foreignDatabases: Array<[string, string]> = [
  ['a notes app', "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('buy milk'), ('call Ann')"],
  [
    "a Rails app (its own schema_migrations, by version)",
    "CREATE TABLE schema_migrations (version TEXT PRIMARY KEY); INSERT INTO schema_migrations VALUES ('20240101000000'); CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)",
  ],
  [
    'a tool whose schema_migrations has Earshot’s columns but not its migrations',
    "CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL); INSERT INTO schema_migrations VALUES ('20240101_init', 0); CREATE TABLE topics (id INTEGER PRIMARY KEY, title TEXT)",
  ],
];

const commands: Array<[string, (dir: string) => string[]]> = [
  ['migrate', () => ['migrate']],
  ['jobs --once', () => ['jobs', '--once']],
  ['replay', () => ['replay', '--topic', '1', '--from', '2026-11-01', '--to', '2026-11-02']],
  ['backup', (dir) => ['backup', '--to', join(dir, 'backups', 'copy.db')]],
  ['restore', (dir) => ['restore', '--from', join(dir, 'earshot-backup.db')]],
];

// Earshot would run its migrations into the file and switch it to WAL: the other application's data
// with Earshot's tables mixed in. Every command that opens EARSHOT_DB refuses it and leaves it as it was.
describe('EARSHOT_DB naming another application’s SQLite database', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'earshot-foreign-db-'));
    mkdirSync(join(dir, 'apps'));
    const earshot = join(dir, 'earshot.db');
    const { db } = openSqlite(earshot);
    await migrateToLatest(db, T0);
    await db.destroy();
    await backupDatabase(earshot, join(dir, 'earshot-backup.db'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe.each(foreignDatabases)('%s', (name, schema) => {
    const path = () => join(dir, 'apps', `${name.replace(/\W+/g, '-')}.sqlite`);
    beforeAll(() => {
      const app = new Database(path());
      app.exec(schema);
      app.close();
    });

    it.each(commands)('is refused by `%s`, exit 2, the file left byte for byte as it was', async (_command, args) => {
      const before = readFileSync(path());
      const result = await earshotCli(args(dir), { EARSHOT_DB: path() });
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr).toBe(
        `earshot: invalid configuration:\n  - EARSHOT_DB: cannot open ${path()}: it is another application's SQLite database (${name === 'a notes app' ? '1 table' : '2 tables'}, no Earshot migrations): Earshot left it as it was; name Earshot's database or a new file\n`,
      );
      expect(readFileSync(path()).equals(before)).toBe(true);
      expect(readdirSync(join(dir, 'apps')).filter((file) => file.startsWith(path().split('/').pop()!))).toEqual([path().split('/').pop()]);
      expect(existsSync(join(dir, 'backups', 'copy.db'))).toBe(false);
    });
  });

  it.each([
    ['an empty file (made by touch)', (path: string) => writeFileSync(path, '')],
    ['a new path', () => {}],
    [
      'an Earshot database whose first migration was cut short (schema_migrations empty, some tables made)',
      (path: string) => {
        const cut = new Database(path);
        // As migrateToLatest leaves it killed after 0001's first two tables.
        const first = readFileSync(new URL('../../migrations/0001_create_tables.sql', import.meta.url), 'utf8').split('\n').filter((line) => line.startsWith('create table')).slice(0, 2);
        cut.exec(['create table schema_migrations (name text primary key, applied_at integer not null);', ...first].join('\n'));
        cut.close();
      },
    ],
  ])('still takes %s', async (_case, make) => {
    const path = join(dir, `${_case.replace(/\W+/g, '-').slice(0, 40)}.db`);
    make(path);
    const result = await earshotCli(['migrate'], { EARSHOT_DB: path });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^applied: 0001-create-tables, /);
  });
});
