// `earshot replay`: the same replay as the API, from the command line, on a stored database.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/runtime/node/commands/replay-command';
import { buildNodeDeps } from '../../src/runtime/node/build-node-deps';
import { loadNodeConfig } from '../../src/runtime/node/load-node-config';
import { insertMentions } from '../../src/storage/mention-store';
import { createSource } from '../../src/storage/source-store';
import { createTopic } from '../../src/storage/topic-store';
import { runCommand } from '../support/run-command';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 0, 5);
const surgeAt = START + 3 * DAY + 14 * HOUR;
let dir = '';
let env: Record<string, string> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'earshot-replay-'));
  env = { EARSHOT_DB: join(dir, 'e.db'), EARSHOT_LOG_LEVEL: 'error' };
  const runtime = await buildNodeDeps(loadNodeConfig(env), START);
  const { db } = runtime.deps;
  const topic = (await createTopic(db, { name: 'Acme', query: 'acme' }, START))!;
  const source = (await createSource(db, { kind: 'rss', url: 'https://blog.example/feed' }, START))!;
  const item = (key: string, at: number, negative: boolean) => ({
    draft: { dedupKey: key, url: null, author: null, title: null, text: negative ? 'acme is awful' : 'acme shipped', publishedAt: at },
    sentiment: { score: negative ? -0.6 : 0, label: negative ? ('negative' as const) : ('neutral' as const), explanation: [], version: 't' },
    topicIds: [topic.id],
  });
  const items = [];
  for (let t = START, i = 0; t < START + 4 * DAY; t += 10 * MIN, i++) items.push(item(`q${i}`, t, i % 5 === 0));
  for (let t = surgeAt, i = 0; t < surgeAt + 40 * MIN; t += MIN / 2, i++) items.push(item(`s${i}`, t, true));
  await insertMentions(db, source.id, items, START + 5 * DAY);
  await runtime.close();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const replay = (args: string[]) => runCommand(run, args, { env });

describe('earshot replay', () => {
  it('lists the alert the detector would have fired', async () => {
    const { code, out, err } = await replay(['--topic', '1', '--from', '2026-01-08', '--to', '2026-01-09']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/^1 alert\(s\) for "Acme"/);
    expect(out).toMatch(/2026-01-08 14:0\d → 2026-01-08 \d\d:\d\d\s+backlash/);
  });

  it('applies a settings file, and names the field when one is wrong', async () => {
    const good = join(dir, 'good.json');
    await writeFile(good, JSON.stringify({ minCount: 1000 }));
    expect((await replay(['--topic', '1', '--from', '2026-01-08', '--to', '2026-01-09', '--settings', good])).out).toMatch(/^0 alert\(s\)/);
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ sensitivity: 'max' }));
    const result = await replay(['--topic', '1', '--from', '2026-01-08', '--to', '2026-01-09', '--settings', bad]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('sensitivity: must be one of low, medium, high');
  });

  it.each([
    { name: 'missing', content: null, error: /^replay: cannot read .*nope\.json: ENOENT: no such file or directory\n$/ },
    { name: 'not JSON', content: '{sensitivity: "high"}', error: /^replay: .*nope\.json: not JSON: / },
  ])('says what is wrong with a settings file that is $name, exit 1', async ({ content, error }) => {
    const file = join(dir, 'nope.json');
    if (content === null) await rm(file, { force: true });
    else await writeFile(file, content);
    const result = await replay(['--topic', '1', '--from', '2026-01-08', '--to', '2026-01-09', '--settings', file]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(error);
  });

  it.each([
    { name: 'no topic', args: ['--from', '2026-01-08', '--to', '2026-01-09'], error: '--topic must be a topic id' },
    { name: 'a bad date', args: ['--topic', '1', '--from', 'monday', '--to', '2026-01-09'], error: '--from and --to must be dates' },
    { name: 'a day the calendar lacks (not read as 2 March)', args: ['--topic', '1', '--from', '2026-02-30', '--to', '2026-03-09'], error: '--from and --to must be dates' },
    { name: 'a reversed range', args: ['--topic', '1', '--from', '2026-01-09', '--to', '2026-01-08'], error: '--from must be before --to' },
    { name: 'a topic given twice', args: ['--topic', '1', '--topic=2', '--from', '2026-01-08', '--to', '2026-01-09'], error: '--topic is given 2 times; give it once' },
  ])('refuses $name with exit 2', async ({ args, error }) => {
    const result = await replay(args);
    expect(result.code).toBe(2);
    expect(result.err).toContain(error);
  });
});
