import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite, type OpenedSqlite } from '../../src/runtime/node/open-sqlite';
import { migrateToLatest } from '../../src/storage/migrate';
import { createTopic } from '../../src/storage/topic-store';
import { earshotCli } from '../support/run-earshot-cli';
import { topicNamesIn } from '../support/topic-names-in';

const T0 = Date.UTC(2026, 10, 30, 12);


describe('earshot backup --to FILE', () => {
  let dir: string;
  let live: OpenedSqlite;
  let env: Record<string, string>;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'earshot-backup-'));
    env = { EARSHOT_DB: join(dir, 'earshot.db') };
    // A running Earshot: its connection stays open, and its latest commits are still in the WAL.
    live = openSqlite(env.EARSHOT_DB!);
    await migrateToLatest(live.db, T0);
    live.raw.pragma('wal_checkpoint(TRUNCATE)');
    live.raw.pragma('wal_autocheckpoint = 0');
    await createTopic(live.db, { name: 'FundSpark', query: 'fundspark' }, T0);
    await createTopic(live.db, { name: 'Acme', query: 'acme' }, T0);
  });
  afterEach(async () => {
    await live.db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies the running database, commits still in its WAL included, and checks the copy', async () => {
    // What cp of the database file alone would keep: the schema, not the topics.
    copyFileSync(env.EARSHOT_DB!, join(dir, 'cp.db'));
    expect(topicNamesIn(join(dir, 'cp.db'))).toEqual([]);

    const to = join(dir, 'backups', '..', 'copy.db');
    const result = await earshotCli(['backup', '--to', to], env);
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ to: join(dir, 'copy.db'), integrity: 'ok', topics: 2, mentions: 0, alerts: 0 });
    // A folder that does not exist yet is made, as the README's example needs on a first backup.
    const nested = await earshotCli(['backup', '--to', join(dir, 'backups', '2026', 'copy.db')], env);
    expect(nested.status, nested.stderr).toBe(0);
    expect(topicNamesIn(join(dir, 'backups', '2026', 'copy.db'))).toEqual(['FundSpark', 'Acme']);
    expect(report['bytes']).toBeGreaterThan(0);
    expect(topicNamesIn(join(dir, 'copy.db'))).toEqual(['FundSpark', 'Acme']);
    // One self-contained file: nothing beside it to forget when it is moved.
    expect(readdirSync(dir).filter((name) => name.startsWith('copy.db'))).toEqual(['copy.db']);
    // Restored in place of the database, it is one Earshot opens as it is.
    const restored = await earshotCli(['migrate'], { EARSHOT_DB: join(dir, 'copy.db') });
    expect(restored.stdout).toBe('database is up to date\n');
    // The running database goes on as before.
    await createTopic(live.db, { name: 'Initech', query: 'initech' }, T0);
    expect(topicNamesIn(env.EARSHOT_DB!)).toEqual(['FundSpark', 'Acme', 'Initech']);
  });

  it.each([
    ['no --to', [], 'usage: earshot backup --to FILE'],
    ['an extra argument', ['--to', 'a.db', 'b.db'], 'usage: earshot backup --to FILE'],
  ])('answers %s with its usage, exit 2', async (_case, args, message) => {
    const result = await earshotCli(['backup', ...args], env);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('never overwrites a file, and leaves it as it was', async () => {
    const to = join(dir, 'old-backup.db');
    writeFileSync(to, 'an older backup');
    const result = await earshotCli(['backup', '--to', to], env);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${to} exists: name a new file (a backup never overwrites one)`);
    expect(readFileSync(to, 'utf8')).toBe('an older backup');
  });

  it.each([
    ['a file where its folder should be', 'in-the-way/copy.db', 'in-the-way'],
    ['a file where a folder above it should be', 'in-the-way/2026/copy.db', 'in-the-way/2026'],
  ])('says in one line why it cannot write to %s, exit 1', async (_case, target, folder) => {
    writeFileSync(join(dir, 'in-the-way'), 'mine');
    const to = join(dir, target);
    const result = await earshotCli(['backup', '--to', to], env);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`earshot backup: cannot write ${to}: a file is in the way of its folder ${join(dir, folder)}\n`);
    expect(readFileSync(join(dir, 'in-the-way'), 'utf8')).toBe('mine');
  });

  it('refuses an EARSHOT_DB that is a folder as every command does, and writes no copy', async () => {
    const result = await earshotCli(['backup', '--to', join(dir, 'copy.db')], { EARSHOT_DB: dir });
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toBe(`earshot: invalid configuration:\n  - EARSHOT_DB: cannot open ${dir}: it is a folder: name a file in it, such as earshot.db\n`);
    expect(existsSync(join(dir, 'copy.db'))).toBe(false);
  });

  it('says when there is no database to copy, and creates none', async () => {
    const missing = join(dir, 'nowhere', 'earshot.db');
    const result = await earshotCli(['backup', '--to', join(dir, 'copy.db')], { EARSHOT_DB: missing });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`no database at ${missing}: nothing to back up`);
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(join(dir, 'copy.db'))).toBe(false);
  });
});
