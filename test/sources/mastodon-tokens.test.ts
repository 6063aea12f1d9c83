import { afterEach, describe, expect, it } from 'vitest';
import { sourceCredentials } from '../../src/config/config-schema';
import { parseConfig } from '../../src/config/parse-config';
import type { Source } from '../../src/domain/source';
import type { Topic } from '../../src/domain/topic';
import type { SafeRequest } from '../../src/http/safe-fetch';
import { createNodeSafeFetch } from '../../src/runtime/node/node-safe-fetch';
import { createMastodonSource, describeMastodonLimits } from '../../src/sources/mastodon-source';
import type { SourceIo } from '../../src/sources/source-adapter';
import { recordedCase, startFixtureServer, type FixtureHandler, type FixtureServer } from '../support/fixture-server';

// EARSHOT_MASTODON_TOKENS: most instances answer status search only to signed-in users, and some close
// tag timelines to visitors; a token per instance opens both, and goes to its own instance alone.
const now = Date.parse('2026-11-30T10:00:00Z');
const acme: Topic = { id: 7, name: 'Acme', query: 'acme', enabled: true, createdAt: 0, updatedAt: 0 };
const tagPath = '/api/v1/timelines/tag/acme';
const token = 'Zq3v9XbN1kT7pLm2Wc8rYd4Hs6Jf0Ga5Ue1Io7Py3Tx';
const servers: FixtureServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** Answers `signedIn` to a request bearing the token, `visitor` to any other: as an instance does. */
function bySignIn(signedIn: string, visitor: string): FixtureHandler {
  return (request, response) => recordedCase(request.headers.authorization === `Bearer ${token}` ? signedIn : visitor)(request, response);
}

async function instance(): Promise<FixtureServer> {
  const server = await startFixtureServer({
    routes: { [tagPath]: bySignIn('mastodon/tag-page', 'mastodon/tag-closed'), '/api/v2/search': bySignIn('mastodon/search-page', 'mastodon/search-empty-anonymous') },
  });
  servers.push(server);
  return server;
}

function sourceOver(origin: string, instances: string[]): Source {
  return {
    id: 5, kind: 'mastodon', url: origin, name: null, topicId: 7, enabled: true, createdAt: 0, config: { search: true, instances },
    state: { etag: null, lastModified: null, cursor: null, nextCheckAt: 0, errorCount: 0, lastError: null, lastErrorKind: null, lastSuccessAt: null },
  };
}

function credentialsOf(env: Record<string, string>) {
  const parsed = parseConfig(env);
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return sourceCredentials(parsed.config);
}

describe('Mastodon tokens (EARSHOT_MASTODON_TOKENS)', () => {
  it.each([
    { value: `mastodon.social=${token}`, tokens: { 'mastodon.social': token } },
    { value: `https://mastodon.social=${token}, Fosstodon.org:443=abc`, tokens: { 'mastodon.social': token, 'fosstodon.org': 'abc' } },
    { value: 'mastodon.social=a fosstodon.org=b', tokens: { 'mastodon.social': 'a', 'fosstodon.org': 'b' } },
    { value: 'http://127.0.0.1:8080=a', tokens: { '127.0.0.1:8080': 'a' } },
  ])('reads $value', ({ value, tokens }) => {
    expect(credentialsOf({ EARSHOT_MASTODON_TOKENS: value }).mastodon).toEqual(tokens);
  });

  it.each([
    { value: token, problem: 'each entry must be host=token (e.g. mastodon.social=…): one has no host' },
    { value: `=${token}`, problem: 'each entry must be host=token (e.g. mastodon.social=…): one has no host' },
    { value: 'mastodon.social=', problem: 'the token for mastodon.social is empty' },
    { value: `mastodon.social=${token},mastodon.social=other`, problem: 'mastodon.social is given twice' },
    { value: `https://mastodon.social/web=${token}`, problem: '"\u2068https://mastodon.social/web\u2069" is not an instance\'s host' },
    { value: `me@mastodon.social=${token}`, problem: '"\u2068me@mastodon.social\u2069" is not an instance\'s host' },
  ])('refuses $value, never repeating a token', ({ value, problem }) => {
    const parsed = parseConfig({ EARSHOT_MASTODON_TOKENS: value });
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? '' : parsed.problems.join('\n');
    expect(problems).toContain(`EARSHOT_MASTODON_TOKENS: ${problem}`);
    expect(problems).not.toContain(token);
  });

  it('are absent when not given', () => {
    expect(credentialsOf({}).mastodon).toBeUndefined();
  });

  it('sign in to the instance they are given for, and only to it: its search and closed timeline answer', async () => {
    const [signed, other] = [await instance(), await instance()];
    const io: SourceIo = {
      fetch: createNodeSafeFetch({ allowPrivate: true, privateAllowList: ['127.0.0.1'] }),
      now,
      topics: [acme],
      credentials: credentialsOf({ EARSHOT_MASTODON_TOKENS: `${signed.origin}=${token}` }),
    };
    const outcome = await createMastodonSource().fetchMentions(sourceOver(signed.origin, [other.origin]), io);
    expect(signed.requests.map((r) => [r.path.split('?')[0], r.headers.authorization])).toEqual([
      [tagPath, `Bearer ${token}`],
      ['/api/v2/search', `Bearer ${token}`],
    ]);
    expect(other.requests.map((r) => [r.path.split('?')[0], r.headers.authorization])).toEqual([[tagPath, undefined]]);
    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    // The signed-in instance's timeline and search were read; the other one's timeline is closed to visitors.
    expect(outcome.drafts.length).toBeGreaterThanOrEqual(3);
    expect(JSON.parse(outcome.next.cursor!)).toMatchObject({
      [new URL(signed.origin).host]: { tag: expect.any(String), search: expect.any(String) },
      [new URL(other.origin).host]: { failing: { kind: 'http', httpStatus: 422 } },
    });
  });

  it('is never sent in the clear to another machine', async () => {
    const seen: SafeRequest[] = [];
    const io: SourceIo = {
      fetch: async (request) => {
        seen.push(request);
        return { kind: 'failed', error: { kind: 'network', message: 'test: no network' } };
      },
      now,
      topics: [acme],
      credentials: credentialsOf({ EARSHOT_MASTODON_TOKENS: `http://mastodon.example=${token}` }),
    };
    await createMastodonSource().fetchMentions(sourceOver('http://mastodon.example', []), io);
    expect(seen.length).toBeGreaterThan(0);
    expect(JSON.stringify(seen)).not.toContain(token);
  });

  it.each([
    { name: 'search on, no token', config: { search: true }, tokens: undefined, missing: ['EARSHOT_MASTODON_TOKENS'] },
    { name: 'search on, a token for the instance', config: { search: true }, tokens: { 'mastodon.social': token }, missing: [] },
    { name: 'search on, a token for another instance only', config: { search: true, instances: ['https://fosstodon.org'] }, tokens: { 'mastodon.social': token }, missing: ['EARSHOT_MASTODON_TOKENS'] },
    { name: 'timelines only, no token', config: {}, tokens: undefined, missing: [] },
  ])('limits name the missing token: $name', ({ config, tokens, missing }) => {
    const limits = describeMastodonLimits({ ...sourceOver('https://mastodon.social', []), config }, tokens);
    expect(limits.missingCredentials).toEqual(missing);
    expect(limits.credentialsRequired).toBe(false);
    expect(JSON.stringify(limits)).not.toContain(token);
  });
});
