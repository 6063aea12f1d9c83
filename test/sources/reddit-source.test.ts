import { afterEach, describe, expect, it } from 'vitest';
import type { Source } from '../../src/domain/source';
import type { Topic } from '../../src/domain/topic';
import { createNodeSafeFetch } from '../../src/runtime/node/node-safe-fetch';
import { createRedditSource, describeRedditLimits, redditUserAgent, type RedditSourceOptions } from '../../src/sources/reddit-source';
import { advanceRedditCursor, readRedditCursor, unreadWindow, type WindowRead } from '../../src/sources/reddit-pages';
import type { FetchOutcome, SourceIo } from '../../src/sources/source-adapter';
import { fixtureBehaviour, startFixtureServer, type FixtureHandler, type FixtureServer } from '../support/fixture-server';
import { redditSearchIndex, type ListedRedditPost } from '../support/reddit-search-index';

const now = Date.parse('2026-11-30T10:00:00Z');
const acme: Topic = { id: 7, name: 'Acme', query: 'acme', enabled: true, createdAt: 0, updatedAt: 0 };
const oauth = { reddit: { clientId: 'fixture-client-id', clientSecret: 'fixture-client-secret-do-not-log' } };
let server: FixtureServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

type Route = string | string[] | FixtureHandler;

async function serve(routes: { rss?: Route; token?: Route; search?: Route }): Promise<FixtureServer> {
  server = await startFixtureServer({
    routes: {
      ...(routes.rss ? { '/search.rss': routes.rss } : {}),
      ...(routes.token ? { '/api/v1/access_token': routes.token } : {}),
      ...(routes.search ? { '/search': routes.search } : {}),
    },
  });
  return server;
}

const adapterFor = (origin: string, options: RedditSourceOptions = {}) =>
  createRedditSource({ oauthBaseUrl: origin, tokenUrl: `${origin}/api/v1/access_token`, ...options });

const io = (credentials?: SourceIo['credentials'], at = now): SourceIo => ({
  fetch: createNodeSafeFetch({ allowPrivate: true, privateAllowList: ['127.0.0.1'] }),
  now: at,
  topics: [acme],
  ...(credentials ? { credentials } : {}),
});

function searchSource(origin: string, state: Partial<Source['state']> = {}): Source {
  return {
    id: 4, kind: 'reddit', url: origin, name: null, topicId: 7, enabled: true, createdAt: 0,
    state: { etag: null, lastModified: null, cursor: null, nextCheckAt: 0, errorCount: 0, lastError: null, lastErrorKind: null, lastSuccessAt: null, ...state },
  };
}

const params = (path: string) => Object.fromEntries(new URL(path, 'http://x').searchParams);
/** A cursor as a crawl at `sweptAt` leaves it: its late sweep not due again for an hour. */
const sweptCursor = (newest: number, sweptAt = now, gap: { after: number; resume: string } | null = null) => JSON.stringify({ newest, gap, sweptAt });
const summarize = (outcome: FetchOutcome) => (outcome.kind === 'ok' ? { kind: 'ok', drafts: outcome.drafts.length, partial: outcome.partial } : outcome);

describe('reddit source without credentials (Atom search feed)', () => {
  it('reads the search feed: posts without the "submitted by" boilerplate, engagement unknown, only the backfill window', async () => {
    const { origin, requests } = await serve({ rss: 'reddit/search-rss' });
    const outcome = await adapterFor(origin).fetchMentions(searchSource(origin), io());
    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    expect(outcome.drafts).toEqual([
      {
        dedupKey: 't3_1h3kq2z',
        url: 'https://www.reddit.com/r/Appliances/comments/1h3kq2z/acme_x2_toaster_smoking/',
        author: 'toast_victim',
        title: 'Acme X2 toaster smoking out of the box',
        text: 'My Acme X2 toaster started smoking this morning. Support says it\'s "within spec". Anyone else?',
        publishedAt: Date.parse('2026-11-30T09:41:07Z'),
        engagement: null,
      },
      expect.objectContaining({ dedupKey: 't3_1h3jz8c', text: 'Acme recalls 40,000 toasters over fire risk', engagement: null }),
    ]);
    // The look-back read the late sweep's hours too: the first sweep is an hour away.
    expect(outcome.next.cursor).toBe(sweptCursor(Date.parse('2026-11-30T09:41:07Z')));
    expect(params(requests[0]!.path)).toEqual({ q: 'acme', sort: 'new', limit: '100', type: 'link' });
    expect(requests[0]!.headers['user-agent']).toBe('server:earshot:v0.1 (self-hosted social listening; +https://github.com/earshot/earshot)');
  });

  // Search has no time filter: the page lists older posts too, and keeping those a sweep would read asks
  // nothing more. One listed late, 29 minutes behind the cursor, is heard on the next crawl, not the next sweep.
  it.each([
    { name: 'down to 6 hours before its fresh window', lateSweep: undefined, kept: ['t3_1h3kq2z', 't3_1h3jz8c'] },
    { name: 'down to the sweep span it is given', lateSweep: { periodMs: 3600_000, spanMs: 60_000 }, kept: ['t3_1h3kq2z'] },
  ])('keeps what its page lists before the 5 minutes before its cursor at no cost, $name, and asks for nothing more', async ({ lateSweep, kept }) => {
    const { origin, requests } = await serve({ rss: 'reddit/search-rss' });
    const cursor = sweptCursor(Date.parse('2026-11-30T09:41:07Z'), now - 30 * 60_000);
    const outcome = await adapterFor(origin, lateSweep ? { lateSweep } : {}).fetchMentions(searchSource(origin, { cursor }), io());
    expect(outcome.kind === 'ok' && outcome.drafts.map((d) => d.dedupKey)).toEqual(kept);
    expect(outcome.kind === 'ok' && outcome.next.cursor).toBe(cursor);
    expect(requests).toHaveLength(1);
  });

  // Reddit search lists a post a while after it was made, and not always in order: one a little older
  // than the newest post read can turn up only in a later crawl.
  it('keeps a post listed after a newer one was read, when it is at most 5 minutes older than the cursor', async () => {
    const { origin } = await serve({ rss: 'reddit/search-rss' });
    const cursor = sweptCursor(Date.parse('2026-11-30T09:45:00Z'));
    const outcome = await adapterFor(origin, { lateSweep: { periodMs: 3600_000, spanMs: 60_000 } }).fetchMentions(searchSource(origin, { cursor }), io());
    expect(outcome.kind === 'ok' && outcome.drafts.map((d) => d.dedupKey)).toEqual(['t3_1h3kq2z']);
    expect(outcome.kind === 'ok' && outcome.next.cursor).toBe(cursor);
  });

  // Entries whose ids changed shape would otherwise leave the source hearing nothing while it reports healthy.
  it.each([
    {
      name: 'none is a post fullname (ids without t3_): a parse failure, so the cursor stays',
      rss: 'reddit/search-rss-foreign-ids',
      expected: { kind: 'failed', error: { kind: 'parse', message: 'could not read any of 3 posts: id: expected a t3_ fullname' } },
    },
    { name: 'every entry a post: no note', rss: 'reddit/search-rss', expected: { kind: 'ok', drafts: 2, partial: undefined } },
  ])('counts the entries it cannot read: $name', async ({ rss, expected }) => {
    const { origin } = await serve({ rss });
    expect(summarize(await adapterFor(origin).fetchMentions(searchSource(origin), io()))).toEqual(expected);
  });

  it('hears a removed or deleted post by its title, not by the "[removed]" Reddit put in place of its body', async () => {
    const { origin } = await serve({ rss: 'reddit/search-rss-removed' });
    const outcome = await adapterFor(origin).fetchMentions(searchSource(origin), io());
    expect(outcome.kind === 'ok' && outcome.drafts.map(({ dedupKey, author, title, text }) => ({ dedupKey, author, title, text }))).toEqual([
      { dedupKey: 't3_1h3m001', author: 'kettle_kate', title: 'Acme support ghosted me for a month', text: 'Acme support ghosted me for a month' },
      { dedupKey: 't3_1h3m002', author: null, title: 'Is the Acme X3 worth it?', text: 'Is the Acme X3 worth it?' },
      expect.objectContaining({ dedupKey: 't3_1h3kq2z', text: expect.stringMatching(/^My Acme X2 toaster/) }),
    ]);
  });

  it('paces itself under the keyless budget: out of budget it waits without asking', async () => {
    const { origin, requests } = await serve({ rss: 'reddit/search-rss-empty' });
    const reddit = adapterFor(origin, { keylessPerMinute: 2 });
    await reddit.fetchMentions(searchSource(origin), io(undefined, now));
    await reddit.fetchMentions(searchSource(origin), io(undefined, now + 1_000));
    const third = await reddit.fetchMentions(searchSource(origin), io(undefined, now + 2_000));
    expect(third).toEqual({ kind: 'not-modified', nextCheckInMs: 58_000 });
    expect(requests).toHaveLength(2);
    const later = await reddit.fetchMentions(searchSource(origin), io(undefined, now + 60_000));
    expect(later.kind).toBe('ok');
  });

  it.each([
    { name: 'Retry-After in seconds', route: fixtureBehaviour('/_/status/429?retry-after=60'), wait: 60_000 },
    { name: 'x-ratelimit-reset without Retry-After', route: 'reddit/rate-limited-oauth', wait: 300_000 },
  ])('a 429 is a rate limit with its wait: $name', async ({ route, wait }) => {
    const { origin } = await serve({ rss: route });
    expect(await adapterFor(origin).fetchMentions(searchSource(origin), io())).toMatchObject({
      kind: 'failed',
      error: { kind: 'rate-limited', httpStatus: 429, retryAfterMs: wait },
    });
  });

  it('states that scores are unknown and which credentials would add them', () => {
    expect(describeRedditLimits(searchSource('https://www.reddit.com'))).toMatchObject({
      missingCredentials: ['EARSHOT_REDDIT_CLIENT_ID', 'EARSHOT_REDDIT_CLIENT_SECRET'],
      // The keyless feed still reads posts: the credentials widen coverage, they are not needed.
      credentialsRequired: false,
      cannotSee: expect.arrayContaining(['scores and comment counts (stored as unknown)']),
    });
  });
});

describe('reddit source with an app-only OAuth client', () => {
  it('gets a client_credentials token, then searches with it: score and comments as engagement', async () => {
    const { origin, requests } = await serve({ token: 'reddit/token', search: 'reddit/search-listing' });
    const outcome = await adapterFor(origin).fetchMentions(searchSource(origin), io(oauth));
    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    const [tokenRequest, searchRequest] = requests;
    expect(tokenRequest).toMatchObject({ method: 'POST', path: '/api/v1/access_token' });
    expect(tokenRequest!.headers.authorization).toBe(`Basic ${Buffer.from('fixture-client-id:fixture-client-secret-do-not-log').toString('base64')}`);
    expect(tokenRequest!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect([tokenRequest!.headers['user-agent'], searchRequest!.headers['user-agent']]).toEqual([redditUserAgent, redditUserAgent]);
    expect(searchRequest!.headers.authorization).toMatch(/^bearer eyJ.+FIXTURE-TOKEN-1$/);
    expect(params(searchRequest!.path)).toEqual({ q: 'acme', sort: 'new', limit: '100', type: 'link', raw_json: '1' });
    expect(outcome.drafts).toEqual([
      {
        dedupKey: 't3_1h3kq2z',
        url: 'https://www.reddit.com/r/Appliances/comments/1h3kq2z/acme_x2_toaster_smoking/',
        author: 'toast_victim',
        title: 'Acme X2 toaster smoking out of the box',
        text: 'My Acme X2 toaster started smoking this morning. Support says it\'s "within spec". Anyone else?',
        publishedAt: Date.parse('2026-11-30T09:41:07Z'),
        engagement: { likes: null, reposts: null, replies: 9, score: 14 },
      },
      expect.objectContaining({ dedupKey: 't3_1h3jz8c', text: 'Acme recalls 40,000 toasters over fire risk', engagement: { likes: null, reposts: null, replies: 0, score: 0 } }),
    ]);
    expect(outcome.next.cursor).toBe(sweptCursor(Date.parse('2026-11-30T09:41:07Z')));
    expect(outcome.nextCheckInMs).toBeUndefined();
  });

  it.each([
    {
      name: 'none can be read (names without t3_): a parse failure, so the cursor stays',
      search: 'reddit/search-listing-unprefixed-names',
      expected: { kind: 'failed', error: { kind: 'parse', message: 'could not read any of 3 posts: data.name: expected a t3_ fullname' } },
    },
    {
      name: 'one cannot be read: the others are kept, and the source says so without losing coverage',
      search: 'reddit/search-listing-one-unreadable',
      expected: { kind: 'ok', drafts: 1, partial: { message: '1 of 4 posts skipped: data.created_utc: expected number, received string', coverageLost: false } },
    },
    { name: 'a subreddit listed among the posts is left out, not counted', search: 'reddit/search-listing', expected: { kind: 'ok', drafts: 2, partial: undefined } },
  ])('counts the children it cannot read: $name', async ({ search, expected }) => {
    const { origin } = await serve({ token: 'reddit/token', search });
    expect(summarize(await adapterFor(origin).fetchMentions(searchSource(origin), io(oauth)))).toEqual(expected);
  });

  it.each([
    { name: 'follows `after` while every post is newer than the cursor', maxPages: 3, after: [undefined, 't3_1h4099x'] },
    { name: 'stops at its page budget', maxPages: 1, after: [undefined] },
  ])('pagination $name', async ({ maxPages, after }) => {
    const { origin, requests } = await serve({ token: 'reddit/token', search: ['reddit/search-listing-full', 'reddit/search-listing-empty'] });
    const outcome = await adapterFor(origin, { maxPages }).fetchMentions(searchSource(origin), io(oauth));
    expect(requests.filter((r) => r.path.startsWith('/search')).map((r) => params(r.path).after)).toEqual(after);
    expect(outcome.kind === 'ok' && outcome.drafts).toHaveLength(100);
  });

  it('hears a removed or deleted post by its title: "[removed]" and "[deleted]" are what Reddit put in place of its body', async () => {
    const { origin } = await serve({ token: 'reddit/token', search: 'reddit/search-listing-removed' });
    const outcome = await adapterFor(origin).fetchMentions(searchSource(origin), io(oauth));
    expect(outcome.kind === 'ok' && outcome.drafts.map(({ dedupKey, author, title, text }) => ({ dedupKey, author, title, text }))).toEqual([
      { dedupKey: 't3_1h3m001', author: 'kettle_kate', title: 'Acme support ghosted me for a month', text: 'Acme support ghosted me for a month' },
      { dedupKey: 't3_1h3m002', author: null, title: 'Is the Acme X3 worth it?', text: 'Is the Acme X3 worth it?' },
      expect.objectContaining({ dedupKey: 't3_1h3kq2z', text: expect.stringMatching(/^My Acme X2 toaster/) }),
    ]);
  });

  it('resumes a burst its page budget cut short from the last post read (Reddit search has no time filter)', async () => {
    const start = now - 24 * 3600_000;
    const { origin, requests } = await serve({ token: 'reddit/token', search: ['reddit/search-listing-full', 'reddit/search-listing-empty'] });
    const reddit = adapterFor(origin, { maxPages: 1 });
    const first = await reddit.fetchMentions(searchSource(origin), io(oauth));
    const cursor = first.kind === 'ok' ? first.next.cursor : null;
    expect(JSON.parse(cursor!)).toEqual({ newest: 1796032000000, gap: { after: start, resume: 't3_1h4099x' }, sweptAt: now });
    const second = await reddit.fetchMentions(searchSource(origin, { cursor }), io(oauth));
    expect(requests.filter((r) => r.path.startsWith('/search')).map((r) => params(r.path).after)).toEqual([undefined, 't3_1h4099x', undefined]);
    expect(second).toMatchObject({ kind: 'ok', next: { cursor: sweptCursor(1796032000000) } });
  });

  it('reads the gap a resumed crawl left down to 5 minutes before its old cursor, as the fresh read would have', async () => {
    const cursor = 1796031800000;
    const { origin } = await serve({ token: 'reddit/token', search: ['reddit/search-listing-full', 'reddit/search-listing-late-post', 'reddit/search-listing-empty'] });
    const reddit = adapterFor(origin, { maxPages: 1 });
    const first = await reddit.fetchMentions(searchSource(origin, { cursor: String(cursor) }), io(oauth));
    const next = first.kind === 'ok' ? first.next.cursor : null;
    expect(JSON.parse(next!)).toEqual({ newest: 1796032000000, gap: { after: cursor - 300_000, resume: 't3_1h4099x' } });
    // Listed only after the first crawl, made 3 minutes before its cursor.
    const second = await reddit.fetchMentions(searchSource(origin, { cursor: next }), io(oauth));
    expect(second.kind === 'ok' && second.drafts.map((d) => d.dedupKey)).toEqual(['t3_1h3zz9q']);
    expect(second).toMatchObject({ kind: 'ok', next: { cursor: '1796032000000' } });
  });

  it('reuses its token across crawls until it nears expiry', async () => {
    const { origin, requests } = await serve({ token: 'reddit/token', search: 'reddit/search-listing-empty' });
    const reddit = adapterFor(origin);
    await reddit.fetchMentions(searchSource(origin), io(oauth));
    await reddit.fetchMentions(searchSource(origin), io(oauth, now + 60 * 60_000));
    await reddit.fetchMentions(searchSource(origin), io(oauth, now + 24 * 60 * 60_000));
    expect(requests.map((r) => r.path.split('?')[0])).toEqual(['/api/v1/access_token', '/search', '/search', '/api/v1/access_token', '/search']);
  });

  it('waits for the window to reset when x-ratelimit-remaining runs out', async () => {
    const { origin } = await serve({ token: 'reddit/token', search: 'reddit/search-listing-exhausted' });
    const outcome = await adapterFor(origin).fetchMentions(searchSource(origin), io(oauth));
    expect(outcome).toMatchObject({ kind: 'ok', nextCheckInMs: 240_000 });
  });

  it('forgets a token the search refuses, so the next crawl gets a new one', async () => {
    const { origin, requests } = await serve({ token: 'reddit/token', search: ['reddit/token-refused', 'reddit/search-listing-empty'] });
    const reddit = adapterFor(origin);
    expect(await reddit.fetchMentions(searchSource(origin), io(oauth))).toMatchObject({ kind: 'failed', error: { kind: 'http', httpStatus: 401 } });
    expect((await reddit.fetchMentions(searchSource(origin), io(oauth))).kind).toBe('ok');
    expect(requests.filter((r) => r.path === '/api/v1/access_token')).toHaveLength(2);
  });

  it.each([
    { name: 'refused credentials', token: 'reddit/token-refused', kind: 'http', status: 401 },
    { name: 'token endpoint down', token: fixtureBehaviour('/_/status/503?retry-after=30'), kind: 'rate-limited', status: 503 },
  ])('token failure is the source failure, and never carries the secret: $name', async ({ token, kind, status }) => {
    const { origin, requests } = await serve({ token, search: 'reddit/search-listing' });
    const outcome = await adapterFor(origin).fetchMentions(searchSource(origin), io(oauth));
    expect(outcome).toMatchObject({ kind: 'failed', error: { kind, httpStatus: status } });
    expect(JSON.stringify(outcome)).not.toMatch(/fixture-client-secret|fixture-client-id/);
    expect(requests.some((r) => r.path.startsWith('/search'))).toBe(false);
  });

  it('needs no more credentials once the OAuth client is set', () => {
    expect(describeRedditLimits(searchSource('https://www.reddit.com'), oauth.reddit).missingCredentials).toEqual([]);
  });
});

describe('reddit cursor', () => {
  const read = (over: Partial<WindowRead>): WindowRead => ({ entries: [], complete: true, lastFullname: null, ...over });
  it.each([
    { name: 'nothing new', previous: { newest: 500, gap: null }, gap: null, fresh: read({}), expected: { newest: 500, gap: null } },
    { name: 'a cut-short fresh window opens a gap', previous: { newest: 500, gap: null }, gap: null, fresh: read({ complete: false, lastFullname: 't3_b' }), expected: { newest: 500, gap: { after: 500, resume: 't3_b' } } },
    { name: 'a gap read to the floor closes', previous: { newest: 900, gap: { after: 500, resume: 't3_a' } }, gap: read({ lastFullname: 't3_z' }), fresh: read({}), expected: { newest: 900, gap: null } },
    { name: 'a gap cut short resumes further down', previous: { newest: 900, gap: { after: 500, resume: 't3_a' } }, gap: read({ complete: false, lastFullname: 't3_c' }), fresh: read({}), expected: { newest: 900, gap: { after: 500, resume: 't3_c' } } },
    { name: 'a gap not read at all (no budget) stays', previous: { newest: 900, gap: { after: 500, resume: 't3_a' } }, gap: read({ complete: false, waitMs: 1 }), fresh: unreadWindow, expected: { newest: 900, gap: { after: 500, resume: 't3_a' } } },
    { name: 'two gaps become one reaching the older floor', previous: { newest: 900, gap: { after: 500, resume: 't3_a' } }, gap: read({ complete: false, lastFullname: 't3_c' }), fresh: read({ complete: false, lastFullname: 't3_n' }), expected: { newest: 900, gap: { after: 500, resume: 't3_n' } } },
  ])('advances: $name', ({ previous, gap, fresh, expected }) => {
    expect(advanceRedditCursor(previous, gap, fresh)).toEqual(expected);
  });

  it.each([
    { name: 'a cut-short fresh window opens its gap at the floor it read down to', previous: { newest: 500, gap: null }, fresh: read({ complete: false, lastFullname: 't3_b' }), expected: { newest: 500, gap: { after: 200, resume: 't3_b' } } },
    { name: 'an older open gap keeps its own floor', previous: { newest: 900, gap: { after: 100, resume: 't3_a' } }, fresh: read({ complete: false, lastFullname: 't3_n' }), expected: { newest: 900, gap: { after: 100, resume: 't3_n' } } },
  ])('advances a resumed crawl: $name', ({ previous, fresh, expected }) => {
    const gap = previous.gap ? read({ complete: false, lastFullname: 't3_c' }) : null;
    expect(advanceRedditCursor(previous, gap, fresh, Infinity, 200)).toEqual(expected);
  });

  it('counts a post dated in the future as now: the cursor never waits for year 9999', () => {
    const entry = (createdAt: number) => ({ fullname: 't3_f', createdAt, draft: { dedupKey: 't3_f', url: null, author: null, title: 'Acme', text: 'Acme', publishedAt: createdAt } });
    const fresh = read({ entries: [entry(Date.UTC(9999, 11, 31)), entry(700)] });
    expect(advanceRedditCursor({ newest: 500, gap: null }, null, fresh, 800)).toEqual({ newest: 800, gap: null });
  });

  it.each([
    { name: 'a bare time', raw: '700', expected: { newest: 700, gap: null } },
    { name: 'a time with a gap', raw: '{"newest":700,"gap":{"after":100,"resume":"t3_abc"}}', expected: { newest: 700, gap: { after: 100, resume: 't3_abc' } } },
    { name: 'a gap with a bad fullname', raw: '{"newest":700,"gap":{"after":100,"resume":"x"}}', expected: { newest: 700, gap: null } },
    { name: 'a future time', raw: '9999', expected: { newest: 50, gap: null } },
    { name: 'nothing', raw: null, expected: { newest: 50, gap: null } },
  ])('reads $name', ({ raw, expected }) => {
    expect(readRedditCursor(raw, 50, 1000)).toEqual(expected);
  });
});

describe('reddit late sweep', () => {
  const minute = 60_000;
  const cursorAt = now - minute;
  /** A busy topic: 100 posts in the 17 minutes before the cursor fill the first page. */
  const busy = (): ListedRedditPost[] => Array.from({ length: 100 }, (_, i) => ({ id: `busy${i}`, createdAt: cursorAt - i * 10_000, title: `Acme thread ${i}` }));
  const searchAfters = (requests: FixtureServer['requests'], path: string) => requests.filter((r) => r.path.split('?')[0] === path).map((r) => params(r.path).after ?? 'newest');

  // Reddit search lists some posts tens of minutes, at times hours, after they were made. On a busy topic
  // such a post is past the page the fresh read fetches; only the hourly sweep pages on to it.
  it.each([
    { name: 'keyless (Atom feed)', path: '/search.rss', format: 'atom' as const, credentials: undefined },
    { name: 'OAuth (JSON listing)', path: '/search', format: 'listing' as const, credentials: oauth },
  ])('$name: hears a post listed 40 minutes late on the next sweep, and sweeps no more than once an hour', async ({ path, format, credentials }) => {
    const listed = [...busy(), { id: 'late1', createdAt: now - 40 * minute, title: 'Acme refund never came' }];
    const { origin, requests } = await serve({ [format === 'atom' ? 'rss' : 'search']: redditSearchIndex(listed, format), token: 'reddit/token' });
    const reddit = adapterFor(origin);
    const crawl = async (cursor: string, at: number) => {
      const outcome = await reddit.fetchMentions(searchSource(origin, { cursor }), io(credentials, at));
      if (outcome.kind !== 'ok') throw new Error(`crawl failed: ${JSON.stringify(outcome)}`);
      return { heard: outcome.drafts.map((d) => d.dedupKey).filter((key) => key.startsWith('t3_late')), cursor: outcome.next.cursor!, revisesUpTo: outcome.revisesUpTo };
    };
    const first = await crawl(sweptCursor(cursorAt, now - 61 * minute), now);
    // Posts below the fresh floor, from its page or the sweep's, revise their buckets: no backfill.
    expect(first).toMatchObject({ heard: ['t3_late1'], revisesUpTo: cursorAt - 5 * minute });
    expect(searchAfters(requests, path)).toEqual(['newest', 't3_busy99']);
    expect(JSON.parse(first.cursor)).toEqual({ newest: cursorAt, gap: null, sweptAt: now });
    // Made 50 minutes before the next crawl, listed only from then on.
    listed.push({ id: 'late2', createdAt: now - 20 * minute, title: 'Acme support hung up on me' });
    const second = await crawl(first.cursor, now + 30 * minute);
    expect(second.heard).toEqual([]);
    expect(searchAfters(requests, path)).toHaveLength(3);
    const third = await crawl(second.cursor, now + 61 * minute);
    expect(third.heard).toEqual(['t3_late2', 't3_late1']);
    expect(searchAfters(requests, path)).toEqual(['newest', 't3_busy99', 'newest', 'newest', 't3_busy99']);
  });

  it('keeps the fresh read and its cursor when the sweep fails, and says so without losing coverage', async () => {
    const listed = [{ id: 'fresh1', createdAt: now - 30_000, title: 'Acme fixed it' }, ...busy(), { id: 'late1', createdAt: now - 40 * minute, title: 'Acme refund never came' }];
    const { origin, requests } = await serve({ rss: redditSearchIndex(listed, 'atom', { refusePaging: true }) });
    const outcome = await adapterFor(origin).fetchMentions(searchSource(origin, { cursor: sweptCursor(cursorAt, now - 61 * minute) }), io());
    expect(requests).toHaveLength(2);
    expect(outcome).toMatchObject({
      kind: 'ok',
      next: { cursor: sweptCursor(now - 30_000) },
      partial: { message: 'late sweep failed (HTTP 500); the next one reads its hours again', coverageLost: false },
    });
    expect(outcome.kind === 'ok' && outcome.drafts.map((d) => d.dedupKey)).toContain('t3_fresh1');
    expect(outcome.kind === 'ok' && outcome.drafts.map((d) => d.dedupKey)).not.toContain('t3_late1');
  });

  it('takes a slot of the keyless budget for its page: with none left it asks nothing, and the source keeps its usual pace', async () => {
    const { origin, requests } = await serve({ rss: redditSearchIndex([...busy(), { id: 'late1', createdAt: now - 40 * minute, title: 'Acme refund never came' }], 'atom') });
    const outcome = await adapterFor(origin, { keylessPerMinute: 1 }).fetchMentions(searchSource(origin, { cursor: sweptCursor(cursorAt, now - 61 * minute) }), io());
    expect(requests).toHaveLength(1);
    // A wait of seconds would check the source sooner than usual; the next sweeps read these hours again.
    expect(outcome).toMatchObject({ kind: 'ok', next: { cursor: sweptCursor(cursorAt) } });
    expect(outcome.kind === 'ok' && outcome.nextCheckInMs).toBeUndefined();
  });

  it('pages a busy sweep within the OAuth page budget, and leaves no gap for what it could not reach', async () => {
    const listed = Array.from({ length: 600 }, (_, i) => ({ id: `busy${i}`, createdAt: cursorAt - i * 30_000, title: `Acme thread ${i}` }));
    const { origin, requests } = await serve({ search: redditSearchIndex(listed, 'listing'), token: 'reddit/token' });
    const outcome = await adapterFor(origin).fetchMentions(searchSource(origin, { cursor: sweptCursor(cursorAt, now - 61 * minute) }), io(oauth));
    expect(searchAfters(requests, '/search')).toEqual(['newest', 't3_busy99', 't3_busy199', 't3_busy299']);
    expect(outcome.kind === 'ok' && outcome.drafts).toHaveLength(400);
    expect(outcome.kind === 'ok' && JSON.parse(outcome.next.cursor!)).toEqual({ newest: cursorAt, gap: null, sweptAt: now });
  });

  it('asks for no more when the fresh page already reached 6 hours back or the end of the listing', async () => {
    const listed = [{ id: 'late1', createdAt: now - 40 * minute, title: 'Acme refund never came' }];
    const { origin, requests } = await serve({ rss: redditSearchIndex(listed, 'atom') });
    const outcome = await adapterFor(origin).fetchMentions(searchSource(origin, { cursor: sweptCursor(cursorAt, now - 61 * minute) }), io());
    expect(requests).toHaveLength(1);
    expect(outcome).toMatchObject({ kind: 'ok', drafts: [expect.objectContaining({ dedupKey: 't3_late1' })], next: { cursor: sweptCursor(cursorAt) } });
  });
});
