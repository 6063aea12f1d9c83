import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateWebhookSecret } from '../../src/alerts/sign-webhook';
import { ConfigError } from '../../src/config/config-error';
import { isStandardWebhookSecret } from '../../src/config/is-standard-webhook-secret';
import { parseConfig } from '../../src/config/parse-config';
import { applySeed } from '../../src/runtime/apply-seed';
import type { Db } from '../../src/storage/database';
import { createTestDb } from '../support/test-db';

const SECRET = generateWebhookSecret();
const base64Of = (bytes: number) => btoa(String.fromCharCode(...Array.from({ length: bytes }, (_, i) => (i * 37) % 256)));
const url = 'https://hooks.example.com/ops';

/**
 * Every problem start-up would list for a file: parseConfig's, then, when the file parses, applySeed's
 * (topic names can only be checked against the database). Both are exit 2 in the CLI.
 */
async function problemsFor(db: Db, file: unknown, env: Record<string, string> = {}): Promise<string[]> {
  const parsed = parseConfig({ ...env, EARSHOT_CONFIG: 'earshot.json' }, () => JSON.stringify(file));
  if (!parsed.ok) return parsed.problems;
  try {
    await applySeed(db, parsed.config.seed, 0);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('seeded webhook settings in EARSHOT_CONFIG', () => {
  let db: Db;
  beforeEach(async () => {
    db = await createTestDb();
  });
  afterEach(() => db.destroy());

  it('accepts the API settings by name, and reads the secret from the variable secretEnv names', async () => {
    const file = {
      topics: [{ name: 'FundSpark', query: 'fundspark' }],
      webhooks: [{ url, kind: 'webhook', topics: ['FundSpark'], eventTypes: ['alert.opened'], minSeverity: 'critical', secretEnv: 'EARSHOT_WEBHOOK_SECRET_OPS' }],
    };
    const parsed = parseConfig({ EARSHOT_CONFIG: 'earshot.json', EARSHOT_WEBHOOK_SECRET_OPS: SECRET }, () => JSON.stringify(file));
    expect(parsed.ok && parsed.config.seed.webhooks).toEqual([{ ...file.webhooks[0], secret: SECRET }]);
    expect(await problemsFor(db, file, { EARSHOT_WEBHOOK_SECRET_OPS: SECRET })).toEqual([]);
  });

  it.each([
    ['an unknown topic name', { webhooks: [{ url, topics: ['Nobody'] }] }, {}, ['webhooks.0.topics.0: no topic named "Nobody" in the file or the database']],
    ['a topic name in the wrong case', { topics: [{ name: 'Acme', query: 'acme' }], webhooks: [{ url, topics: ['acme'] }] }, {}, ['(did you mean "Acme"?)']],
    ['two topics whose names differ only in case', { topics: [{ name: 'Acme', query: 'acme' }, { name: 'ACME', query: 'acme corp' }] }, {}, ['topics.1.name: names the topic of topics.0 again (names that differ only in case are one)']],
    ['two topics whose names differ only in Unicode form', { topics: [{ name: 'Caf\u00e9', query: 'cafe' }, { name: 'Cafe\u0301', query: 'cafe' }] }, {}, ['topics.1.name: names the topic of topics.0 again']],
    ['an empty topic list', { webhooks: [{ url, topics: [] }] }, {}, ['webhooks.0.topics: must list at least one topic, or be null for every topic']],
    ['topic ids instead of names', { webhooks: [{ url, topics: [1] }] }, {}, ['webhooks.0.topics.0:']],
    ['a bad kind', { webhooks: [{ url, kind: 'teams' }] }, {}, ['webhooks.0.kind: must be one of webhook, slack, discord']],
    ['a bad event type', { webhooks: [{ url, eventTypes: ['alert.closed'] }] }, {}, ['webhooks.0.eventTypes.0: must be one of alert.opened, alert.escalated, alert.resolved']],
    ['a bad severity', { webhooks: [{ url, minSeverity: 'high' }] }, {}, ['webhooks.0.minSeverity: must be one of watch, warning, critical']],
    ['a URL given twice', { webhooks: [{ url }, { url, minSeverity: 'critical' }] }, {}, ['webhooks.1.url: is the URL of webhooks.0 too']],
    ['a missing secret variable', { webhooks: [{ url, secretEnv: 'EARSHOT_WEBHOOK_SECRET_OPS' }] }, {}, ['webhooks.0.secretEnv: EARSHOT_WEBHOOK_SECRET_OPS is not set']],
    ['an empty secret variable', { webhooks: [{ url, secretEnv: 'EARSHOT_WEBHOOK_SECRET_OPS' }] }, { EARSHOT_WEBHOOK_SECRET_OPS: '' }, ['EARSHOT_WEBHOOK_SECRET_OPS is not set']],
    ['a secret without whsec_', { webhooks: [{ url, secretEnv: 'EARSHOT_S' }] }, { EARSHOT_S: base64Of(32) }, ['webhooks.0.secretEnv: EARSHOT_S is not a Standard Webhooks secret']],
    ['a secret of 23 bytes', { webhooks: [{ url, secretEnv: 'EARSHOT_S' }] }, { EARSHOT_S: `whsec_${base64Of(23)}` }, ['EARSHOT_S is not a Standard Webhooks secret']],
    ['a secret of 65 bytes', { webhooks: [{ url, secretEnv: 'EARSHOT_S' }] }, { EARSHOT_S: `whsec_${base64Of(65)}` }, ['EARSHOT_S is not a Standard Webhooks secret']],
    ['a secret with a line break after it', { webhooks: [{ url, secretEnv: 'EARSHOT_S' }] }, { EARSHOT_S: `${SECRET}\n` }, ['EARSHOT_S is not a Standard Webhooks secret']],
    ['a secret in URL-safe base64', { webhooks: [{ url, secretEnv: 'EARSHOT_S' }] }, { EARSHOT_S: `whsec_${'-_'.repeat(16)}` }, ['EARSHOT_S is not a Standard Webhooks secret']],
    ['the secret pasted into the file', { webhooks: [{ url, secret: SECRET }] }, {}, ['webhooks.0: unknown key "\u2068secret\u2069": give the signing secret in an environment variable named by secretEnv']],
    ['the secret pasted as secretEnv', { webhooks: [{ url, secretEnv: SECRET }] }, {}, ['webhooks.0.secretEnv: is the secret itself']],
    ['secretEnv not an EARSHOT_ variable', { webhooks: [{ url, secretEnv: 'AWS_SECRET_ACCESS_KEY' }] }, {}, ['webhooks.0.secretEnv: must be the name of an environment variable: EARSHOT_']],
    ["secretEnv naming one of Earshot's settings", { webhooks: [{ url, secretEnv: 'EARSHOT_API_KEY' }] }, { EARSHOT_API_KEY: SECRET }, ["names EARSHOT_API_KEY, one of Earshot's own settings"]],
    ['a secret for a Slack URL', { webhooks: [{ url: 'https://hooks.slack.com/services/T0/B0/x', secretEnv: 'EARSHOT_S' }] }, { EARSHOT_S: SECRET }, ['webhooks.0.secretEnv: only kind webhook is signed; a slack URL is its own secret']],
    ['a secret for kind discord', { webhooks: [{ url, kind: 'discord', secretEnv: 'EARSHOT_S' }] }, { EARSHOT_S: SECRET }, ['only kind webhook is signed']],
  ])('refuses %s', async (_name, file, env, expected) => {
    const problems = await problemsFor(db, file, env);
    for (const text of expected) expect(problems.join('\n')).toContain(text);
    expect(problems.every((p) => p.startsWith('EARSHOT_CONFIG '))).toBe(true);
    // Problems are printed, and on Workers answered over HTTP: never the secret, whatever was pasted where.
    expect(problems.join('\n')).not.toContain(SECRET.slice('whsec_'.length, 20));
    expect(problems.join('\n')).not.toContain(base64Of(23).slice(0, 16));
  });

  it('lists every webhook problem at once, beside the rest of the configuration', async () => {
    const file = {
      webhooks: [
        { url, kind: 'teams', secretEnv: 'EARSHOT_MISSING' },
        { url: 'https://hooks.example.com/b', secret: SECRET, minSeverity: 'high' },
        { url: 'https://hooks.example.com/c', secretEnv: 'EARSHOT_BAD' },
        { url: 'https://hooks.slack.com/services/T0/B0/x', secretEnv: 'EARSHOT_BAD', minSeverity: 'high' },
        { url, eventTypes: [] },
      ],
    };
    const problems = await problemsFor(db, file, { EARSHOT_PORT: 'eighty', EARSHOT_BAD: 'whsec_short' });
    expect(problems.join('\n')).toContain('EARSHOT_PORT');
    expect(problems.join('\n')).toContain('webhooks.0.kind');
    expect(problems.join('\n')).toContain('webhooks.1: unknown key "\u2068secret\u2069"');
    expect(problems.join('\n')).toContain('webhooks.1.minSeverity');
    expect(problems.join('\n')).toContain('webhooks.3.minSeverity');
    expect(problems.join('\n')).toContain('webhooks.3.secretEnv: only kind webhook is signed');
    expect(problems.join('\n')).toContain('webhooks.4.eventTypes');
    expect(problems.join('\n')).toContain('webhooks.4.url: is the URL of webhooks.0 too');
    // secretEnv is read once the file parses: the next run lists the variables.
    expect(problems.join('\n')).not.toContain(SECRET.slice('whsec_'.length));
  });

  it('lists every unreadable secret variable at once', async () => {
    const file = { webhooks: [{ url, secretEnv: 'EARSHOT_MISSING' }, { url: 'https://hooks.example.com/c', secretEnv: 'EARSHOT_BAD' }] };
    const problems = await problemsFor(db, file, { EARSHOT_BAD: 'whsec_short' });
    expect(problems).toEqual([
      'EARSHOT_CONFIG earshot.json webhooks.0.secretEnv: EARSHOT_MISSING is not set (or empty)',
      'EARSHOT_CONFIG earshot.json webhooks.1.secretEnv: EARSHOT_BAD is not a Standard Webhooks secret: whsec_ followed by the base64 of 24 to 64 random bytes, nothing before or after it',
    ]);
  });
});

describe('feed and webhook URLs in EARSHOT_CONFIG go through the URL guard at start-up', () => {
  const file = {
    sources: [{ kind: 'rss', url: 'https://blog.example.com/feed' }, { kind: 'rss', url: 'http://10.1.2.3/feed.xml' }],
    webhooks: [
      { url },
      { url: 'http://localhost:9000/hook' },
      { url: 'http://169.254.169.254/latest/meta-data/' },
      { url: 'http://[::1]:8080/hook' },
    ],
  };
  const parse = (env: Record<string, string> = {}) => parseConfig({ ...env, EARSHOT_CONFIG: 'earshot.json' }, () => JSON.stringify(file));

  it('refuses private, loopback and metadata addresses, each with its place in the file, and only says the setting where it would help', () => {
    const parsed = parse();
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    expect(problems.map((p) => p.replace(/: refused by the URL guard: .*?( \(EARSHOT_ALLOW_PRIVATE_URLS|$)/, ': refused$1'))).toEqual([
      'EARSHOT_CONFIG earshot.json sources.1.url: refused (EARSHOT_ALLOW_PRIVATE_URLS=true lets private and loopback addresses through)',
      'EARSHOT_CONFIG earshot.json webhooks.1.url: refused (EARSHOT_ALLOW_PRIVATE_URLS=true lets private and loopback addresses through)',
      'EARSHOT_CONFIG earshot.json webhooks.2.url: refused',
      'EARSHOT_CONFIG earshot.json webhooks.3.url: refused (EARSHOT_ALLOW_PRIVATE_URLS=true lets private and loopback addresses through)',
    ]);
  });

  it('lets private addresses through when the operator allows them, never the metadata service', () => {
    const parsed = parse({ EARSHOT_ALLOW_PRIVATE_URLS: 'true' });
    expect(parsed.ok ? [] : parsed.problems).toEqual([expect.stringMatching(/^EARSHOT_CONFIG earshot\.json webhooks\.2\.url: refused by the URL guard: /)]);
    const withoutMetadata = parseConfig({ EARSHOT_ALLOW_PRIVATE_URLS: 'true', EARSHOT_CONFIG: 'earshot.json' }, () => JSON.stringify({ ...file, webhooks: file.webhooks.filter((w) => !w.url.includes('169.254')) }));
    expect(withoutMetadata.ok).toBe(true);
  });
});

describe('isStandardWebhookSecret', () => {
  it.each([
    ['a generated secret', generateWebhookSecret(), true],
    ['24 bytes (the Svix size)', `whsec_${base64Of(24)}`, true],
    ['64 bytes', `whsec_${base64Of(64)}`, true],
    ['23 bytes', `whsec_${base64Of(23)}`, false],
    ['65 bytes', `whsec_${base64Of(65)}`, false],
    ['no prefix', base64Of(32), false],
    ['padding left off', `whsec_${base64Of(32).replace(/=+$/, '')}`, false],
    ['a space inside', `whsec_${base64Of(16)} ${base64Of(16)}`, false],
    ['empty', 'whsec_', false],
  ])('%s', (_name, value, expected) => {
    expect(isStandardWebhookSecret(value)).toBe(expected);
  });
});
