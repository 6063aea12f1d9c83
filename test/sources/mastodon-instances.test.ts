import { afterEach, describe, expect, it } from 'vitest';
import type { Source } from '../../src/domain/source';
import type { Topic } from '../../src/domain/topic';
import { createNodeSafeFetch } from '../../src/runtime/node/node-safe-fetch';
import { INSTANCE_GONE_AFTER_MS, readMastodonCursor, recordInstanceFailure, type MastodonCursor } from '../../src/sources/mastodon-instance-state';
import { createMastodonSource } from '../../src/sources/mastodon-source';
import type { FetchOutcome, SourceIo } from '../../src/sources/source-adapter';
import { fixtureBehaviour, startFixtureServer, type FixtureHandler, type FixtureServer } from '../support/fixture-server';

// One source reading three instances, each a fixture server on 127.0.0.1 answering Mastodon's tag
// timeline with a recorded response, and one of them failing in the ways instances fail.
const now = Date.parse('2026-11-30T10:00:00Z');
const MIN = 60_000;
const acme: Topic = { id: 7, name: 'Acme', query: 'acme', enabled: true, createdAt: 0, updatedAt: 0 };
const tagPath = '/api/v1/timelines/tag/acme';
const alice = 'https://mastodon.social/users/alice/statuses/113571000000000300';
const bob = 'https://fosstodon.org/users/bob/statuses/113570990000000777';
const servers: FixtureServer[] = [];
const skipped = '1 of 3 statuses skipped: created_at: expected string, received null';

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

type Route = string | string[] | FixtureHandler;

async function threeInstances(routes: [Route, Route, Route]): Promise<FixtureServer[]> {
  const started = await Promise.all(routes.map((route) => startFixtureServer({ routes: { [tagPath]: route } })));
  servers.push(...started);
  started.forEach((server, i) => routes[i] === hang && hangingHosts.add(hostOf(server)));
  return started;
}

const adapter = createMastodonSource();
const hostOf = (server: FixtureServer) => new URL(server.origin).host;
/** An instance that accepts and never answers. Only it gets a short deadline: on a loaded machine an answering fixture can take 300 ms. */
const hang = fixtureBehaviour('/_/hang');
const hangingHosts = new Set<string>();
const loopback = createNodeSafeFetch({ allowPrivate: true, privateAllowList: ['127.0.0.1'] });
const io = (at = now): SourceIo => ({
  fetch: (request) => loopback(hangingHosts.has(new URL(request.url).host) ? { ...request, timeoutMs: 300 } : request),
  now: at,
  topics: [acme],
});

function sourceOver([first, ...others]: FixtureServer[], cursor: MastodonCursor | null = null): Source {
  return {
    id: 5, kind: 'mastodon', url: first!.origin, name: null, topicId: 7, enabled: true, createdAt: 0, config: { instances: others.map((s) => s.origin) },
    state: { etag: null, lastModified: null, cursor: cursor === null ? null : JSON.stringify(cursor), nextCheckAt: 0, errorCount: 0, lastError: null, lastErrorKind: null, lastSuccessAt: null },
  };
}

function okOutcome(outcome: FetchOutcome) {
  if (outcome.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(outcome)}`);
  return { ...outcome, cursor: readMastodonCursor(outcome.next.cursor) };
}

describe('a Mastodon source over three instances', () => {
  it.each([
    { name: 'times out', route: hang, failing: { kind: 'timeout' }, retryAt: now + 5 * MIN },
    { name: 'answers 503 (nginx, no Retry-After)', route: 'mastodon/unavailable', failing: { kind: 'http', httpStatus: 503 }, retryAt: now + 5 * MIN },
    { name: 'answers 429 with Retry-After: 1800', route: 'mastodon/rate-limited-retry-after', failing: { kind: 'rate-limited', httpStatus: 429 }, retryAt: now + 30 * MIN },
    { name: 'answers Mastodon\'s own 429 (X-RateLimit-Reset, 5 min)', route: 'mastodon/rate-limited', failing: { kind: 'rate-limited', httpStatus: 429 }, retryAt: now + 5 * MIN },
    { name: 'answers a maintenance page instead of JSON', route: 'mastodon/tag-malformed', failing: { kind: 'parse' }, retryAt: now + 5 * MIN },
    { name: 'closed its tag timeline to visitors (422)', route: 'mastodon/tag-closed', failing: { kind: 'http', httpStatus: 422 }, retryAt: now + 5 * MIN },
    { name: 'sends statuses none of which can be read (Pleroma flake ids)', route: 'mastodon/tag-page-pleroma-flake-ids', failing: { kind: 'parse' }, retryAt: now + 5 * MIN },
  ])('keeps what two instances gave when the third $name', async ({ route, failing, retryAt }) => {
    const [social, fosstodon, bad] = await threeInstances(['mastodon/tag-page', 'mastodon/tag-page-other-instance', route]);
    const outcome = okOutcome(await adapter.fetchMentions(sourceOver([social!, fosstodon!, bad!]), io()));
    expect(outcome.drafts.map((d) => d.dedupKey)).toEqual([alice, bob]);
    expect(outcome.partial?.message).toMatch(new RegExp(`^1 of 3 instances did not answer: ${hostOf(bad!)}: .+, next try ${new Date(retryAt).toISOString()}$`));
    // It never answered, so the topic is not missing anything it had: a health notice, not partial coverage.
    expect(outcome.partial?.coverageLost).toBe(false);
    expect(outcome.cursor).toEqual({
      [hostOf(social!)]: { tag: '113571000000000300' },
      [hostOf(fosstodon!)]: { tag: '113570990000000777' },
      [hostOf(bad!)]: { failing: { since: now, count: 1, message: expect.any(String), retryAt, ...failing } },
    });
  });

  it('joins a note about statuses an instance could not read to the instances that did not answer', async () => {
    const [odd, fosstodon, down] = await threeInstances(['mastodon/tag-page-one-unreadable', 'mastodon/tag-page-other-instance', 'mastodon/unavailable']);
    const outcome = okOutcome(await adapter.fetchMentions(sourceOver([odd!, fosstodon!, down!]), io()));
    expect(outcome.partial).toEqual({
      message: `1 of 3 instances did not answer: ${hostOf(down!)}: HTTP 503, next try ${new Date(now + 5 * MIN).toISOString()}; ${hostOf(odd!)}: 1 of 3 statuses skipped: created_at: expected string, received null`,
      coverageLost: false,
    });
    expect(outcome.cursor[hostOf(odd!)]).toEqual({ tag: '113571000000000300' });
  });

    it('does not ask a held instance before its retry time, then resumes it from its own cursor', async () => {
    const [social, fosstodon, mstdn] = await threeInstances(['mastodon/tag-empty', 'mastodon/tag-empty', 'mastodon/tag-page-third-instance-later']);
    const held: MastodonCursor = {
      [hostOf(social!)]: { tag: '113571000000000300' },
      [hostOf(fosstodon!)]: { tag: '113570990000000777' },
      [hostOf(mstdn!)]: { tag: '113571005000000900', failing: { since: now, count: 1, kind: 'rate-limited', message: 'HTTP 429', httpStatus: 429, retryAt: now + 30 * MIN } },
    };
    const during = okOutcome(await adapter.fetchMentions(sourceOver([social!, fosstodon!, mstdn!], held), io(now + 10 * MIN)));
    expect(mstdn!.requests).toEqual([]);
    expect(social!.requests.map((r) => r.path)).toEqual([`${tagPath}?limit=40&min_id=113571000000000300`]);
    expect(during.partial).toEqual({
      message: `1 of 3 instances did not answer: ${hostOf(mstdn!)}: HTTP 429 (held, not asked), next try ${new Date(now + 30 * MIN).toISOString()}`,
      coverageLost: true,
    });
    expect(during.cursor).toEqual(held);

    const after = okOutcome(await adapter.fetchMentions(sourceOver([social!, fosstodon!, mstdn!], during.cursor), io(now + 31 * MIN)));
    expect(mstdn!.requests.map((r) => r.path)).toEqual([`${tagPath}?limit=40&min_id=113571005000000900`]);
    expect(after.partial).toBeUndefined();
    expect(after.drafts.map((d) => d.text)).toEqual(['Still no refund from #acme for the blender.']);
    expect(after.cursor).toEqual({ ...held, [hostOf(mstdn!)]: { tag: '113571005000001200' } });
  });

  it('backs a failing instance off exponentially, and a Retry-After longer than that wins', () => {
    let state = {};
    const holds = [];
    for (let i = 0; i < 4; i++) {
      state = recordInstanceFailure(state, { kind: 'timeout', message: 'timed out' }, now);
      holds.push(readMastodonCursor(JSON.stringify({ h: state })).h!.failing!.retryAt - now);
    }
    expect(holds).toEqual([5 * MIN, 10 * MIN, 20 * MIN, 40 * MIN]);
    expect(recordInstanceFailure(state, { kind: 'rate-limited', message: 'HTTP 429', retryAfterMs: 120 * MIN }, now).failing).toMatchObject({ count: 5, retryAt: now + 120 * MIN });
  });

  it('stops marking the topic partial once an instance has been failing for three days', async () => {
    const [social, fosstodon, gone] = await threeInstances(['mastodon/tag-empty', 'mastodon/tag-empty', 'mastodon/tag-closed']);
    const failing = { since: now - INSTANCE_GONE_AFTER_MS, count: 12, kind: 'http' as const, message: 'HTTP 422', httpStatus: 422, retryAt: now };
    const outcome = okOutcome(await adapter.fetchMentions(sourceOver([social!, fosstodon!, gone!], { [hostOf(gone!)]: { tag: '1', failing } }), io()));
    expect(gone!.requests).toHaveLength(1);
    expect(outcome.partial?.coverageLost).toBe(false);
    expect(outcome.cursor[hostOf(gone!)]?.failing).toMatchObject({ since: failing.since, count: 13, retryAt: now + 24 * 60 * MIN });
  });

  it('keeps the streams an instance answered when its search fails', async () => {
    const server = await startFixtureServer({ routes: { [tagPath]: 'mastodon/tag-page', '/api/v2/search': 'mastodon/unavailable' } });
    const other = await startFixtureServer({ routes: { [tagPath]: 'mastodon/tag-page-other-instance', '/api/v2/search': 'mastodon/search-empty-anonymous' } });
    servers.push(server, other);
    const source = { ...sourceOver([server, other]), config: { instances: [other.origin], search: true } };
    const outcome = okOutcome(await adapter.fetchMentions(source, io()));
    expect(outcome.cursor[hostOf(server)]).toMatchObject({ tag: '113571000000000300', failing: { kind: 'http', httpStatus: 503 } });
    expect(outcome.drafts.map((d) => d.dedupKey)).toEqual([alice, bob]);
  });

  it.each([
    {
      name: 'beside an instance that answered, in the partial answer',
      others: ['mastodon/tag-page-other-instance'],
      expected: (host: string) => ({
        kind: 'ok',
        partial: { message: `1 of 2 instances did not answer: ${host}: HTTP 503, next try ${new Date(now + 5 * MIN).toISOString()}; ${host}: ${skipped}`, coverageLost: true },
      }),
    },
    {
      name: 'alone, in the failure',
      others: [],
      expected: (host: string) => ({ kind: 'failed', error: { kind: 'http', httpStatus: 503, message: `${host}: HTTP 503; ${host}: ${skipped}` } }),
    },
  ])('keeps the note about statuses its tag timeline skipped when its search then fails: $name', async ({ others, expected }) => {
    const server = await startFixtureServer({ routes: { [tagPath]: 'mastodon/tag-page-one-unreadable', '/api/v2/search': 'mastodon/unavailable' } });
    const answering = await Promise.all(others.map((route) => startFixtureServer({ routes: { [tagPath]: route, '/api/v2/search': 'mastodon/search-empty-anonymous' } })));
    servers.push(server, ...answering);
    const source = { ...sourceOver([server, ...answering]), config: { instances: answering.map((s) => s.origin), search: true } };
    expect(await adapter.fetchMentions(source, io())).toMatchObject(expected(hostOf(server)));
  });

  it.each([
    {
      name: 'a rate limit leads, with the longest wait asked for',
      routes: [hang, 'mastodon/rate-limited-retry-after', 'mastodon/rate-limited'] as [Route, Route, Route],
      error: { kind: 'rate-limited', httpStatus: 429, retryAfterMs: 30 * MIN },
    },
    { name: 'an answer beats no answer', routes: [hang, 'mastodon/tag-malformed', 'mastodon/unavailable'] as [Route, Route, Route], error: { kind: 'http', httpStatus: 503 } },
  ])('fails when every instance fails: $name', async ({ routes, error }) => {
    const three = await threeInstances(routes);
    const outcome = await adapter.fetchMentions(sourceOver(three), io());
    expect(outcome).toMatchObject({ kind: 'failed', error });
    if (outcome.kind !== 'failed') return;
    expect(outcome.error.message).toMatch(/^none of the 3 instances answered: /);
    for (const server of three) expect(outcome.error.message).toContain(hostOf(server));
    if (!('retryAfterMs' in error)) expect(outcome.error.retryAfterMs).toBeUndefined();
  });

  it('fails when the instances that are not held fail too, keeping the holds in the stored cursor', async () => {
    const [social, fosstodon, mstdn] = await threeInstances(['mastodon/unavailable', 'mastodon/unavailable', 'mastodon/tag-page-third-instance']);
    const hold = { since: now, count: 1, kind: 'rate-limited' as const, message: 'HTTP 429', httpStatus: 429, retryAt: now + 20 * MIN };
    const outcome = await adapter.fetchMentions(sourceOver([social!, fosstodon!, mstdn!], { [hostOf(mstdn!)]: { tag: '1', failing: hold } }), io());
    // What failed now leads; the held instance keeps its hold in the stored cursor, which a failure does not replace.
    expect(outcome).toMatchObject({ kind: 'failed', error: { kind: 'http', httpStatus: 503 } });
    expect(outcome.kind === 'failed' && outcome.error.retryAfterMs).toBeUndefined();
    expect(outcome.kind === 'failed' && outcome.error.message).toContain(`${hostOf(mstdn!)}: HTTP 429 (held, not asked)`);
    expect(mstdn!.requests).toEqual([]);
  });

  it('fails as rate-limited until the first hold ends when every instance is held', async () => {
    const three = await threeInstances(['mastodon/tag-empty', 'mastodon/tag-empty', 'mastodon/tag-empty']);
    const hold = (minutes: number, kind: 'rate-limited' | 'timeout') => ({ since: now, count: 1, kind, message: kind, retryAt: now + minutes * MIN });
    const cursor = Object.fromEntries(three.map((server, i) => [hostOf(server), { failing: hold([20, 7, 12][i]!, i === 0 ? 'rate-limited' : 'timeout') }]));
    expect(await adapter.fetchMentions(sourceOver(three, cursor), io())).toMatchObject({ kind: 'failed', error: { kind: 'rate-limited', retryAfterMs: 7 * MIN } });
    expect(three.flatMap((server) => server.requests)).toEqual([]);
  });
});
