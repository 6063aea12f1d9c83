import { afterEach, describe, expect, it } from 'vitest';
import type { Source } from '../../src/domain/source';
import type { Topic } from '../../src/domain/topic';
import { createNodeSafeFetch } from '../../src/runtime/node/node-safe-fetch';
import { createHackerNewsSource, describeHackerNewsLimits } from '../../src/sources/hackernews-source';
import type { FetchOutcome, SourceIo } from '../../src/sources/source-adapter';
import { algoliaIndex, commentHit } from '../support/algolia-index';
import { startFixtureServer, type FixtureHandler, type FixtureServer } from '../support/fixture-server';

const now = Date.parse('2026-11-30T10:00:00Z');
const acme: Topic = { id: 7, name: 'Acme', query: 'acme', enabled: true, createdAt: 0, updatedAt: 0 };
let server: FixtureServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

async function serve(cases: string | string[] | FixtureHandler): Promise<FixtureServer> {
  server = await startFixtureServer({ routes: { '/api/v1/search_by_date': cases } });
  return server;
}

const io = (topics: Topic[] = [acme]): SourceIo => ({ fetch: createNodeSafeFetch({ allowPrivate: true, privateAllowList: ['127.0.0.1'] }), now, topics });

function searchSource(origin: string, state: Partial<Source['state']> = {}, topicId: number | null = 7): Source {
  return {
    id: 3, kind: 'hackernews', url: origin, name: null, topicId, enabled: true, createdAt: 0,
    state: { etag: null, lastModified: null, cursor: null, nextCheckAt: 0, errorCount: 0, lastError: null, lastErrorKind: null, lastSuccessAt: null, ...state },
  };
}

function summarize(outcome: FetchOutcome) {
  return outcome.kind === 'ok' ? { kind: 'ok', drafts: outcome.drafts.length, partial: outcome.partial } : outcome;
}

/** A cursor as a crawl at `sweptAt` leaves it: its late sweep not due again for an hour. */
function sweptCursor(newest: number, sweptAt = now, gap: { after: number; before: number } | null = null): string {
  return JSON.stringify({ newest, gap, sweptAt });
}

function queryOf(path: string): URLSearchParams {
  return new URL(path, 'http://x').searchParams;
}

describe('hacker news source', () => {
  it('turns stories and comments into drafts: text from HTML, article links, points and comments as engagement', async () => {
    const { origin, requests } = await serve('hackernews/search-page');
    const outcome = await createHackerNewsSource().fetchMentions(searchSource(origin), io());
    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    // The look-back read the late sweep's hours too: the first sweep is an hour away.
    expect(outcome.next).toEqual({ etag: null, lastModified: null, cursor: sweptCursor(1796031667) });
    const [comment, story, ask, ...rest] = outcome.drafts;
    expect(rest).toEqual([]);
    expect(comment).toEqual({
      dedupKey: 'https://news.ycombinator.com/item?id=42391377',
      url: 'https://news.ycombinator.com/item?id=42391377',
      author: 'kettlewatch',
      title: null,
      text: 'The Acme toaster recall is a mess. Support told me to "wait for an email" three weeks ago.\nNobody has heard anything since.',
      publishedAt: Date.parse('2026-11-30T09:41:07Z'),
      engagement: { likes: null, reposts: null, replies: null, score: null },
    });
    expect(story).toMatchObject({
      dedupKey: 'https://news.ycombinator.com/item?id=42391150',
      url: 'https://news.example.com/2026/11/acme-toaster-recall',
      title: 'Acme recalls 40,000 toasters over fire risk',
      text: 'Acme recalls 40,000 toasters over fire risk',
      engagement: { likes: null, reposts: null, replies: 57, score: 212 },
    });
    expect(ask).toMatchObject({
      url: 'https://news.ycombinator.com/item?id=42390433',
      text: 'Has anyone had luck getting a refund from Acme? Their chat bot loops forever.',
      engagement: { replies: 0, score: 1 },
    });
    const query = queryOf(requests[0]!.path);
    expect(Object.fromEntries(query)).toEqual({
      query: 'acme',
      tags: '(story,comment)',
      numericFilters: `created_at_i>${(now - 24 * 3600_000) / 1000}`,
      hitsPerPage: '100',
      page: '0',
    });
    expect(requests[0]!.headers['user-agent']).toMatch(/^Earshot\//);
  });

  it('asks only for what is newer than 5 minutes before its cursor, and drops anything older the server sends anyway', async () => {
    const { origin, requests } = await serve('hackernews/search-page');
    const outcome = await createHackerNewsSource().fetchMentions(searchSource(origin, { cursor: sweptCursor(1796031600) }), io());
    expect(requests.map((r) => queryOf(r.path).get('numericFilters'))).toEqual(['created_at_i>1796031300']);
    expect(outcome).toMatchObject({ kind: 'ok', next: { cursor: sweptCursor(1796031667) } });
    expect(outcome.kind === 'ok' && outcome.drafts.map((d) => d.dedupKey)).toEqual(['https://news.ycombinator.com/item?id=42391377']);
  });

  // Algolia indexes what HN's update stream hands over, not in creation order (algolia/hn-search#56): a
  // comment written before the newest hit read can be indexed after the crawl that read it.
  it('hears a hit Algolia indexed after a newer one was read, when it is at most 5 minutes older than the cursor', async () => {
    const { origin } = await serve('hackernews/search-page');
    const outcome = await createHackerNewsSource().fetchMentions(searchSource(origin, { cursor: sweptCursor(1796031700) }), io());
    expect(outcome.kind === 'ok' && outcome.drafts.map((d) => d.dedupKey)).toEqual(['https://news.ycombinator.com/item?id=42391377']);
    expect(outcome).toMatchObject({ kind: 'ok', next: { cursor: sweptCursor(1796031700) } });
  });

  it('counts a hit dated in the future as now: the cursor never waits for year 9999', async () => {
    const hits = [
      { objectID: '1', created_at_i: 253402300799, _tags: ['story'], author: 'x', title: 'Acme from the future', url: null, points: 1, num_comments: 0 },
      { objectID: '2', created_at_i: now / 1000 - 60, _tags: ['story'], author: 'y', title: 'Acme today', url: null, points: 1, num_comments: 0 },
    ];
    server = await startFixtureServer({ routes: { '/api/v1/search_by_date': (_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ hits, nbPages: 1, page: 0 })) } });
    const outcome = await createHackerNewsSource().fetchMentions(searchSource(server.origin, { cursor: sweptCursor(now / 1000 - 3600) }), io());
    expect(outcome).toMatchObject({ kind: 'ok', next: { cursor: sweptCursor(now / 1000) } });
  });

  // Algolia changing a field's type would otherwise leave the source hearing nothing while it reports healthy.
  it.each([
    {
      name: 'none can be read (created_at_i sent as a string): a parse failure, so the cursor stays',
      fixture: 'hackernews/search-page-string-times',
      expected: { kind: 'failed', error: { kind: 'parse', message: 'could not read any of 5 hits: created_at_i: expected number, received string' } },
    },
    {
      name: 'one of five cannot be read: the others are kept, and the source says so without losing coverage',
      fixture: 'hackernews/search-page',
      expected: { kind: 'ok', drafts: 3, partial: { message: '1 of 5 hits skipped: created_at_i: missing (expected number)', coverageLost: false } },
    },
    { name: 'all can be read: no note', fixture: 'hackernews/search-page-2', expected: { kind: 'ok', drafts: 100, partial: undefined } },
  ])('counts the hits it cannot read: $name', async ({ fixture, expected }) => {
    const { origin } = await serve(fixture);
    const outcome = await createHackerNewsSource({ maxPages: 1 }).fetchMentions(searchSource(origin), io());
    expect(summarize(outcome)).toEqual(expected);
  });

  it('keeps its cursor when nothing is new', async () => {
    const { origin } = await serve('hackernews/search-empty');
    const outcome = await createHackerNewsSource().fetchMentions(searchSource(origin, { cursor: sweptCursor(1796031667) }), io());
    expect(outcome).toEqual({ kind: 'ok', drafts: [], next: { etag: null, lastModified: null, cursor: sweptCursor(1796031667) } });
  });

  it.each([
    { name: 'a cursor in the future', cursor: '1999999999' },
    { name: 'a cursor that is not a number', cursor: 'garbage' },
  ])('falls back to the backfill window for $name', async ({ cursor }) => {
    const { origin, requests } = await serve('hackernews/search-empty');
    await createHackerNewsSource({ backfillMs: 3600_000 }).fetchMentions(searchSource(origin, { cursor }), io());
    expect(queryOf(requests[0]!.path).get('numericFilters')).toBe(`created_at_i>${(now - 3600_000) / 1000}`);
  });

  it.each([
    { name: 'follows nbPages up to its page budget', maxPages: 3, requests: 2 },
    { name: 'stops at its page budget', maxPages: 1, requests: 1 },
  ])('pagination $name', async ({ maxPages, requests: expected }) => {
    const { origin, requests } = await serve(['hackernews/search-page-2', 'hackernews/search-empty']);
    const outcome = await createHackerNewsSource({ maxPages }).fetchMentions(searchSource(origin), io());
    expect(requests).toHaveLength(expected);
    expect(requests.map((r) => queryOf(r.path).get('page'))).toEqual(['0', '1'].slice(0, expected));
    expect(outcome.kind === 'ok' && outcome.drafts).toHaveLength(100);
  });

  it('remembers the part of a burst its page budget could not read, and reads it on the next crawl', async () => {
    const start = (now - 24 * 3600_000) / 1000;
    const burst = await serve('hackernews/search-page-2');
    const first = await createHackerNewsSource({ maxPages: 1 }).fetchMentions(searchSource(burst.origin), io());
    const cursor = first.kind === 'ok' ? first.next.cursor : null;
    expect(cursor).toBe(sweptCursor(1796032000, now, { after: start, before: 1796031010 }));
    await server?.close();
    const { origin, requests } = await serve('hackernews/search-empty');
    const second = await createHackerNewsSource({ maxPages: 1 }).fetchMentions(searchSource(origin, { cursor }), io());
    expect(requests.map((r) => queryOf(r.path).get('numericFilters'))).toEqual([`created_at_i>${start},created_at_i<=1796031010`, 'created_at_i>1796031700']);
    expect(second).toMatchObject({ kind: 'ok', next: { cursor: sweptCursor(1796032000) } });
  });

  it('reads the 5 minutes before its old cursor when it reads the gap a cut-short crawl left', async () => {
    const cursor = 1796031000;
    const burst = await serve('hackernews/search-page-2');
    const first = await createHackerNewsSource({ maxPages: 1 }).fetchMentions(searchSource(burst.origin, { cursor: String(cursor) }), io());
    const next = first.kind === 'ok' ? first.next.cursor : null;
    expect(JSON.parse(next!)).toEqual({ newest: 1796032000, gap: { after: cursor - 300, before: 1796031010 } });
    await server?.close();
    // Indexed after the first crawl, written 3 minutes before its cursor: the overlap would have read it.
    const late = { objectID: '42390990', created_at_i: cursor - 180, _tags: ['comment', 'author_late', 'story_42391150'], author: 'late', comment_text: 'Acme finally answered me', points: null, num_comments: null };
    server = await startFixtureServer({
      routes: {
        '/api/v1/search_by_date': (request, response) => {
          const inGap = queryOf(request.url!).get('numericFilters')!.includes('<=');
          response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ hits: inGap ? [late] : [], nbPages: 1, page: 0, hitsPerPage: 100 }));
        },
      },
    });
    const second = await createHackerNewsSource({ maxPages: 1 }).fetchMentions(searchSource(server.origin, { cursor: next }), io());
    expect(second.kind === 'ok' && second.drafts.map((d) => d.dedupKey)).toEqual(['https://news.ycombinator.com/item?id=42390990']);
    expect(second).toMatchObject({ kind: 'ok', next: { cursor: '1796032000' } });
  });

  it('searches each alternative of an OR query (Algolia has no OR) and counts a hit found twice once', async () => {
    const { origin, requests } = await serve('hackernews/search-page');
    const topic = { ...acme, query: 'acme OR "road runner" -coyote' };
    const outcome = await createHackerNewsSource().fetchMentions(searchSource(origin), io([topic]));
    expect(requests.map((r) => queryOf(r.path).get('query'))).toEqual(['acme', 'road runner']);
    expect(outcome.kind === 'ok' && outcome.drafts).toHaveLength(3);
  });

  it('a source serving all topics searches for every enabled topic', async () => {
    const { origin, requests } = await serve('hackernews/search-empty');
    const topics = [acme, { ...acme, id: 8, query: 'globex' }, { ...acme, id: 9, query: 'initech', enabled: false }];
    await createHackerNewsSource().fetchMentions(searchSource(origin, {}, null), io(topics));
    expect(requests.map((r) => queryOf(r.path).get('query'))).toEqual(['acme', 'globex']);
  });

  it('fails visibly when its topic is gone or has no usable query', async () => {
    const { origin, requests } = await serve('hackernews/search-page');
    const outcome = await createHackerNewsSource().fetchMentions(searchSource(origin, {}, 99), io());
    expect(outcome).toMatchObject({ kind: 'failed', error: { kind: 'parse' } });
    expect(requests).toHaveLength(0);
  });

  it('states its limits and needs no credentials', () => {
    const limits = describeHackerNewsLimits(searchSource('https://hn.algolia.com'));
    expect(limits.missingCredentials).toEqual([]);
    expect(limits.rateBudget).toMatch(/10,000 requests an hour/);
  });
});

const nowSeconds = now / 1000;
const minute = 60_000;

describe('hacker news late sweep', () => {
  const cursorAt = nowSeconds - 600;
  const fresh = `created_at_i>${cursorAt - 300}`;
  const sweep = `created_at_i>${cursorAt - 300 - 6 * 3600},created_at_i<=${cursorAt - 300}`;

  // Algolia lists what HN's update stream hands over, sometimes long after it was written: such a hit is
  // older than the fresh window by the time it is listed, and only a sweep of the hours before hears it.
  it.each([
    { name: 'due: its last sweep an hour ago', cursor: sweptCursor(cursorAt, now - 60 * minute), asked: [fresh, sweep], sweptAt: now },
    { name: 'never swept: a cursor written before sweeps', cursor: String(cursorAt), asked: [fresh, sweep], sweptAt: now },
    { name: 'a sweep time in the future (a clock set back)', cursor: sweptCursor(cursorAt, now + 5 * minute), asked: [fresh, sweep], sweptAt: now },
    { name: 'not due: its last sweep 59 minutes ago', cursor: sweptCursor(cursorAt, now - 59 * minute), asked: [fresh], sweptAt: now - 59 * minute },
    {
      name: 'not while a gap is open: the page budget goes to the burst first',
      cursor: sweptCursor(cursorAt, now - 2 * 60 * minute, { after: cursorAt - 7200, before: cursorAt - 3600 }),
      asked: [`created_at_i>${cursorAt - 7200},created_at_i<=${cursorAt - 3600}`, fresh],
      sweptAt: now - 2 * 60 * minute,
    },
  ])('sweeps the 6 hours before its fresh window at most hourly: $name', async ({ cursor, asked, sweptAt }) => {
    const late = commentHit('42391500', nowSeconds - 40 * 60, 'Acme never refunded me either');
    const { origin, requests } = await serve(algoliaIndex([late]));
    const outcome = await createHackerNewsSource().fetchMentions(searchSource(origin, { cursor }), io());
    expect(requests.map((r) => queryOf(r.path).get('numericFilters'))).toEqual(asked);
    expect(outcome.kind === 'ok' && outcome.drafts.map((d) => d.publishedAt)).toEqual(asked.includes(sweep) ? [late.created_at_i * 1000] : []);
    expect(outcome.kind === 'ok' && JSON.parse(outcome.next.cursor!)).toMatchObject({ newest: cursorAt, sweptAt });
    // What a sweep hears revises its buckets; the crawl is no backfill for it (see the crawl test).
    expect(outcome.kind === 'ok' && outcome.revisesUpTo).toBe(asked.includes(sweep) ? (cursorAt - 300) * 1000 : undefined);
  });

  it('hears a hit listed 40 minutes late on the next sweep, and sweeps no more than once an hour', async () => {
    const listed = [commentHit('42391500', nowSeconds - 40 * 60, 'Acme never refunded me either')];
    const { origin, requests } = await serve(algoliaIndex(listed));
    const hn = createHackerNewsSource();
    const crawl = async (cursor: string | null, at: number) => {
      const outcome = await hn.fetchMentions(searchSource(origin, { cursor }), { ...io(), now: at });
      if (outcome.kind !== 'ok') throw new Error(`crawl failed: ${JSON.stringify(outcome)}`);
      return { heard: outcome.drafts.map((d) => d.dedupKey.split('=')[1]), cursor: outcome.next.cursor };
    };
    const first = await crawl(sweptCursor(cursorAt, now - 61 * minute), now);
    expect(first.heard).toEqual(['42391500']);
    // Written 50 minutes before the next crawl, listed only from then on: older than its fresh window.
    listed.push(commentHit('42391600', nowSeconds - 20 * 60, 'Acme support closed my ticket unanswered'));
    const second = await crawl(first.cursor, now + 30 * minute);
    expect(second.heard).toEqual([]);
    expect(requests).toHaveLength(3);
    const third = await crawl(second.cursor, now + 61 * minute);
    // The first late hit is read again too: the store drops what it has (see the crawl test).
    expect(third.heard).toEqual(['42391600', '42391500']);
    expect(JSON.parse(third.cursor!)).toEqual({ newest: cursorAt, gap: null, sweptAt: now + 61 * minute });
  });

  it('keeps the fresh read and its cursor when the sweep fails, and says so without losing coverage', async () => {
    const freshHit = commentHit('42391700', nowSeconds - 60, 'Acme shipped the fix');
    const { origin, requests } = await serve(algoliaIndex([freshHit, commentHit('42391500', nowSeconds - 40 * 60, 'Acme never refunded me either')], { refuseRanges: true }));
    const outcome = await createHackerNewsSource().fetchMentions(searchSource(origin, { cursor: sweptCursor(cursorAt, now - 61 * minute) }), io());
    expect(requests).toHaveLength(2);
    expect(outcome).toMatchObject({
      kind: 'ok',
      drafts: [expect.objectContaining({ dedupKey: 'https://news.ycombinator.com/item?id=42391700' })],
      // A failed sweep counts as one: a service refusing it is not asked again on every crawl.
      next: { cursor: sweptCursor(nowSeconds - 60) },
      partial: { message: 'late sweep failed (HTTP 500); the next one reads its hours again', coverageLost: false },
    });
    expect(outcome.kind === 'ok' && outcome.drafts).toHaveLength(1);
  });

  it('reads a busy sweep newest first within the page budget per query, and leaves no gap for what it could not reach', async () => {
    const listed = Array.from({ length: 250 }, (_, i) => commentHit(String(42392000 + i), cursorAt - 400 - i * 60, `Acme complaint ${i}`));
    const { origin, requests } = await serve(algoliaIndex(listed));
    const topic = { ...acme, query: 'acme OR "road runner"' };
    const outcome = await createHackerNewsSource({ maxPages: 2 }).fetchMentions(searchSource(origin, { cursor: sweptCursor(cursorAt, now - 61 * minute) }), io([topic]));
    const asked = requests.map((r) => `${queryOf(r.path).get('query')} ${queryOf(r.path).get('numericFilters') === sweep ? 'sweep' : 'fresh'} ${queryOf(r.path).get('page')}`);
    expect(asked).toEqual(['acme fresh 0', 'road runner fresh 0', 'acme sweep 0', 'acme sweep 1', 'road runner sweep 0', 'road runner sweep 1']);
    expect(outcome.kind === 'ok' && outcome.drafts).toHaveLength(200);
    expect(outcome.kind === 'ok' && outcome.drafts[0]!.publishedAt).toBe((cursorAt - 400) * 1000);
    expect(outcome.kind === 'ok' && JSON.parse(outcome.next.cursor!)).toEqual({ newest: cursorAt, gap: null, sweptAt: now });
  });
});
