import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';
import { earshotCli } from '../support/run-earshot-cli';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(() => server.close());

function workspace(seed: unknown) {
  const dir = mkdtempSync(join(tmpdir(), 'earshot-cli-'));
  writeFileSync(join(dir, 'earshot.json'), JSON.stringify(seed));
  return { dir, env: { EARSHOT_DB: join(dir, 'e.db'), EARSHOT_CONFIG: join(dir, 'earshot.json'), EARSHOT_ALLOW_PRIVATE_URLS: 'true' } };
}

describe('earshot jobs --once', () => {
  it('crawls, detects and delivers once, and seeding twice duplicates nothing', async () => {
    const { env } = workspace({
      topics: [{ name: 'Acme', query: 'acme' }],
      sources: [{ kind: 'rss', url: server.url('/rss/basic') }, { kind: 'rss', url: server.url('/_/status/500') }],
      webhooks: [{ url: 'http://127.0.0.1:9/hook' }],
    });
    const first = await earshotCli(['jobs', '--once'], env);
    expect(first.status, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout) as { crawl: { inserted: number; failed: number } };
    expect(report.crawl).toMatchObject({ inserted: 2, failed: 1 });
    const second = await earshotCli(['jobs', '--once', '--force'], env);
    expect(second.status).toBe(0);
    const db = new Database(env.EARSHOT_DB, { readonly: true });
    const count = (table: string) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    expect([count('topics'), count('sources'), count('webhook_endpoints'), count('mentions')]).toEqual([1, 2, 1, 2]);
    db.close();
  });

  it('stops on a bad configuration with every problem listed, exit 2', async () => {
    const { env } = workspace({ topics: [{ name: '', query: 'x' }], sources: [{ kind: 'rss', url: 'not a url' }] });
    const result = await earshotCli(['jobs', '--once'], { ...env, EARSHOT_PORT: 'abc' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('EARSHOT_PORT');
    expect(result.stderr).toContain('topics.0.name');
    expect(result.stderr).toContain('sources.0.url');
  });

  it('warns about a misspelt setting, which it ignores, naming the setting meant', async () => {
    const result = await earshotCli(['jobs', '--once'], { EARSHOT_DB: ':memory:', EARSHOT_PROT: '9000', EARSHOT_LOG_LEVEL: 'warn' });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('"message":"EARSHOT_PROT is not a setting and is ignored: did you mean EARSHOT_PORT?"');
  });

  it.each([
    ['no --once', ['jobs'], 2],
    ['unknown flag', ['jobs', '--once', '--nope'], 2],
    ['unknown command', ['frobnicate'], 2],
    ['an argument to migrate (not ignored)', ['migrate', '--dry-run'], 2],
  ])('refuses %s', async (_name, args, code) => {
    expect((await earshotCli(args, { EARSHOT_DB: ':memory:' })).status).toBe(code);
  });

  // The operator's to fix: EARSHOT_DB and the path named, exit 2 as for any bad setting, no stack
  // trace, and a file that is not a database left as it was.
  it.each([
    ['a folder', (dir: string) => dir, () => 'it is a folder: name a file in it, such as earshot.db'],
    ['a file where its folder should be', (dir: string) => join(dir, 'earshot.json', 'e.db'), (dir: string) => `${join(dir, 'earshot.json')} is not a folder`],
    ['a file that is not a database', (dir: string) => join(dir, 'earshot.json'), () => 'it is not an SQLite database'],
  ])('refuses an EARSHOT_DB that is %s, naming it', async (_name, path, why) => {
    const { dir } = workspace({ topics: [] });
    const before = readFileSync(join(dir, 'earshot.json'), 'utf8');
    for (const args of [['migrate'], ['jobs', '--once']]) {
      const result = await earshotCli(args, { EARSHOT_DB: path(dir) });
      expect(result.status).toBe(2);
      expect(result.stderr).toBe(`earshot: invalid configuration:\n  - EARSHOT_DB: cannot open ${path(dir)}: ${why(dir)}\n`);
    }
    expect(readFileSync(join(dir, 'earshot.json'), 'utf8')).toBe(before);
  });
});
