import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backupDatabase } from '../../src/runtime/node/backup-database';
import { openSqlite } from '../../src/runtime/node/open-sqlite';
import { migrateToLatest } from '../../src/storage/migrate';
import { earshotCli } from '../support/run-earshot-cli';

const T0 = Date.UTC(2026, 11, 1, 9);

/** Other applications' SQLite files EARSHOT_DB might name by mistake (a typo, a copied .env). */
const foreignDatabases: Array<[string, (path: string) => void]> = [
  ['a notes app', (path) => made(path, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('buy milk'), ('call Ann')")],
  [
    'a Rails app (its own schema_migrations, by version)',
    (path) => made(path, "CREATE TABLE schema_migrations (version TEXT PRIMARY KEY); INSERT INTO schema_migrations VALUES ('20240101000000'); CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)"),
  ],
  [
    'a tool whose schema_migrations has Earshot’s columns but not its migrations',
    (path) => made(path, "CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL); INSERT INTO schema_migrations VALUES ('20240101_init', 0); CREATE TABLE topics (id INTEGER PRIMARY KEY, title TEXT)"),
  ],
  [
    'an app in WAL mode that crashed with commits in its -wal',
    (path) => {
      // Copied while the app's connection is open: the file and the -wal a killed process leaves.
      const running = path.replace(/\.sqlite$/, '-running.db');
      const app = new Database(running);
      app.pragma('journal_mode = WAL');
      app.pragma('wal_autocheckpoint = 0');
      app.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('buy milk')");
      for (const suffix of ['', '-wal']) copyFileSync(`${running}${suffix}`, `${path}${suffix}`);
      app.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${running}${suffix}`, { force: true });
    },
  ],
];

function made(path: string, schema: string): void {
  const app = new Database(path);
  app.exec(schema);
  app.close();
}

/** The file and its -wal, byte for byte (-shm is an index SQLite rebuilds on any read). */
function bytesOf(path: string): Record<string, Buffer> {
  const dir = dirname(path);
  const name = basename(path);
  return Object.fromEntries(
    readdirSync(dir)
      .filter((file) => file.startsWith(name) && !file.endsWith('-shm'))
      .map((file) => [file, readFileSync(join(dir, file))]),
  );
}

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

  describe.each(foreignDatabases)('%s', (name, make) => {
    const path = () => join(dir, 'apps', `${name.replace(/\W+/g, '-')}.sqlite`);
    // Made again for each command: one that changed it must not hide what the next one does.
    beforeEach(() => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${path()}${suffix}`, { force: true });
      make(path());
    });

    it.each(commands)('is refused by `%s`, exit 2, the file left byte for byte as it was', async (_command, args) => {
      const before = bytesOf(path());
      const result = await earshotCli(args(dir), { EARSHOT_DB: path() });
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr).toBe(
        `earshot: invalid configuration:\n  - EARSHOT_DB: cannot open ${path()}: it is another application's SQLite database (${name.includes('schema_migrations') ? '2 tables' : '1 table'}, no Earshot migrations): Earshot left it as it was; name Earshot's database or a new file\n`,
      );
      expect(bytesOf(path())).toEqual(before);
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
