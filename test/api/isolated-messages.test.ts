import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config';
import { createTestApi } from './api-test-app';

const FSI = '\u2068';
const PDI = '\u2069';
const RLO = '\u202E';
const RLI = '\u2067';

// What a client can put in a key, a parameter's name or a path, and how a message must quote it: in
// an isolate of its own that the value can neither leave open nor close early (see isolateName).
const hostile = [
  { name: 'an unclosed right-to-left override', value: `a${RLO}b`, isolated: (text: string) => `${FSI}${text}${PDI}` },
  { name: 'a PDI alone, which would close the isolate early', value: `a${PDI}${RLO}b`, isolated: (text: string) => `${FSI}${FSI}${text}${PDI}` },
  { name: 'an unclosed right-to-left isolate, which would take its PDI', value: `${RLI}ab`, isolated: (text: string) => `${FSI}${text}${PDI}${PDI}` },
];

type Isolate = (text: string) => string;

// Each message that quotes a client's text, asked with each hostile value. The message keeps its
// words; only the quoted value gains its isolate. Details keep their paths as they were (a contract).
const apiMessages: Array<{ name: string; ask: (value: string) => [method: string, path: string, body?: unknown]; says: (value: string, isolated: Isolate) => string; detailPath?: (value: string) => string }> = [
  {
    name: 'an override word given twice',
    ask: (v) => ['PUT', '/api/topics/1/lexicon-overrides', { overrides: { [v]: 1, [` ${v}`]: 2 } }],
    says: (v, iso) => `is the same word as "${iso(v)}": give it once`,
    detailPath: (v) => `body.overrides. ${v}`,
  },
  {
    name: 'an override word too long',
    ask: (v) => ['PUT', '/api/topics/1/lexicon-overrides', { overrides: { [v + 'x'.repeat(80)]: 1 } }],
    says: (v, iso) => `key "${iso(v + 'x'.repeat(80))}" must be at most 80 characters`,
    detailPath: (v) => `body.overrides.${v}${'x'.repeat(80)}`,
  },
  {
    name: 'an unknown field in a body',
    ask: (v) => ['POST', '/api/topics', { name: 'B', query: 'b', [v]: 1 }],
    says: (v, iso) => `Unrecognized key: "${iso(v)}"`,
    detailPath: () => 'body',
  },
  {
    name: 'an unknown setting in a source config',
    ask: (v) => ['POST', '/api/sources', { kind: 'rss', url: 'https://example.com/feed', config: { [v]: 1 } }],
    says: (v, iso) => `Unrecognized key: "${iso(v)}"`,
    detailPath: () => 'body.config',
  },
  {
    name: 'a query parameter on a route that takes none',
    ask: (v) => ['DELETE', `/api/topics/1?${encodeURIComponent(v)}=1`],
    says: (v, iso) => `this route takes no query parameters (it was given "${iso(v)}")`,
    detailPath: () => 'query',
  },
  {
    name: 'a query parameter given twice, named by its place',
    ask: (v) => ['GET', `/api/mentions?${encodeURIComponent(v)}=1&${encodeURIComponent(v)}=2`],
    says: (v, iso) => `${iso(`query.${v}`)}: is given 2 times; give it once`,
    detailPath: (v) => `query.${v}`,
  },
  {
    name: 'a path no route serves',
    ask: (v) => ['GET', `/api/${encodeURIComponent(v)}`],
    says: (v, iso) => `no route for GET ${iso(`/api/${v}`)}`,
  },
];

describe('API messages quote a client\'s text in an isolate', () => {
  const cases = apiMessages.flatMap((message) => hostile.map((h) => ({ ...message, hostile: h.name, value: h.value, isolated: h.isolated })));

  it.each(cases)('$name: $hostile', async ({ ask, says, detailPath, value, isolated }) => {
    const { call } = await createTestApi();
    await call('POST', '/api/topics', { name: 'Acme', query: 'acme' });
    const [method, path, body] = ask(value);
    const { json } = await call(method, path, body);
    expect(json.error.message).toContain(says(value, isolated));
    if (detailPath) expect(json.error.details.map((d: { path: string }) => d.path)).toContain(detailPath(value));
  });

  it('leaves a path of the schema\'s own field names as it was', async () => {
    const { call } = await createTestApi();
    const { json } = await call('POST', '/api/topics', { name: '', query: 'acme' });
    expect(json.error.message).toMatch(/^body\.name: /);
  });
});

describe('configuration problems quote the file\'s and the environment\'s text in an isolate', () => {
  const configMessages: Array<{ name: string; env: (value: string) => Record<string, string>; file?: (value: string) => unknown; says: (value: string, isolated: Isolate) => string }> = [
    {
      name: 'an unknown key in the seed file',
      env: () => ({ EARSHOT_CONFIG: 'seed.json' }),
      file: (v) => ({ topics: [{ name: 'Acme', query: 'acme', [v]: 1 }] }),
      says: (v, iso) => `EARSHOT_CONFIG seed.json topics.0: unknown key "${iso(v)}"`,
    },
    {
      name: 'an override word given twice in the seed file',
      env: () => ({ EARSHOT_CONFIG: 'seed.json' }),
      file: (v) => ({ topics: [{ name: 'Acme', query: 'acme', lexiconOverrides: { [v]: 1, [`${v} `]: 2 } }] }),
      says: (v, iso) => `is the same word as "${iso(v)}": give it once`,
    },
    {
      name: 'a Mastodon token for something that is not a host',
      env: (v) => ({ EARSHOT_MASTODON_TOKENS: `${v}/x=token` }),
      says: (v, iso) => `EARSHOT_MASTODON_TOKENS: "${iso(`${v}/x`)}" is not an instance's host`,
    },
  ];
  const cases = configMessages.flatMap((message) => hostile.map((h) => ({ ...message, hostile: h.name, value: h.value, isolated: h.isolated })));

  it.each(cases)('$name: $hostile', ({ env, file, says, value, isolated }) => {
    const result = parseConfig(env(value), () => JSON.stringify(file?.(value) ?? {}));
    expect(result.ok ? '' : result.problems.join('\n')).toContain(says(value, isolated));
  });
});
