import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupDatabase } from '../../src/runtime/node/backup-database';
import { openSqlite, type OpenedSqlite } from '../../src/runtime/node/open-sqlite';
import { migrateToLatest } from '../../src/storage/migrate';
import { createTopic } from '../../src/storage/topic-store';
import { earshotCli } from '../support/run-earshot-cli';
import { topicNamesIn } from '../support/topic-names-in';

const T0 = Date.UTC(2026, 10, 30, 12);


describe('earshot restore --from FILE', () => {
  let dir: string;
  let env: Record<string, string>;
  let backup: string;
  let running: OpenedSqlite | null;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'earshot-restore-'));
    env = { EARSHOT_DB: join(dir, 'data', 'earshot.db') };
    // Yesterday's database, backed up; then a day of changes the backup does not hold.
    const live = openSqlite(env.EARSHOT_DB!);
    await migrateToLatest(live.db, T0);
    await createTopic(live.db, { name: 'FundSpark', query: 'fundspark' }, T0);
    backup = join(dir, 'backups', 'earshot-2026-11-30.db');
    await backupDatabase(env.EARSHOT_DB!, backup);
    await createTopic(live.db, { name: 'Acme', query: 'acme' }, T0);
    // Its latest commit is in the WAL: a restore that forgot the WAL would be wrong either way.
    live.raw.pragma('wal_autocheckpoint = 0');
    await createTopic(live.db, { name: 'Initech', query: 'initech' }, T0);
    running = live;
  });
  afterEach(async () => {
    await running?.db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const stop = async () => {
    await running?.db.destroy();
    running = null;
  };

  it('puts the backup in place and keeps the database it replaced, WAL folded in', async () => {
    await stop();
    const result = await earshotCli(['restore', '--from', backup], env);
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { previous: string; restored: string };
    expect(report).toMatchObject({ restored: env.EARSHOT_DB, from: backup, topics: 1, mentions: 0, alerts: 0, migrated: [] });
    // The replaced database, its last commit included, is one file beside it: nothing was lost.
    expect(report.previous).toMatch(/earshot\.db\.before-restore-\d{8}T\d{6}Z$/);
    expect(readdirSync(join(dir, 'data')).sort()).toEqual(['earshot.db', report.previous.split('/').pop()]);
    expect(topicNamesIn(report.previous)).toEqual(['FundSpark', 'Acme', 'Initech']);
    expect(topicNamesIn(env.EARSHOT_DB!)).toEqual(['FundSpark']);
    expect(statSync(env.EARSHOT_DB!).mode & 0o777).toBe(0o600);
    // The backup itself is untouched, and Earshot opens the restored database as it is.
    expect(topicNamesIn(backup)).toEqual(['FundSpark']);
    expect((await earshotCli(['migrate'], env)).stdout).toBe('database is up to date\n');
  });

  it('refuses while Earshot has the database open, and changes nothing', async () => {
    const result = await earshotCli(['restore', '--from', backup], env);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('is open in another process (is Earshot running? stop it first)');
    expect(readdirSync(join(dir, 'data')).filter((name) => !name.startsWith('earshot.db-')).sort()).toEqual(['earshot.db']);
    await createTopic(running!.db, { name: 'Globex', query: 'globex' }, T0);
    expect(topicNamesIn(env.EARSHOT_DB!)).toEqual(['FundSpark', 'Acme', 'Initech', 'Globex']);
  });

  it('brings a backup from an older Earshot up to date', async () => {
    await stop();
    const old = new Database(backup);
    old.exec("DELETE FROM schema_migrations WHERE name = '0008-add-source-purge'; ALTER TABLE sources DROP COLUMN purge_requested_at");
    old.close();
    const result = await earshotCli(['restore', '--from', backup], env);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ migrated: ['0008-add-source-purge'], topics: 1 });
  });

  it.each([
    ['a file that is not a database', (path: string) => writeFileSync(path, 'not a database at all, but long enough to look like one '.repeat(100)), /could not be read: .*not a database; nothing was changed$/m],
    [
      'a backup cut short (a copy interrupted, a download that stopped)',
      (path: string) => writeFileSync(path, readFileSync(backup).subarray(0, statSync(backup).size / 2)),
      /could not be read: database disk image is malformed; nothing was changed$/m,
    ],
    [
      'a database that is not Earshot’s',
      (path: string) => {
        const db = new Database(path);
        db.exec('CREATE TABLE notes (body TEXT)');
        db.close();
      },
      /is not an Earshot database \(it has no schema_migrations table\): nothing was changed/,
    ],
    [
      'a database of another tool with a schema_migrations of its own (Rails’)',
      (path: string) => {
        const db = new Database(path);
        db.exec("CREATE TABLE schema_migrations (version TEXT PRIMARY KEY); INSERT INTO schema_migrations VALUES ('20240101000000'); CREATE TABLE users (id INTEGER PRIMARY KEY)");
        db.close();
      },
      /is not an Earshot database \(its schema_migrations records no Earshot migration\): nothing was changed/,
    ],
    [
      'a backup from a newer Earshot',
      (path: string) => {
        const db = new Database(path);
        db.exec("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL); INSERT INTO schema_migrations VALUES ('0001-create-tables', 0), ('0099-from-the-future', 0)");
        db.close();
      },
      /comes from a newer Earshot \(migrations 0099-from-the-future are unknown to this one\): upgrade Earshot first; nothing was changed/,
    ],
  ])('refuses %s and changes nothing', async (_case, write, message) => {
    await stop();
    const bad = join(dir, 'bad.db');
    write(bad);
    const result = await earshotCli(['restore', '--from', bad], env);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(topicNamesIn(env.EARSHOT_DB!)).toEqual(['FundSpark', 'Acme', 'Initech']);
    expect(readdirSync(join(dir, 'data')).filter((name) => !name.startsWith('earshot.db-')).sort()).toEqual(['earshot.db']);
  });

  // As every command that opens EARSHOT_DB says it (test/cli/jobs-command.test.ts): exit 2, the path named, no stack trace.
  it.each([
    [
      'a folder',
      (root: string) => {
        mkdirSync(join(root, 'data-folder'));
        return join(root, 'data-folder');
      },
      () => 'it is a folder: name a file in it, such as earshot.db',
    ],
    [
      'a file where its folder should be',
      (root: string) => {
        writeFileSync(join(root, 'notes.txt'), 'mine');
        return join(root, 'notes.txt', 'earshot.db');
      },
      (root: string) => `${join(root, 'notes.txt')} is not a folder`,
    ],
  ])('refuses an EARSHOT_DB that is %s, naming it, and changes nothing', async (_case, make, why) => {
    await stop();
    const path = make(dir);
    const before = readdirSync(dir).sort();
    const result = await earshotCli(['restore', '--from', backup], { EARSHOT_DB: path });
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toBe(`earshot: invalid configuration:\n  - EARSHOT_DB: cannot open ${path}: ${why(dir)}\n`);
    expect(readdirSync(dir).sort()).toEqual(before);
    if (_case === 'a folder') expect(readdirSync(path)).toEqual([]);
  });

  it.each([
    ['no --from', [], 'usage: earshot restore --from FILE'],
    ['a missing backup', ['--from', 'nowhere.db'], 'nothing to restore'],
  ])('answers %s with exit 2', async (_case, args, message) => {
    const result = await earshotCli(['restore', ...args], env);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('restores onto a machine with no database yet', async () => {
    await stop();
    const fresh = { EARSHOT_DB: join(dir, 'new-machine', 'earshot.db') };
    const result = await earshotCli(['restore', '--from', backup], fresh);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ previous: null, topics: 1 });
    expect(topicNamesIn(fresh.EARSHOT_DB)).toEqual(['FundSpark']);
    expect(existsSync(`${fresh.EARSHOT_DB}.restoring`)).toBe(false);
  });
});
