import { afterEach, describe, expect, it } from 'vitest';
import type { Source } from '../../src/domain/source';
import type { Topic } from '../../src/domain/topic';
import { createNodeSafeFetch } from '../../src/runtime/node/node-safe-fetch';
import { createBlueskySource, describeBlueskyLimits } from '../../src/sources/bluesky-source';
import type { FetchOutcome, SourceIo } from '../../src/sources/source-adapter';
import { blueskySearchIndex, postView } from '../support/bluesky-search-index';
import { startFixtureServer, type FixtureHandler, type FixtureServer } from '../support/fixture-server';

const now = Date.parse('2026-11-30T10:00:00Z');
const acme: Topic = { id: 7, name: 'Acme', query: 'acme', enabled: true, createdAt: 0, updatedAt: 0 };
const credentials = { bluesky: { identifier: 'earshot-monitor.bsky.social', appPassword: 'abcd-efgh-ijkl-mnop' } };
const paths = {
  session: '/xrpc/com.atproto.server.createSession',
  refresh: '/xrpc/com.atproto.server.refreshSession',
  search: '/xrpc/app.bsky.feed.searchPosts',
};
let server: FixtureServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

async function serve(routes: { session?: string | string[]; refresh?: string; search?: string | string[] | FixtureHandler }): Promise<FixtureServer> {
  server = await startFixtureServer({
    routes: {
      [paths.session]: routes.session ?? 'bluesky/session',
      ...(routes.refresh ? { [paths.refresh]: routes.refresh } : {}),
      [paths.search]: routes.search ?? 'bluesky/search-page',
    },
  });
  return server;
}

/** 'operator': the app password, with the fixture server as the operator's service (EARSHOT_BLUESKY_SERVICE). */
const io = (withCredentials: SourceIo['credentials'] | null | 'operator' = 'operator', at = now): SourceIo => {
  const given = withCredentials === 'operator' ? { bluesky: { ...credentials.bluesky, service: server!.origin } } : withCredentials;
  return {
    fetch: createNodeSafeFetch({ allowPrivate: true, privateAllowList: ['127.0.0.1'] }),
    now: at,
    topics: [acme],
    ...(given ? { credentials: given } : {}),
  };
};

function searchSource(origin: string, cursor: string | null = null): Source {
  return {
    id: 6, kind: 'bluesky', url: origin, name: null, topicId: 7, enabled: true, createdAt: 0,
    state: { etag: null, lastModified: null, cursor, nextCheckAt: 0, errorCount: 0, lastError: null, lastErrorKind: null, lastSuccessAt: null },
  };
}

const summarize = (outcome: FetchOutcome) => (outcome.kind === 'ok' ? { kind: 'ok', drafts: outcome.drafts.length, partial: outcome.partial } : outcome);
const params = (path: string) => Object.fromEntries(new URL(path, 'http://x').searchParams);
const pathOnly = (path: string) => path.split('?')[0];
/** A cursor as a crawl at `sweptAt` leaves it: its late sweep not due again for an hour. */
const sweptCursor = (newest: number, sweptAt = now, gap: { after: number; before: number } | null = null) => JSON.stringify({ newest, gap, sweptAt });

describe('bluesky source', () => {
  it.each([
    { name: 'no credentials at all', given: null },
    { name: 'an identifier without an app password', given: { bluesky: { identifier: 'earshot-monitor.bsky.social' } } },
  ])('says in its health that it needs an app password, without asking anything: $name', async ({ given }) => {
    const { origin, requests } = await serve({});
    const outcome = await createBlueskySource().fetchMentions(searchSource(origin), io(given));
    expect(outcome).toMatchObject({ kind: 'failed', error: { kind: 'blocked', message: expect.stringContaining('EARSHOT_BLUESKY_APP_PASSWORD') } });
    expect(requests).toHaveLength(0);
    expect(describeBlueskyLimits(searchSource(origin), given?.bluesky)).toMatchObject({
      missingCredentials: ['EARSHOT_BLUESKY_IDENTIFIER', 'EARSHOT_BLUESKY_APP_PASSWORD'],
      credentialsRequired: true,
      cannotSee: expect.arrayContaining([expect.stringMatching(/^everything/)]),
    });
  });

  it('opens a session with the app password, then searches the latest posts since the backfill window', async () => {
    const { origin, requests } = await serve({});
    const outcome = await createBlueskySource().fetchMentions(searchSource(origin), io());
    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    expect(requests.map((r) => `${r.method} ${pathOnly(r.path)}`)).toEqual([`POST ${paths.session}`, `GET ${paths.search}`]);
    expect(requests[1]!.headers.authorization).toMatch(/^Bearer eyJ.+FIXTURE-ACCESS-1$/);
    expect(params(requests[1]!.path)).toEqual({ q: 'acme', sort: 'latest', since: '2026-11-29T10:00:00.000Z', limit: '100' });
    expect(outcome.drafts).toEqual([
      {
        dedupKey: 'at://did:plc:w4xbfzo7kqfes5zb7r6qv3rw/app.bsky.feed.post/3lcfq2xnyzk2a',
        url: 'https://bsky.app/profile/did:plc:w4xbfzo7kqfes5zb7r6qv3rw/post/3lcfq2xnyzk2a',
        author: 'toastfan.bsky.social',
        title: null,
        text: 'my acme toaster just set off the smoke alarm. again. 🔥',
        publishedAt: Date.parse('2026-11-30T09:41:07.512Z'),
        // a quote counts as a repost
        engagement: { likes: 19, reposts: 3, replies: 4, score: null },
      },
      expect.objectContaining({
        url: 'https://bsky.app/profile/did:plc:e2nwnarqo7kj6m4t4vzslcyq/post/3lcfnxh5aqk2s',
        author: 'did:plc:e2nwnarqo7kj6m4t4vzslcyq',
        engagement: { likes: 3, reposts: 0, replies: 0, score: null },
      }),
    ]);
    // The look-back read the late sweep's hours too: the first sweep is an hour away.
    expect(outcome.next.cursor).toBe(sweptCursor(Date.parse('2026-11-30T09:41:07.512Z')));
  });

  // A searchPosts answer whose post views changed shape would otherwise leave the source hearing nothing while it reports healthy.
  it.each([
    {
      name: 'none can be read (post views wrapped as {post})',
      search: 'bluesky/search-page-wrapped',
      expected: { kind: 'failed', error: { kind: 'parse', message: 'could not read any of 4 posts: uri: missing (expected string)' } },
    },
    {
      name: 'one of five cannot be read: the others are kept, and the source says so without losing coverage',
      search: 'bluesky/search-page-one-unreadable',
      expected: { kind: 'ok', drafts: 2, partial: { message: '1 of 5 posts skipped: indexedAt: expected a date', coverageLost: false } },
    },
    { name: 'a post without text and one outside the window are left out, not counted', search: 'bluesky/search-page', expected: { kind: 'ok', drafts: 2, partial: undefined } },
  ])('counts the posts it cannot read: $name', async ({ search, expected }) => {
    const { origin } = await serve({ search });
    expect(summarize(await createBlueskySource().fetchMentions(searchSource(origin), io()))).toEqual(expected);
  });

  it('leaves engagement the post view does not state as unknown', async () => {
    const { origin } = await serve({});
    const source = { ...searchSource(origin), config: { query: 'backdater' } };
    const outcome = await createBlueskySource({ backfillMs: 10 * 365 * 24 * 3600_000 }).fetchMentions(source, io());
    const backdated = outcome.kind === 'ok' ? outcome.drafts.find((d) => d.author === 'backdater.bsky.social') : undefined;
    expect(backdated?.engagement).toEqual({ likes: null, reposts: null, replies: null, score: null });
    expect(backdated?.publishedAt).toBe(Date.parse('2019-01-01T00:00:00Z'));
  });

  it('asks again from a little before its cursor (late indexing) and reuses its session', async () => {
    const { origin, requests } = await serve({ search: 'bluesky/search-empty' });
    const bluesky = createBlueskySource();
    const cursor = sweptCursor(Date.parse('2026-11-30T09:41:07.512Z'));
    await bluesky.fetchMentions(searchSource(origin, cursor), io());
    const second = await bluesky.fetchMentions(searchSource(origin, cursor), io());
    expect(second).toMatchObject({ kind: 'ok', drafts: [], next: { cursor } });
    expect(requests.map((r) => pathOnly(r.path))).toEqual([paths.session, paths.search, paths.search]);
    expect(params(requests[1]!.path).since).toBe('2026-11-30T09:36:07.512Z');
  });

  it('pages with the search cursor while pages are full, within its page budget', async () => {
    const { origin, requests } = await serve({ search: ['bluesky/search-page-full', 'bluesky/search-empty'] });
    const outcome = await createBlueskySource().fetchMentions(searchSource(origin), io());
    const searches = requests.filter((r) => pathOnly(r.path) === paths.search).map((r) => params(r.path).cursor);
    expect(searches).toEqual([undefined, '100']);
    expect(outcome.kind === 'ok' && outcome.drafts).toHaveLength(100);
  });

  it('pages on past a full page even when some of its posts are left out (no text)', async () => {
    // A page of 100 with one text-less post is still a full page: stopping there lost the rest of a burst.
    const { origin, requests } = await serve({ search: ['bluesky/search-page-full-one-textless', 'bluesky/search-empty'] });
    const outcome = await createBlueskySource().fetchMentions(searchSource(origin), io());
    expect(requests.filter((r) => pathOnly(r.path) === paths.search).map((r) => params(r.path).cursor)).toEqual([undefined, '100']);
    expect(outcome.kind === 'ok' && outcome.drafts).toHaveLength(99);
  });

  // The AppView searches, then drops posts of blocked authors and hidden tags from the page, and hands
  // over the search cursor all the same (searchPosts' noBlocksOrTagged rule).
  it('pages on past a page the AppView thinned after searching: the cursor, not the count, says there is more', async () => {
    const { origin, requests } = await serve({ search: ['bluesky/search-page-some-filtered', 'bluesky/search-empty'] });
    const outcome = await createBlueskySource().fetchMentions(searchSource(origin), io());
    expect(requests.filter((r) => pathOnly(r.path) === paths.search).map((r) => params(r.path).cursor)).toEqual([undefined, '100']);
    expect(outcome.kind === 'ok' && outcome.drafts).toHaveLength(97);
  });

  it('remembers what a burst left unread past its page budget, and reads that gap (since/until) next time', async () => {
    const { origin, requests } = await serve({ search: ['bluesky/search-page-full', 'bluesky/search-empty'] });
    const bluesky = createBlueskySource({ maxPages: 1 });
    const first = await bluesky.fetchMentions(searchSource(origin), io());
    const cursor = first.kind === 'ok' ? first.next.cursor : null;
    const at = Date.parse('2026-11-30T09:50:00Z');
    expect(JSON.parse(cursor!)).toEqual({ newest: at, gap: { after: now - 24 * 3600_000, before: at }, sweptAt: now });
    await bluesky.fetchMentions(searchSource(origin, cursor), io());
    const [gap, fresh] = requests.filter((r) => pathOnly(r.path) === paths.search).slice(1).map((r) => params(r.path));
    expect(gap).toMatchObject({ since: '2026-11-29T10:00:00.000Z', until: '2026-11-30T09:50:00.001Z' });
    expect(fresh).toMatchObject({ since: '2026-11-30T09:45:00.000Z' });
    expect(fresh?.until).toBeUndefined();
  });

  it('reads the gap a resumed crawl left from a little before its old cursor, as the fresh read began', async () => {
    const { origin, requests } = await serve({ search: ['bluesky/search-page-full', 'bluesky/search-empty'] });
    const bluesky = createBlueskySource({ maxPages: 1 });
    const first = await bluesky.fetchMentions(searchSource(origin, String(Date.parse('2026-11-30T09:30:00Z'))), io());
    const cursor = first.kind === 'ok' ? first.next.cursor : null;
    const at = Date.parse('2026-11-30T09:50:00Z');
    expect(JSON.parse(cursor!)).toEqual({ newest: at, gap: { after: Date.parse('2026-11-30T09:25:00Z'), before: at } });
    await bluesky.fetchMentions(searchSource(origin, cursor), io());
    const [gap] = requests.filter((r) => pathOnly(r.path) === paths.search).slice(1).map((r) => params(r.path));
    expect(gap).toMatchObject({ since: '2026-11-30T09:25:00.000Z', until: '2026-11-30T09:50:00.001Z' });
  });

  it('refreshes an expired session with its refresh token and repeats the search once', async () => {
    const { origin, requests } = await serve({ search: ['bluesky/expired-token', 'bluesky/search-page'], refresh: 'bluesky/session-refreshed' });
    const outcome = await createBlueskySource().fetchMentions(searchSource(origin), io());
    expect(outcome.kind).toBe('ok');
    expect(requests.map((r) => `${r.method} ${pathOnly(r.path)}`)).toEqual([`POST ${paths.session}`, `GET ${paths.search}`, `POST ${paths.refresh}`, `GET ${paths.search}`]);
    expect(requests[2]!.headers.authorization).toMatch(/FIXTURE-REFRESH-1$/);
    expect(requests[3]!.headers.authorization).toMatch(/FIXTURE-ACCESS-2$/);
  });

  it('opens a new session when the refresh token is refused too', async () => {
    const { origin, requests } = await serve({ search: ['bluesky/expired-token', 'bluesky/search-empty'], refresh: 'bluesky/expired-token' });
    expect((await createBlueskySource().fetchMentions(searchSource(origin), io())).kind).toBe('ok');
    expect(requests.map((r) => pathOnly(r.path))).toEqual([paths.session, paths.search, paths.refresh, paths.session, paths.search]);
  });

  it.each([
    { name: 'another host', url: 'https://pds.attacker.example' },
    { name: 'the default service when the operator named another', url: 'https://bsky.social' },
  ])('sends the app password only to the operator\'s service, never to a source URL on $name', async ({ url }) => {
    const { requests } = await serve({});
    const outcome = await createBlueskySource().fetchMentions(searchSource(url), io());
    expect(outcome).toMatchObject({ kind: 'failed', error: { kind: 'blocked', message: expect.stringContaining('EARSHOT_BLUESKY_SERVICE') } });
    expect(JSON.stringify(outcome)).not.toContain('abcd-efgh-ijkl-mnop');
    expect(requests).toHaveLength(0);
  });

  it('does not follow a redirect with the app password in its body', async () => {
    const { origin, requests } = await serve({ session: 'bluesky/session' });
    const redirecting = await startFixtureServer({
      routes: { [paths.session]: (_request, response) => response.writeHead(307, { location: `${origin}${paths.session}` }).end() },
    });
    const outcome = await createBlueskySource().fetchMentions(searchSource(redirecting.origin), io({ bluesky: { ...credentials.bluesky, service: redirecting.origin } }));
    await redirecting.close();
    expect(outcome).toMatchObject({ kind: 'failed', error: { kind: 'http' } });
    expect(requests).toHaveLength(0);
  });

  it('reports refused credentials without ever echoing the app password or a token', async () => {
    const { origin } = await serve({ session: 'bluesky/session-refused' });
    const outcome = await createBlueskySource().fetchMentions(searchSource(origin), io());
    expect(outcome).toMatchObject({ kind: 'failed', error: { kind: 'http', httpStatus: 401, message: 'Bluesky refused the identifier and app password (HTTP 401)' } });
    expect(JSON.stringify(outcome)).not.toContain('abcd-efgh-ijkl-mnop');
  });

  it.each([
    { name: 'budget spent on an answer', search: 'bluesky/search-exhausted', expected: { kind: 'ok', nextCheckInMs: 300_000 } },
    { name: 'a 429 without Retry-After', search: 'bluesky/rate-limited', expected: { kind: 'failed', error: { kind: 'rate-limited', retryAfterMs: 300_000 } } },
  ])('waits for ratelimit-reset (epoch seconds): $name', async ({ search, expected }) => {
    const { origin } = await serve({ search });
    expect(await createBlueskySource().fetchMentions(searchSource(origin), io('operator', Date.parse('2026-11-30T10:00:00Z')))).toMatchObject(expected);
  });

  it('needs nothing more once the app password is set', () => {
    expect(describeBlueskyLimits(searchSource('https://bsky.social'), credentials.bluesky).missingCredentials).toEqual([]);
  });
});

describe('bluesky late sweep', () => {
  const minute = 60_000;
  const cursorAt = now - 10 * minute;
  const sweepParams = { since: new Date(cursorAt - 5 * minute - 6 * 60 * minute).toISOString(), until: new Date(cursorAt - 5 * minute + 1).toISOString() };
  const searches = (requests: FixtureServer['requests']) => requests.filter((r) => pathOnly(r.path) === paths.search).map((r) => params(r.path));

  // After a relay hiccup the AppView indexes posts late; search sorts them by when they were written,
  // behind the fresh window by the time they are listed.
  it('hears a post listed 40 minutes late on the next sweep, and sweeps no more than once an hour', async () => {
    const listed = [postView('3lclate0001', now - 40 * minute, now - 1 * minute, 'acme deleted my review lol')];
    const { origin, requests } = await serve({ search: blueskySearchIndex(listed) });
    const bluesky = createBlueskySource();
    const crawl = async (cursor: string, at: number) => {
      const outcome = await bluesky.fetchMentions(searchSource(origin, cursor), io('operator', at));
      if (outcome.kind !== 'ok') throw new Error(`crawl failed: ${JSON.stringify(outcome)}`);
      return { heard: outcome.drafts.map((d) => d.dedupKey.split('/').at(-1)), cursor: outcome.next.cursor!, revisesUpTo: outcome.revisesUpTo };
    };
    const first = await crawl(sweptCursor(cursorAt, now - 61 * minute), now);
    expect(first.heard).toEqual(['3lclate0001']);
    expect(searches(requests)).toEqual([expect.not.objectContaining({ until: expect.anything() }), expect.objectContaining(sweepParams)]);
    expect(JSON.parse(first.cursor)).toEqual({ newest: cursorAt, gap: null, sweptAt: now });
    expect(first.revisesUpTo).toBe(cursorAt - 5 * minute);
    // Written 50 minutes before the next crawl, listed only from then on.
    listed.push(postView('3lclate0002', now - 20 * minute, now + 29 * minute, 'acme support never called back'));
    const second = await crawl(first.cursor, now + 30 * minute);
    expect(second).toMatchObject({ heard: [], revisesUpTo: undefined });
    expect(searches(requests)).toHaveLength(3);
    const third = await crawl(second.cursor, now + 61 * minute);
    expect(third.heard).toEqual(['3lclate0002', '3lclate0001']);
    expect(JSON.parse(third.cursor)).toEqual({ newest: cursorAt, gap: null, sweptAt: now + 61 * minute });
  });

  it('keeps the fresh read and its cursor when the sweep fails, and says so without losing coverage', async () => {
    const listed = [postView('3lcfresh001', now - minute, now - minute, 'acme fixed it'), postView('3lclate0001', now - 40 * minute, now - minute, 'acme deleted my review lol')];
    const { origin, requests } = await serve({ search: blueskySearchIndex(listed, { refuseUntil: true }) });
    const outcome = await createBlueskySource().fetchMentions(searchSource(origin, sweptCursor(cursorAt, now - 61 * minute)), io());
    expect(searches(requests)).toHaveLength(2);
    expect(outcome).toMatchObject({
      kind: 'ok',
      drafts: [expect.objectContaining({ dedupKey: expect.stringMatching(/3lcfresh001$/) })],
      next: { cursor: sweptCursor(now - minute) },
      partial: { message: expect.stringMatching(/^late sweep failed \(.+\); the next one reads its hours again$/), coverageLost: false },
    });
    expect(outcome.kind === 'ok' && outcome.drafts).toHaveLength(1);
  });

  it('keeps what the sweep read when the rate budget runs out in it, moves the cursor on, and waits for the reset', async () => {
    const listed = [postView('3lcfresh001', now - minute, now - minute, 'acme fixed it'), postView('3lclate0001', now - 40 * minute, now - minute, 'acme deleted my review lol')];
    const { origin } = await serve({ search: blueskySearchIndex(listed, { spentByUntil: new Date(now + 4 * minute) }) });
    const outcome = await createBlueskySource().fetchMentions(searchSource(origin, sweptCursor(cursorAt, now - 61 * minute)), io());
    expect(outcome).toMatchObject({ kind: 'ok', next: { cursor: sweptCursor(now - minute) }, nextCheckInMs: 4 * minute });
    expect(outcome.kind === 'ok' && outcome.drafts.map((d) => d.dedupKey.split('/').at(-1))).toEqual(['3lcfresh001', '3lclate0001']);
  });

  it('reads a busy sweep within the page budget per query, and leaves no gap for what it could not reach', async () => {
    const listed = Array.from({ length: 250 }, (_, i) => postView(`3lcbusy${String(i).padStart(4, '0')}`, cursorAt - 6 * minute - i * minute, cursorAt, `acme complaint ${i}`));
    const { origin, requests } = await serve({ search: blueskySearchIndex(listed) });
    const outcome = await createBlueskySource({ maxPages: 2 }).fetchMentions(searchSource(origin, sweptCursor(cursorAt, now - 61 * minute)), io());
    expect(searches(requests).map((p) => `${p.until === undefined ? 'fresh' : 'sweep'} ${p.cursor ?? 0}`)).toEqual(['fresh 0', 'sweep 0', 'sweep 100']);
    expect(outcome.kind === 'ok' && outcome.drafts).toHaveLength(200);
    expect(outcome.kind === 'ok' && JSON.parse(outcome.next.cursor!)).toEqual({ newest: cursorAt, gap: null, sweptAt: now });
  });
});

