import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config';

const files: Record<string, string> = {
  'good.json': JSON.stringify({ topics: [{ name: 'Acme', query: 'acme' }], sources: [{ kind: 'rss', url: 'https://example.com/feed' }], webhooks: [{ url: 'https://hooks.example.com/x' }] }),
  'bad.json': JSON.stringify({ topics: [{ name: '', query: 'acme' }], sources: [{ kind: 'ftp', url: 'nope' }], extra: 1 }),
  'broken.json': '{ not json',
  // A query the API would refuse, a bad kind, and a loopback feed and webhook: all four in one round.
  'mixed.json': JSON.stringify({
    topics: [{ name: 'Acme', query: 'acme OR' }],
    sources: [{ kind: 'rss', url: 'http://127.0.0.1:9/feed' }, { kind: 'rsss', url: 'https://example.com/feed' }],
    webhooks: [{ url: 'http://10.0.0.7/hook' }],
  }),
};
const readFile = (path: string) => {
  const text = files[path];
  if (text === undefined) throw new Error('ENOENT: no such file');
  return text;
};

describe('parseConfig', () => {
  it('runs with nothing set, on the documented defaults', () => {
    const result = parseConfig({}, readFile);
    expect(result).toMatchObject({ ok: true, config: { EARSHOT_DB: './data/earshot.db', EARSHOT_PORT: 8787, EARSHOT_HOST: '127.0.0.1', EARSHOT_ALLOW_PRIVATE_URLS: false } });
  });

  it('reads the seed file', () => {
    const result = parseConfig({ EARSHOT_CONFIG: 'good.json' }, readFile);
    expect(result.ok && result.config.seed.topics).toEqual([{ name: 'Acme', query: 'acme' }]);
  });

  it('lists every problem at once', () => {
    const result = parseConfig(
      { EARSHOT_PORT: 'eighty', EARSHOT_ALLOW_PRIVATE_URLS: 'maybe', EARSHOT_API_KEY: 'short', EARSHOT_CONFIG: 'bad.json' },
      readFile,
    );
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.some((p) => p.startsWith('EARSHOT_PORT'))).toBe(true);
    expect(problems.some((p) => p.startsWith('EARSHOT_ALLOW_PRIVATE_URLS'))).toBe(true);
    expect(problems.some((p) => p.startsWith('EARSHOT_API_KEY'))).toBe(true);
    expect(problems.some((p) => p.includes('topics.0.name'))).toBe(true);
    expect(problems.some((p) => p.includes('sources.0.kind'))).toBe(true);
    expect(problems.some((p) => p.includes('extra'))).toBe(true);
  });

  it('refuses a query the matcher cannot parse, and lists the URL guard\'s refusals beside the other problems', () => {
    const result = parseConfig({ EARSHOT_CONFIG: 'mixed.json' }, readFile);
    expect(result.ok ? [] : result.problems).toEqual([
      'EARSHOT_CONFIG mixed.json topics.0.query: is not a valid query: expected a word, a "phrase" or ( (at character 8)',
      expect.stringMatching(/^EARSHOT_CONFIG mixed\.json sources\.1\.kind: /),
      'EARSHOT_CONFIG mixed.json sources.0.url: refused by the URL guard: 127.0.0.1 is loopback (EARSHOT_ALLOW_PRIVATE_URLS=true lets private and loopback addresses through)',
      'EARSHOT_CONFIG mixed.json webhooks.0.url: refused by the URL guard: 10.0.0.7 is private (EARSHOT_ALLOW_PRIVATE_URLS=true lets private and loopback addresses through)',
    ]);
  });

  it('takes a topic\'s detector settings as the API does, and names a bad one by its path', () => {
    const file = (settings: unknown) => () => JSON.stringify({ topics: [{ name: 'FundSpark', query: 'fundspark', detectorSettings: settings }] });
    const good = parseConfig({ EARSHOT_CONFIG: 'a.json' }, file({ timeZone: 'Europe/Paris', quietHours: { start: '22:00', end: '07:00' } }));
    expect(good.ok && good.config.seed.topics[0]!.detectorSettings).toMatchObject({ timeZone: 'Europe/Paris', sensitivity: 'medium', quietHours: { start: '22:00', end: '07:00' } });
    const bad = parseConfig({ EARSHOT_CONFIG: 'a.json' }, file({ timeZone: 'Mars/Olympus_Mons', cooldownMinutes: 1, loud: true }));
    expect(bad.ok ? [] : bad.problems).toEqual([
      'EARSHOT_CONFIG a.json topics.0.detectorSettings.cooldownMinutes: must be at least 5',
      'EARSHOT_CONFIG a.json topics.0.detectorSettings.timeZone: must be an IANA time zone such as Europe/Paris or America/New_York',
      expect.stringMatching(/^EARSHOT_CONFIG a\.json topics\.0\.detectorSettings: .*loud/),
    ]);
  });

  it.each([
    ['missing file', 'missing.json', 'cannot read'],
    ['invalid JSON', 'broken.json', 'not valid JSON'],
  ])('reports a %s', (_name, path, message) => {
    const result = parseConfig({ EARSHOT_CONFIG: path }, readFile);
    expect(result.ok ? [] : result.problems.join('\n')).toContain(message);
  });

  // The README: an unknown key is refused, never ignored. A misspelt key dropped silently would be a
  // setting the operator believes applied (lexicon overrides, detector settings) that never is.
  it.each([
    ['a topic', { topics: [{ name: 'Acme', query: 'acme', lexiconOverride: { killer: 0 } }] }, 'EARSHOT_CONFIG a.json topics.0: unknown key "\u2068lexiconOverride\u2069"'],
    ['a topic', { topics: [{ name: 'Acme', query: 'acme', detectorSetting: { sensitivity: 'high' } }] }, 'EARSHOT_CONFIG a.json topics.0: unknown key "\u2068detectorSetting\u2069"'],
    ['a source', { sources: [{ kind: 'rss', url: 'https://example.com/feed', nmae: 'Feed', topic: 'Acme' }] }, 'EARSHOT_CONFIG a.json sources.0: unknown keys "\u2068nmae\u2069", "\u2068topic\u2069"'],
    ['the file', { topic: [{ name: 'Acme', query: 'acme' }] }, 'EARSHOT_CONFIG a.json: unknown key "\u2068topic\u2069"'],
  ])('refuses an unknown key in %s, naming it', (_where, seed, problem) => {
    const result = parseConfig({ EARSHOT_CONFIG: 'a.json' }, () => JSON.stringify(seed));
    expect(result.ok ? [] : result.problems).toEqual([problem]);
  });

  it.each(['javascript:alert(1)', 'ftp://dash.example.com/', 'dash.example.com'])('refuses EARSHOT_PUBLIC_URL %s: alert links must open the dashboard', (url) => {
    const result = parseConfig({ EARSHOT_PUBLIC_URL: url }, readFile);
    expect(result.ok ? [] : result.problems).toEqual(['EARSHOT_PUBLIC_URL: must be an http(s) URL']);
  });

  it('takes an http(s) EARSHOT_PUBLIC_URL', () => {
    expect(parseConfig({ EARSHOT_PUBLIC_URL: 'https://earshot.example.com/' }, readFile).ok).toBe(true);
  });

  // Messages name keys and places, never values: V8 quotes the text around some syntax errors.
  it.each([
    ['an unquoted secret', '{"webhooks": [{"url": "https://hooks.example.com/x",\n  "secret": whsec_c2VjcmV0c2VjcmV0c2VjcmV0}]}', "Unexpected token 'w'"],
    ['a missing comma after a Slack URL (its own secret)', '{"webhooks": [\n  {"url": "https://hooks.slack.com/services/T0/B0/c2VjcmV0" "kind": "slack"}]}', "Expected ',' or '}' after property value at line 2, column 61"],
    ['an empty file', '\n', 'the file is empty (an empty seed is {})'],
  ])('reports invalid JSON without quoting the file: %s', (_name, text, reason) => {
    const result = parseConfig({ EARSHOT_CONFIG: 'a.json' }, () => text);
    expect(result.ok ? [] : result.problems).toEqual([`EARSHOT_CONFIG: a.json is not valid JSON: ${reason}`]);
  });

  it('notes a variable a letter or two from a setting as misspelt, and leaves other EARSHOT_ variables alone', () => {
    const seed = JSON.stringify({ webhooks: [{ url: 'https://hooks.example.com/x', secretEnv: 'EARSHOT_API_KEY2' }] });
    const env = { EARSHOT_PROT: '9000', EARSHOT_LOGLEVEL: 'debug', EARSHOT_DEMO_DAY: '2026-11-02', EARSHOT_WEBHOOK_SECRET: 'x', EARSHOT_API_KEY2: `whsec_${'A'.repeat(32)}`, EARSHOT_CONFIG: 'a.json' };
    const result = parseConfig(env, () => seed);
    expect(result.ok && result.config.misspeltVariables).toEqual([
      { name: 'EARSHOT_PROT', setting: 'EARSHOT_PORT' },
      { name: 'EARSHOT_LOGLEVEL', setting: 'EARSHOT_LOG_LEVEL' },
    ]);
  });

  it('refuses a public binding without an API key', () => {
    const result = parseConfig({ EARSHOT_HOST: '0.0.0.0' }, readFile);
    expect(result.ok ? '' : result.problems.join('\n')).toContain('EARSHOT_API_KEY: required');
  });

  // The loopback rule itself is tabled in test/http/loopback-host.test.ts; these are the spellings an
  // operator writes, and the two this rule changed (LOCALHOST was refused, 127.999.0.1 let through).
  it.each([
    ['127.0.0.1', true],
    ['localhost', true],
    ['LOCALHOST', true],
    ['[::1]', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['127.999.0.1', false],
    ['127.1', false],
    ['app.localhost', false],
    ['0.0.0.0', false],
    ['::', false],
  ])('EARSHOT_HOST=%s without a key: accepted %s', (host, accepted) => {
    const result = parseConfig({ EARSHOT_HOST: host }, readFile);
    expect(result.ok ? [] : result.problems).toEqual(accepted ? [] : [`EARSHOT_API_KEY: required when EARSHOT_HOST (${host}) is not a loopback address`]);
  });

  it('accepts a public binding with a key', () => {
    expect(parseConfig({ EARSHOT_HOST: '0.0.0.0', EARSHOT_API_KEY: 'k'.repeat(32) }, readFile).ok).toBe(true);
  });
});
