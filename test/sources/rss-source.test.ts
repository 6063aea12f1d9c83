import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Source } from '../../src/domain/source';
import { createNodeSafeFetch } from '../../src/runtime/node/node-safe-fetch';
import { createRssSource } from '../../src/sources/rss-source';
import type { SourceIo } from '../../src/sources/source-adapter';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';

let server: FixtureServer;
const now = Date.parse('2026-11-30T10:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const io = (): SourceIo => ({ fetch: createNodeSafeFetch({ allowPrivate: true, privateAllowList: ['127.0.0.1'] }), now, topics: [] });
const rss = createRssSource({ timeoutMs: 500 });

function sourceAt(path: string, state: Partial<Source['state']> = {}): Source {
  return {
    id: 1, kind: 'rss', url: server.url(path), name: null, topicId: null, enabled: true, createdAt: 0,
    state: { etag: null, lastModified: null, cursor: null, nextCheckAt: 0, errorCount: 0, lastError: null, lastErrorKind: null, lastSuccessAt: null, ...state },
  };
}

beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});

describe('rss source', () => {
  it('turns a recorded RSS feed into drafts with text, keys, links and dates', async () => {
    const outcome = await rss.fetchMentions(sourceAt('/rss/basic'), io());
    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    expect(outcome.next).toEqual({ etag: '"5f1c-basic-v1"', lastModified: 'Mon, 30 Nov 2026 09:12:00 GMT', cursor: null });
    expect(outcome.drafts).toHaveLength(3);
    expect(outcome.nextCheckInMs).toBe(900_000);
    const [toaster, kettle, undated] = outcome.drafts;
    expect(toaster).toMatchObject({
      dedupKey: 'gadgets-weekly-4711',
      title: 'Acme Toaster X2 review: crisp, quick & quiet',
      author: 'Priya Raman',
      publishedAt: Date.parse('2026-11-30T09:00:00Z'),
    });
    expect(toaster?.text).toBe('The Acme Toaster X2 is the best toaster we have tested this year.\nIt browns evenly & it is quiet.');
    expect(kettle).toMatchObject({
      dedupKey: 'https://gadgets.example.com/2026/11/acme-kettle-broken',
      url: 'https://gadgets.example.com/2026/11/acme-kettle-broken',
      text: 'Disappointed. The lid hinge snapped and support never answered.',
      publishedAt: Date.parse('2026-11-29T17:30:00Z'),
    });
    expect(undated).toMatchObject({ url: null, publishedAt: null, text: 'Blenders, mixers and one very loud juicer.' });
    expect(undated?.dedupKey).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it.each([
    { name: 'the next day, so the re-rendered items keep the keys they were stored under', later: DAY, carried: true },
    { name: 'a week after the feed last showed them, so the same title and content is a new post', later: 7 * DAY, carried: false },
  ])('keys an item with no link like the item with its title and content the feed showed before: $name', async ({ later, carried }) => {
    // A status page that mints a guid per render and links only its maintenance notes.
    const first = await rss.fetchMentions(sourceAt('/rss/fresh-guids-render-1'), io());
    if (first.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(first)}`);
    expect(first.drafts.map((d) => d.dedupKey)).toEqual(['digest-638679672031170000', 'incident-638679672031170000-7f3a', 'maintenance-412']);
    const second = await rss.fetchMentions(sourceAt('/rss/fresh-guids-render-2', { cursor: first.next.cursor }), { ...io(), now: now + later });
    expect(second.kind === 'ok' && second.drafts.map((d) => [d.title, d.dedupKey])).toEqual([
      // Same title, new content: a new post.
      ['Daily digest', 'digest-638680536029840000'],
      ['Daily digest', carried ? 'digest-638679672031170000' : 'digest-638680536029840001'],
      ['Acme API degraded in eu-west', carried ? 'incident-638679672031170000-7f3a' : 'incident-638680536029840002-7f3a'],
      ['Scheduled maintenance', 'maintenance-412'],
    ]);
  });

  it('keys items with no guid that share one link by link and content, so none is dropped as a repeat', async () => {
    const outcome = await rss.fetchMentions(sourceAt('/rss/shared-link-render-2'), io());
    if (outcome.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(outcome)}`);
    expect(outcome.drafts.map((d) => d.title)).toEqual(['Acme API rate limits raised', 'Acme CLI 4.2', 'Acme dashboard dark mode']);
    for (const draft of outcome.drafts) expect(draft.dedupKey).toMatch(/^https:\/\/acme-cloud\.example\/changelog#sha256:[0-9a-f]{16}$/);
    expect(new Set(outcome.drafts.map((d) => d.dedupKey)).size).toBe(3);
  });

  it('sends the stored validators and reports 304 as not-modified', async () => {
    const state = { etag: '"5f1c-basic-v1"', lastModified: 'Mon, 30 Nov 2026 09:12:00 GMT' };
    const outcome = await rss.fetchMentions(sourceAt('/rss/basic', state), io());
    expect(outcome).toMatchObject({ kind: 'not-modified', next: { etag: '"5f1c-basic-v1"' } });
    expect(server.requests.at(-1)?.headers['if-none-match']).toBe('"5f1c-basic-v1"');
    expect(server.requests.at(-1)?.headers['if-modified-since']).toBe('Mon, 30 Nov 2026 09:12:00 GMT');
  });

  it('treats a 200 with the stored ETag as not-modified (servers that ignore If-None-Match)', async () => {
    const ignoring = await startFixtureServer({ routes: { '/feed': (_request, response) => response.writeHead(200, { etag: '"same"', 'content-type': 'application/rss+xml' }).end('<rss version="2.0"><channel/></rss>') } });
    const source = { ...sourceAt('/feed', { etag: '"same"' }), url: ignoring.url('/feed') };
    expect(await rss.fetchMentions(source, io())).toMatchObject({ kind: 'not-modified', next: { etag: '"same"' } });
    await ignoring.close();
  });

  it.each([
    { name: 'a 503 from a CDN', status: 503, headers: {} },
    { name: 'a 429 with Retry-After', status: 429, headers: { 'retry-after': '120' } },
  ])('fails $name that carries the stored ETag: an error is not the document we already have', async ({ status, headers }) => {
    const failing = await startFixtureServer({ routes: { '/feed': (_request, response) => response.writeHead(status, { etag: '"same"', ...headers }).end('busy') } });
    const source = { ...sourceAt('/feed', { etag: '"same"' }), url: failing.url('/feed') };
    expect(await rss.fetchMentions(source, io())).toMatchObject({ kind: 'failed', error: { kind: status === 429 ? 'rate-limited' : 'http', httpStatus: status } });
    await failing.close();
  });

  it('reads a 200 with a new ETag as new even when Last-Modified did not change', async () => {
    const body = '<rss version="2.0"><channel><item><guid>a2</guid><title>Acme a2</title></item></channel></rss>';
    const server2 = await startFixtureServer({ routes: { '/feed': (_request, response) => response.writeHead(200, { etag: '"v2"', 'last-modified': 'Mon, 30 Nov 2026 09:12:00 GMT', 'content-type': 'application/rss+xml' }).end(body) } });
    const source = { ...sourceAt('/feed', { etag: '"v1"', lastModified: 'Mon, 30 Nov 2026 09:12:00 GMT' }), url: server2.url('/feed') };
    const outcome = await rss.fetchMentions(source, io());
    expect(outcome.kind === 'ok' ? outcome.drafts.map((d) => d.dedupKey) : outcome).toEqual(['a2']);
    await server2.close();
  });

  it('fails a 304 to a request that asked nothing conditionally: it is not an answer', async () => {
    const server304 = await startFixtureServer({ routes: { '/feed': (_request, response) => response.writeHead(304).end() } });
    const outcome = await rss.fetchMentions({ ...sourceAt('/feed'), url: server304.url('/feed') }, io());
    expect(outcome).toMatchObject({ kind: 'failed', error: { kind: 'http', httpStatus: 304, message: expect.stringContaining('sent no validators') } });
    await server304.close();
  });

  it('keeps the newest items when a feed lists more than the cap, oldest first', async () => {
    const items = Array.from({ length: 5 }, (_, i) => `<item><guid>p${i}</guid><title>Acme ${i}</title><pubDate>${new Date(Date.UTC(2026, 10, 20 + i)).toUTCString()}</pubDate></item>`);
    const body = `<rss version="2.0"><channel><item><guid>undated</guid><title>Acme undated</title></item>${items.join('')}</channel></rss>`;
    const feedServer = await startFixtureServer({ routes: { '/feed': (_request, response) => response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body) } });
    const outcome = await createRssSource({ maxItems: 3 }).fetchMentions({ ...sourceAt('/feed'), url: feedServer.url('/feed') }, io());
    expect(outcome.kind === 'ok' ? outcome.drafts.map((draft) => draft.dedupKey) : outcome).toEqual(['p4', 'p3', 'p2']);
    await feedServer.close();
  });

  it('answers with the full feed when the ETag changed', async () => {
    const outcome = await rss.fetchMentions(sourceAt('/rss/basic', { etag: '"old"' }), io());
    expect(outcome.kind).toBe('ok');
  });

  it('reads Atom, with HTML titles and XHTML content', async () => {
    const outcome = await rss.fetchMentions(sourceAt('/rss/atom'), io());
    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    expect(outcome.drafts[0]).toMatchObject({
      dedupKey: 'tag:status.example.org,2026:incident-88',
      title: 'Checkout outage resolved',
      text: 'Payments failed for 40 minutes; refunds are automatic.',
      author: 'Acme Ops',
      publishedAt: Date.parse('2026-11-30T07:45:00Z'),
    });
    expect(outcome.drafts[1]).toMatchObject({ text: 'Short maintenance window on Sunday night.', publishedAt: Date.parse('2026-11-29T22:00:00Z') });
  });

  // xml2js keeps an element's text apart from its children: read as XML, "is <strong>not</strong> good"
  // came out as "is  goodnot", which matched and scored the wrong words, and an XHTML title as none.
  it('reads Atom XHTML titles and content with their words in document order', async () => {
    const outcome = await rss.fetchMentions(sourceAt('/rss/atom-xhtml'), io());
    expect(outcome.kind === 'ok' ? outcome.drafts.map(({ title, text }) => ({ title, text })) : outcome).toEqual([
      { title: 'The Acme kettle & its lid', text: 'The Acme kettle is not good: the lid still sticks after the recall.\nSupport said <wait> twice.' },
    ]);
  });

  it('resolves Atom relative links against the xml:base in scope (entry, then feed), not the feed\'s page', async () => {
    const outcome = await rss.fetchMentions(sourceAt('/rss/atom-xml-base'), io());
    expect(outcome.kind === 'ok' ? outcome.drafts.map((d) => d.url) : outcome).toEqual([
      'https://notes.example.org/blog/2026/11/acme-recall.html',
      'https://notes.example.org/blog/acme-faq',
      'https://news.example.com/acme-recall',
    ]);
  });

  it('takes a permalink guid as the link of an item that states none, unless isPermaLink="false"', async () => {
    const outcome = await rss.fetchMentions(sourceAt('/rss/guid-permalink'), io());
    expect(outcome.kind === 'ok' ? outcome.drafts.map((d) => [d.dedupKey, d.url]) : outcome).toEqual([
      ['https://toaster.example.com/2026/11/acme-x2-three-months', 'https://toaster.example.com/2026/11/acme-x2-three-months'],
      ['https://toaster.example.com/2026/11/acme-support-again', 'https://toaster.example.com/2026/11/acme-support-again'],
      ['https://toaster.example.com/?p=1182', null],
    ]);
  });

  it.each([
    { name: 'served in its place', path: '/rss-hostile/not-xml-html-page', redirected: false },
    // The URL parser writes this address as /rss-hostile/not-xml-html-page: no redirect was followed.
    { name: 'at an address the URL parser writes another way', path: '/rss-hostile/./not-xml-html-page', redirected: false },
    { name: 'behind a redirect (a login wall), its session left out', path: `/_/redirect?to=${encodeURIComponent('/rss-hostile/status-200-html-error-page?sid=s3cr3t')}&status=302`, redirected: true },
  ])('says a feed that turned into an HTML page is one: $name', async ({ path, redirected }) => {
    const outcome = await rss.fetchMentions(sourceAt(path), io());
    const where = redirected ? ` (redirected to ${server.url('/rss-hostile/status-200-html-error-page')})` : '';
    expect(outcome).toEqual({ kind: 'failed', error: { kind: 'parse', message: `an HTML page, not a feed${where}: a login or error page, or the feed moved` } });
  });

  it('reads JSON Feed 1.1, skipping what is not an item, and honours Expires', async () => {
    const outcome = await rss.fetchMentions(sourceAt('/rss/json-feed'), io());
    expect(outcome).toMatchObject({ kind: 'ok', nextCheckInMs: 2 * 60 * 60 * 1000, next: { etag: '"jf-1"' } });
    if (outcome.kind !== 'ok') return;
    expect(outcome.drafts).toEqual([
      {
        dedupKey: 'https://makers.example.dev/posts/acme-blender-teardown',
        url: 'https://makers.example.dev/posts/acme-blender-teardown',
        author: 'Sam Ortiz',
        title: 'Acme blender teardown',
        text: 'Inside the Acme blender: a solid motor & a flimsy clutch.',
        publishedAt: Date.parse('2026-11-28T19:00:00Z'),
      },
      { dedupKey: '42', url: null, author: null, title: null, text: 'Plain text note: 3 < 5 and <b> stays literal.', publishedAt: Date.parse('2026-11-27T08:00:00Z') },
      { dedupKey: 'no-date', url: 'https://elsewhere.example.com/story', author: null, title: null, text: 'A link post.', publishedAt: null },
    ]);
  });

  it('reads RSS 1.0 (RDF) with Dublin Core dates and creators', async () => {
    const outcome = await rss.fetchMentions(sourceAt('/rss/rdf'), io());
    expect(outcome).toMatchObject({
      kind: 'ok',
      drafts: [{ dedupKey: 'https://forum.example.net/t/1001', author: 'coldfeet', text: 'Mine clicks every ten minutes. Anyone else?', publishedAt: Date.parse('2026-11-29T20:15:00Z') }],
    });
  });

  it('lets the publisher\'s <ttl> slow polling when it says more than Cache-Control', async () => {
    expect(await rss.fetchMentions(sourceAt('/rss/rss-ttl'), io())).toMatchObject({ kind: 'ok', nextCheckInMs: 120 * 60_000 });
  });

  it('reads a Google Alerts feed: HTML titles to text, links unwrapped from Google\'s redirector', async () => {
    const outcome = await rss.fetchMentions(sourceAt('/rss/google-alerts'), io());
    expect(outcome).toMatchObject({
      kind: 'ok',
      drafts: [
        {
          dedupKey: 'tag:google.com,2013:googlealerts/feed:13337421337421337421',
          url: 'https://news.example.com/business/acme-kettle-recall?utm_source=google',
          title: 'Acme recalls 40,000 kettles after lid failures',
          text: 'Acme said on Monday it would recall the kettles after customers reported the hinge snapping ...',
          author: null,
          publishedAt: Date.parse('2026-11-30T09:41:15Z'),
        },
        { url: 'https://blog.example.org/returned-acme-toaster/', text: 'It browned one side only. Acme support offered a voucher.' },
      ],
    });
  });

  it('reads a YouTube channel feed, taking the text from media:description', async () => {
    const outcome = await rss.fetchMentions(sourceAt('/rss/youtube-channel'), io());
    expect(outcome).toMatchObject({
      kind: 'ok',
      nextCheckInMs: 900_000,
      drafts: [
        {
          dedupKey: 'yt:video:dQw4acmeX01',
          url: 'https://www.youtube.com/watch?v=dQw4acmeX01',
          title: 'Acme Toaster X2 — 30 days later',
          text: 'After a month of daily use the Acme X2 still toasts evenly, but the crumb tray rattles.\nTimestamps: 0:00 intro, 2:10 toast test.',
          author: 'Appliance Honest Reviews',
          publishedAt: Date.parse('2026-11-29T15:00:07Z'),
        },
      ],
    });
  });

  it('decodes with the charset the XML prolog declares', async () => {
    const outcome = await rss.fetchMentions(sourceAt('/rss/latin1-prolog'), io());
    expect(outcome).toMatchObject({ kind: 'ok', drafts: [{ title: 'Acme: déçu par la cafetière', text: 'Très déçu, ça fuit.' }] });
  });

  it('reads a gzip-encoded feed', async () => {
    expect(await rss.fetchMentions(sourceAt('/rss/basic?encoding=gzip'), io())).toMatchObject({ kind: 'ok' });
  });

  it('returns no drafts for an empty feed', async () => {
    expect(await rss.fetchMentions(sourceAt('/rss/empty'), io())).toMatchObject({ kind: 'ok', drafts: [] });
  });

  it.each([
    ['a malformed feed', '/rss/malformed', { kind: 'parse' }],
    ['a server that hangs', '/_/hang', { kind: 'timeout' }],
    ['a 50 MB body', '/_/large?mb=50', { kind: 'too-large' }],
    ['a reset connection', '/_/reset', { kind: 'network' }],
    ['429 with Retry-After seconds', '/_/status/429?retry-after=120', { kind: 'rate-limited', httpStatus: 429, retryAfterMs: 120_000 }],
    ['503 with Retry-After date', `/_/status/503?retry-after=${encodeURIComponent('Mon, 30 Nov 2026 10:05:00 GMT')}`, { kind: 'rate-limited', httpStatus: 503, retryAfterMs: 300_000 }],
    ['429 without Retry-After', '/_/status/429', { kind: 'rate-limited', httpStatus: 429 }],
    ['500', '/_/status/500', { kind: 'http', httpStatus: 500 }],
    ['404', '/_/status/404', { kind: 'http', httpStatus: 404 }],
    ['a redirect into a private address', `/_/redirect?to=${encodeURIComponent('http://10.0.0.7/feed')}`, { kind: 'blocked' }],
    ['a redirect to a loopback alias', `/_/redirect?to=${encodeURIComponent('http://127.0.0.2/feed')}`, { kind: 'blocked' }],
  ])('classifies %s', async (_name, path, error) => {
    // A short deadline only where the deadline is what is tested: on a loaded machine a 500 once took
    // longer than 300 ms to arrive and was classified as a timeout.
    const timeoutMs = error.kind === 'timeout' ? 300 : 10_000;
    const outcome = await createRssSource({ timeoutMs, maxBytes: 1024 * 1024 }).fetchMentions(sourceAt(path), io());
    expect(outcome).toMatchObject({ kind: 'failed', error });
  });
});
