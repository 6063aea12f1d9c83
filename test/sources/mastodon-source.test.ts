import { afterEach, describe, expect, it } from 'vitest';
import type { Source } from '../../src/domain/source';
import type { Topic } from '../../src/domain/topic';
import { createNodeSafeFetch } from '../../src/runtime/node/node-safe-fetch';
import { createMastodonSource, describeMastodonLimits } from '../../src/sources/mastodon-source';
import { isMastodonId } from '../../src/sources/mastodon-status';
import type { FetchOutcome, SourceIo } from '../../src/sources/source-adapter';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';

const now = Date.parse('2026-11-30T10:00:00Z');
const acme: Topic = { id: 7, name: 'Acme', query: 'acme', enabled: true, createdAt: 0, updatedAt: 0 };
const tagPath = '/api/v1/timelines/tag/acme';
const servers: FixtureServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(routes: Record<string, string | string[]>): Promise<FixtureServer> {
  const server = await startFixtureServer({ routes });
  servers.push(server);
  return server;
}

const io = (topics: Topic[] = [acme]): SourceIo => ({ fetch: createNodeSafeFetch({ allowPrivate: true, privateAllowList: ['127.0.0.1'] }), now, topics });

function instanceSource(origin: string, options: { cursor?: string; config?: Record<string, unknown> } = {}): Source {
  return {
    id: 5, kind: 'mastodon', url: origin, name: null, topicId: 7, enabled: true, createdAt: 0, ...(options.config ? { config: options.config } : {}),
    state: { etag: null, lastModified: null, cursor: options.cursor ?? null, nextCheckAt: 0, errorCount: 0, lastError: null, lastErrorKind: null, lastSuccessAt: null },
  };
}

const hostOf = (origin: string) => new URL(origin).host;
const summarize = (outcome: FetchOutcome) => (outcome.kind === 'ok' ? { kind: 'ok', drafts: outcome.drafts.length, partial: outcome.partial } : outcome);

describe('mastodon source', () => {
  it('reads a hashtag timeline: HTML to text, content warnings as titles, boosts/favourites/replies, origin links', async () => {
    const { origin, requests } = await serve({ [tagPath]: 'mastodon/tag-page' });
    const outcome = await createMastodonSource().fetchMentions(instanceSource(origin), io());
    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    expect(outcome.drafts).toEqual([
      {
        dedupKey: 'https://mastodon.social/users/alice/statuses/113571000000000300',
        url: 'https://mastodon.social/@alice/113571000000000300',
        author: 'alice@mastodon.social',
        title: null,
        text: 'My #Acme toaster just caught fire. Great. & no reply from support <3',
        publishedAt: Date.parse('2026-11-30T09:41:07Z'),
        engagement: { likes: 12, reposts: 3, replies: 5, score: null },
      },
      {
        dedupKey: 'https://fosstodon.org/users/bob/statuses/113570990000000777',
        url: 'https://fosstodon.org/@bob/113570990000000777',
        author: 'bob@fosstodon.org',
        title: 'product rant',
        text: 'Day 3 of waiting for #acme support.\nStill nothing.\nSwitching brands.',
        publishedAt: Date.parse('2026-11-30T09:12:40Z'),
        engagement: { likes: 0, reposts: 1, replies: 0, score: null },
      },
    ]);
    expect(JSON.parse(outcome.next.cursor!)).toEqual({ [hostOf(origin)]: { tag: '113571000000000300' } });
    expect(requests.map((r) => r.path)).toEqual([`${tagPath}?limit=40`]);
  });

  it('asks only for statuses newer than its min_id cursor', async () => {
    const { origin, requests } = await serve({ [tagPath]: 'mastodon/tag-page' });
    const cursor = JSON.stringify({ [hostOf(origin)]: { tag: '113571000000000200' } });
    const outcome = await createMastodonSource().fetchMentions(instanceSource(origin, { cursor }), io());
    expect(requests[0]!.path).toBe(`${tagPath}?limit=40&min_id=113571000000000200`);
    expect(outcome.kind === 'ok' && outcome.drafts.map((d) => d.author)).toEqual(['alice@mastodon.social']);
    expect(outcome.kind === 'ok' && JSON.parse(outcome.next.cursor!)).toEqual({ [hostOf(origin)]: { tag: '113571000000000300' } });
  });

  it('follows Link rel="prev" while pages of newer statuses are full, within its page budget', async () => {
    const { origin, requests } = await serve({ [tagPath]: ['mastodon/tag-page-full', 'mastodon/tag-empty'] });
    const cursor = JSON.stringify({ [hostOf(origin)]: { tag: '113571000000001000' } });
    const outcome = await createMastodonSource().fetchMentions(instanceSource(origin, { cursor }), io());
    expect(requests.map((r) => r.path)).toEqual([`${tagPath}?limit=40&min_id=113571000000001000`, `${tagPath}?limit=40&min_id=113571000000001040`]);
    expect(outcome.kind === 'ok' && outcome.drafts).toHaveLength(40);
    expect(outcome.kind === 'ok' && JSON.parse(outcome.next.cursor!)).toEqual({ [hostOf(origin)]: { tag: '113571000000001040' } });
  });

  it('keeps its cursor when nothing is new', async () => {
    const { origin } = await serve({ [tagPath]: 'mastodon/tag-empty' });
    const cursor = JSON.stringify({ [hostOf(origin)]: { tag: '113571000000000300' } });
    expect(await createMastodonSource().fetchMentions(instanceSource(origin, { cursor }), io())).toMatchObject({ kind: 'ok', drafts: [], next: { cursor } });
  });

  it('counts a status seen through two instances once, and keeps a cursor per instance', async () => {
    const first = await serve({ [tagPath]: 'mastodon/tag-page' });
    const second = await serve({ [tagPath]: 'mastodon/tag-page-other-instance' });
    const source = instanceSource(first.origin, { config: { instances: [second.origin, 'not a url'] } });
    const outcome = await createMastodonSource().fetchMentions(source, io());
    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    expect(outcome.drafts.map((d) => d.dedupKey)).toEqual([
      'https://mastodon.social/users/alice/statuses/113571000000000300',
      'https://fosstodon.org/users/bob/statuses/113570990000000777',
    ]);
    expect(JSON.parse(outcome.next.cursor!)).toEqual({
      [hostOf(first.origin)]: { tag: '113571000000000300' },
      [hostOf(second.origin)]: { tag: '113570990000000777' },
    });
  });

  it('follows every positive term of the topic as a tag, the first in the path and the rest as any[]', async () => {
    const { origin, requests } = await serve({ [tagPath]: 'mastodon/tag-empty' });
    await createMastodonSource().fetchMentions(instanceSource(origin), io([{ ...acme, query: '(acme OR "road runner") -coyote' }]));
    expect(decodeURIComponent(requests[0]!.path)).toBe(`${tagPath}?any[]=roadrunner&limit=40`);
  });

  // Mastodon's TagFeed takes the path's tag and any[] together and keeps the first 4 (LIMIT_PER_MODE).
  it('reads more than 4 tags as several timelines of 4, which Mastodon would otherwise cut to the first 4', async () => {
    const { origin, requests } = await serve({ [tagPath]: 'mastodon/tag-empty', '/api/v1/timelines/tag/epsilon': 'mastodon/tag-empty' });
    await createMastodonSource().fetchMentions(instanceSource(origin, { config: { tags: ['acme', 'beta', 'gamma', 'delta', 'epsilon'] } }), io());
    expect(requests.map((r) => decodeURIComponent(r.path))).toEqual([`${tagPath}?any[]=beta&any[]=gamma&any[]=delta&limit=40`, '/api/v1/timelines/tag/epsilon?limit=40']);
  });

  it('reads each tag timeline from the cursor the crawl started with, and stores the newest any of them read', async () => {
    const { origin, requests } = await serve({ [tagPath]: 'mastodon/tag-page', '/api/v1/timelines/tag/epsilon': 'mastodon/tag-empty' });
    const cursor = JSON.stringify({ [hostOf(origin)]: { tag: '113570000000000000' } });
    const outcome = await createMastodonSource().fetchMentions(instanceSource(origin, { cursor, config: { tags: ['acme', 'beta', 'gamma', 'delta', 'epsilon'] } }), io());
    expect(requests.map((r) => new URL(r.path, origin).searchParams.get('min_id'))).toEqual(['113570000000000000', '113570000000000000']);
    expect(outcome.kind === 'ok' && JSON.parse(outcome.next.cursor!)).toEqual({ [hostOf(origin)]: { tag: '113571000000000300' } });
  });

  it('uses the tags a source names over the topic terms', async () => {
    const { origin, requests } = await serve({ '/api/v1/timelines/tag/acmecorp': 'mastodon/tag-empty' });
    await createMastodonSource().fetchMentions(instanceSource(origin, { config: { tags: ['#AcmeCorp', 'bad tag!'] } }), io());
    expect(requests.map((r) => r.path)).toEqual(['/api/v1/timelines/tag/AcmeCorp?limit=40']);
  });

  it('adds status search where the source turns it on, with its own cursor', async () => {
    const { origin, requests } = await serve({ [tagPath]: 'mastodon/tag-empty', '/api/v2/search': 'mastodon/search-page' });
    const outcome = await createMastodonSource().fetchMentions(instanceSource(origin, { config: { search: true } }), io());
    expect(requests.map((r) => r.path)).toEqual([`${tagPath}?limit=40`, '/api/v2/search?q=acme&type=statuses&resolve=false&limit=40']);
    expect(outcome.kind === 'ok' && outcome.drafts.map((d) => d.text)).toEqual(['Is the Acme X2 any good?']);
    expect(outcome.kind === 'ok' && JSON.parse(outcome.next.cursor!)).toEqual({ [hostOf(origin)]: { search: '113571000000000400' } });
  });

  it('keeps the cursor where a timeline its page budget cut short stopped, though another timeline read further', async () => {
    const routes = { [tagPath]: 'mastodon/tag-page-full', '/api/v1/timelines/tag/epsilon': 'mastodon/tag-page-third-instance-later' };
    const { origin } = await serve(routes);
    const cursor = JSON.stringify({ [hostOf(origin)]: { tag: '113571000000001000' } });
    const source = instanceSource(origin, { cursor, config: { tags: ['acme', 'beta', 'gamma', 'delta', 'epsilon'] } });
    const outcome = await createMastodonSource({ maxPages: 1 }).fetchMentions(source, io());
    expect(outcome.kind === 'ok' && outcome.drafts.length).toBe(41);
    expect(outcome.kind === 'ok' && JSON.parse(outcome.next.cursor!)).toEqual({ [hostOf(origin)]: { tag: '113571000000001040' } });
  });

  // One search cursor serves every query of a topic: the second query used to start from the id the first
  // had just reached, and its own statuses older than that were never read.
  it('reads every search query from the cursor the crawl started with, so one query does not skip what another has not read', async () => {
    const { origin, requests } = await serve({ [tagPath]: 'mastodon/tag-empty', '/api/v2/search': ['mastodon/search-page', 'mastodon/search-page-older'] });
    const cursor = JSON.stringify({ [hostOf(origin)]: { search: '113571000000000100' } });
    const outcome = await createMastodonSource().fetchMentions(instanceSource(origin, { cursor, config: { search: true } }), io([{ ...acme, query: 'acme OR widgetco' }]));
    const searches = requests.filter((r) => r.path.startsWith('/api/v2/search')).map((r) => Object.fromEntries(new URL(r.path, origin).searchParams));
    expect(searches.map(({ q, min_id }) => ({ q, min_id }))).toEqual([
      { q: 'acme', min_id: '113571000000000100' },
      { q: 'widgetco', min_id: '113571000000000100' },
    ]);
    expect(outcome.kind === 'ok' && outcome.drafts.map((d) => d.text)).toEqual(['Is the Acme X2 any good?', 'My Widgetco blender died after a week. Never again.']);
    expect(outcome.kind === 'ok' && JSON.parse(outcome.next.cursor!)).toEqual({ [hostOf(origin)]: { search: '113571000000000400' } });
  });

  it('leaves the search cursor where it was when a later search query fails, so that query loses nothing on the next crawl', async () => {
    const first = await serve({ [tagPath]: 'mastodon/tag-empty', '/api/v2/search': ['mastodon/search-page', 'mastodon/rate-limited'] });
    const other = await serve({ [tagPath]: 'mastodon/tag-empty', '/api/v2/search': 'mastodon/search-empty-anonymous' });
    const cursor = JSON.stringify({ [hostOf(first.origin)]: { search: '113571000000000100' } });
    const source = instanceSource(first.origin, { cursor, config: { search: true, instances: [other.origin] } });
    const outcome = await createMastodonSource().fetchMentions(source, io([{ ...acme, query: 'acme OR widgetco' }]));
    expect(outcome.kind === 'ok' && outcome.drafts.map((d) => d.text)).toEqual(['Is the Acme X2 any good?']);
    expect(outcome.kind === 'ok' && JSON.parse(outcome.next.cursor!)[hostOf(first.origin)]).toMatchObject({ search: '113571000000000100', failing: { kind: 'rate-limited' } });
  });

  it.each([
    { name: 'a 429 with its reset time (ISO 8601)', route: 'mastodon/rate-limited', error: { kind: 'rate-limited', httpStatus: 429, retryAfterMs: 300_000 } },
    { name: 'a maintenance page instead of JSON', route: 'mastodon/tag-malformed', error: { kind: 'parse' } },
  ])('fails with the instance named: $name', async ({ route, error }) => {
    const { origin } = await serve({ [tagPath]: route });
    const outcome = await createMastodonSource().fetchMentions(instanceSource(origin), io());
    expect(outcome).toMatchObject({ kind: 'failed', error });
    expect(outcome.kind === 'failed' && outcome.error.message).toContain(hostOf(origin));
  });

  // Statuses of a shape it cannot read would otherwise leave the instance hearing nothing while the source reports healthy.
  it.each([
    {
      name: 'none can be read (Pleroma flake ids): the instance fails as parse, named',
      route: 'mastodon/tag-page-pleroma-flake-ids',
      expected: (host: string) => ({ kind: 'failed', error: { kind: 'parse', message: `${host}: could not read any of 2 statuses: id: expected a decimal id` } }),
    },
    {
      name: 'one of three cannot be read: the others are kept, and the source says so without losing coverage',
      route: 'mastodon/tag-page-one-unreadable',
      expected: (host: string) => ({ kind: 'ok', drafts: 1, partial: { message: `${host}: 1 of 3 statuses skipped: created_at: expected string, received null`, coverageLost: false } }),
    },
    { name: 'a status without text is left out, not counted', route: 'mastodon/tag-page', expected: () => ({ kind: 'ok', drafts: 2, partial: undefined }) },
  ])('counts the statuses it cannot read: $name', async ({ route, expected }) => {
    const { origin } = await serve({ [tagPath]: route });
    expect(summarize(await createMastodonSource().fetchMentions(instanceSource(origin), io()))).toEqual(expected(hostOf(origin)));
  });

  // An id beyond what any instance hands out would become the min_id cursor, and every later read would
  // ask for statuses after it and get none: the instance frozen, the source still ok.
  it('skips statuses whose ids cannot be real (beyond 2^63), so they never become the cursor and the next crawl still hears new posts', async () => {
    const { origin } = await serve({ [tagPath]: ['mastodon/tag-page-id-overflow', 'mastodon/tag-page-third-instance-later'] });
    const first = await createMastodonSource().fetchMentions(instanceSource(origin), io());
    expect(summarize(first)).toEqual({ kind: 'ok', drafts: 2, partial: { message: `${hostOf(origin)}: 2 of 5 statuses skipped: id: expected an id below 2^63`, coverageLost: false } });
    const cursor = first.kind === 'ok' ? first.next.cursor! : null;
    expect(JSON.parse(cursor!)).toEqual({ [hostOf(origin)]: { tag: '113571000000000300' } });
    const second = await createMastodonSource().fetchMentions(instanceSource(origin, { cursor: cursor! }), io());
    expect(second.kind === 'ok' && second.drafts.map((d) => d.text)).toEqual(['Still no refund from #acme for the blender.']);
  });

  it.each([
    { name: 'beyond 64 bits (20 digits)', stored: '99999999999999999999', asked: `${tagPath}?limit=40` },
    { name: 'one past the largest signed 64-bit integer', stored: '9223372036854775808', asked: `${tagPath}?limit=40` },
    { name: 'with a leading zero', stored: '0113571000000000200', asked: `${tagPath}?limit=40` },
    { name: 'the largest signed 64-bit integer (kept)', stored: '9223372036854775807', asked: `${tagPath}?limit=40&min_id=9223372036854775807` },
  ])('drops a stored cursor that cannot be a real id, reading its look-back again instead of staying frozen: $name', async ({ stored, asked }) => {
    const { origin, requests } = await serve({ [tagPath]: 'mastodon/tag-empty' });
    await createMastodonSource().fetchMentions(instanceSource(origin, { cursor: JSON.stringify({ [hostOf(origin)]: { tag: stored } }) }), io());
    expect(requests.map((r) => r.path)).toEqual([asked]);
  });

  it.each([
    { value: '113571000000000300', real: true },
    { value: '1', real: true },
    { value: '9223372036854775807', real: true },
    { value: '9223372036854775808', real: false },
    { value: '99999999999999999999', real: false },
    { value: '0113571000000000300', real: false },
    { value: 'AoAHJyHoWmDgPZZ0FE', real: false },
    { value: '01F8MH1H7YV1Z7D2C8K2730QBF', real: false },
    { value: '', real: false },
  ])('tells whether $value can be a status id: $real', ({ value, real }) => {
    expect(isMastodonId(value)).toBe(real);
  });

  it('states what hashtag timelines cannot see', () => {
    const limits = describeMastodonLimits(instanceSource('https://mastodon.social', { config: { search: true } }));
    expect(limits.missingCredentials).toEqual(['EARSHOT_MASTODON_TOKENS']);
    expect(limits.cannotSee.join('\n')).toMatch(/do not carry one of the hashtags/);
    expect(limits.rateBudget).toMatch(/300 requests per 5 minutes/);
  });
});
