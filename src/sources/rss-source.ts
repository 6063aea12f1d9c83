import type { MentionDraft } from '../domain/mention';
import { fetchAddressOf, type Source } from '../domain/source';
import { freshnessLifetimeMs, nextCheckInMs } from '../http/cache-lifetime';
import type { SafeResponse } from '../http/safe-fetch';
import { decodeFeedBytes } from './decode-feed-bytes';
import { deriveDedupKey, sharedLinkKey } from './dedup-key';
import { htmlToText } from './html-to-text';
import { carryLinklessItemKeys } from './linkless-item-keys';
import { failureFromFetch, failureFromStatus } from './http-failure';
import { parseFeedDocument } from './parse-feed-document';
import type { FeedItem, ParsedFeed } from './parsed-feed';
import type { FetchOutcome, SourceAdapter, SourceCursor, SourceIo } from './source-adapter';
import { unwrapRedirectLink } from './unwrap-redirect-link';

export interface RssSourceOptions {
  /** Decoded bytes of one feed document; larger feeds fail as too-large. */
  maxBytes?: number;
  timeoutMs?: number;
  /** Items taken from one document, in document order (feeds list newest first). */
  maxItems?: number;
}

/**
 * 4 MiB of feed: the XML parser builds one string piece per entity and text run, so an entity-dense
 * document costs about 25 times its size while parsing (measured in test/sources/hostile-feeds.test.ts).
 * At 5 MB the worst case peaked at 205–256 MB resident depending on machine load; 4 MiB keeps it well
 * under 256 MB. Real feeds this large are rare podcast archives, not what Earshot listens to.
 */
const defaults = { maxBytes: 4 * 1024 * 1024, timeoutMs: 20_000, maxItems: 500 };

const acceptFeeds = 'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, application/json;q=0.7, */*;q=0.5';

/**
 * RSS 0.9x/1.0/2.0, Atom and JSON Feed behind one adapter. Conditional GET with the stored ETag and
 * Last-Modified (a 304 costs the host nothing and us no parsing), Retry-After honoured, every failure
 * classified, the document decoded and parsed by our own guarded code (see parse-xml-feed.ts), and a
 * feed that moved for good fetched at its new address (see movedToAfter).
 */
export function createRssSource(options: RssSourceOptions = {}): SourceAdapter {
  const limits = { ...defaults, ...options };
  return {
    keysMayChange: true,
    async fetchMentions(source: Source, io: SourceIo): Promise<FetchOutcome> {
      const address = fetchAddressOf(source);
      const result = await io.fetch({ url: address, headers: conditionalHeaders(source), timeoutMs: limits.timeoutMs, maxBytes: limits.maxBytes });
      if (result.kind === 'failed') return { kind: 'failed', error: failureFromFetch(result) };
      const next = nextCursor(source, result);
      const lifetime = freshnessLifetimeMs(result.headers, io.now);
      if (result.status === 304 && !source.state.etag && !source.state.lastModified) {
        // Nothing was asked conditionally, so "not modified" says nothing: a proxy or a broken server.
        return { kind: 'failed', error: { kind: 'http', message: 'HTTP 304 Not Modified to a request that sent no validators (no ETag or Last-Modified was stored)', httpStatus: 304 } };
      }
      if (result.status === 304) return withNextCheck({ kind: 'not-modified', next }, nextCheckInMs([lifetime]));
      // Before the validators: an error answer carrying the stored ETag (a CDN's 503 or 429 beside a
      // cached copy's headers) is a failure with its Retry-After, not the document we already have.
      if (result.status < 200 || result.status > 299) return { kind: 'failed', error: failureFromStatus(result, io.now) };
      if (isUnchanged(source, result)) return withNextCheck({ kind: 'not-modified', next }, nextCheckInMs([lifetime]));
      const contentType = result.headers.get('content-type');
      let feed: ParsedFeed;
      let text = '';
      try {
        text = decodeFeedBytes(result.body, contentType);
        feed = await parseFeedDocument(text, contentType);
      } catch (error) {
        const message = isHtmlPage(text, contentType) ? htmlPageMessage(result) : error instanceof Error ? error.message : String(error);
        return { kind: 'failed', error: { kind: 'parse', message } };
      }
      const read = await toDrafts(newestItems(feed.items, limits.maxItems), { feedLink: feed.link ?? result.url, feedBase: feed.base, documentUrl: result.url });
      const { drafts, cursor } = await carryLinklessItemKeys(read, source.state.cursor, io.now);
      return withNextCheck({ kind: 'ok', drafts, next: { ...next, cursor } }, nextCheckInMs([lifetime, feed.ttlMinutes === null ? null : feed.ttlMinutes * 60_000]));
    },
  };
}

export const rssSource = createRssSource();

/** A web page where the feed was: it opens as HTML, or says it is HTML and is no feed. */
function isHtmlPage(text: string, contentType: string | null): boolean {
  return /^\s*<(?:!doctype\s+html|html)\b/i.test(text.slice(0, 1_024)) || /^\s*(?:text\/html|application\/xhtml\+xml)\b/i.test(contentType ?? '');
}

/**
 * A feed that turned into a web page is most often a login wall or a site that moved its feed (a
 * redirect to the front page). The parser's own words ("Feed not recognized as RSS 1 or 2") told the
 * operator neither; this names what came back and where from, without the query string (a login
 * page's can carry a session or a return address with the feed's token).
 */
function htmlPageMessage(response: SafeResponse): string {
  const page = new URL(response.url);
  // Whether a redirect was followed, not whether the URLs' texts differ: the URL parser writes
  // `https://x` as `https://x/`, and that is the same address.
  const where = response.redirectChain === 'none' ? '' : ` (redirected to ${page.origin}${page.pathname})`;
  return `an HTML page, not a feed${where}: a login or error page, or the feed moved`;
}

function withNextCheck<T extends FetchOutcome>(outcome: T, inMs: number | undefined): T {
  return inMs === undefined ? outcome : { ...outcome, nextCheckInMs: inMs };
}

function conditionalHeaders(source: Source): Record<string, string> {
  const headers: Record<string, string> = { accept: acceptFeeds };
  if (source.state.etag) headers['if-none-match'] = source.state.etag;
  if (source.state.lastModified) headers['if-modified-since'] = source.state.lastModified;
  return headers;
}

/**
 * A 200 carrying the validators we already stored is the document we already stored: servers that
 * ignore If-None-Match still send the same ETag (miniflux treats it the same way). The ETag decides
 * when there is one: a new ETag beside an unchanged Last-Modified (a CMS that dates the feed by its
 * template, not its posts) is a new document, and reading it as unchanged lost its new items.
 */
function isUnchanged(source: Source, response: SafeResponse): boolean {
  const etag = response.headers.get('etag');
  if (etag !== null && source.state.etag) return etag === source.state.etag;
  const lastModified = response.headers.get('last-modified');
  return lastModified !== null && lastModified === source.state.lastModified;
}

/**
 * At most `max` items, the newest by stated date (undated ones after, in document order): feeds that
 * list oldest first must not lose their newest posts to the cap.
 */
function newestItems(items: FeedItem[], max: number): FeedItem[] {
  if (items.length <= max) return items;
  const ranked = items.map((item, index) => ({ item, index }));
  ranked.sort((a, b) => (b.item.publishedAt ?? -Infinity) - (a.item.publishedAt ?? -Infinity) || a.index - b.index);
  return ranked.slice(0, max).map(({ item }) => item);
}

/**
 * Validators from this answer, or the ones we sent when a 304 omits them (RFC 9110 §15.4.5 lets it).
 * The cursor (the keys of linkless items, see carryLinklessItemKeys) is kept until a document is read.
 * Only a success is stored, so a move is remembered only where a feed (or a 304) answered.
 */
function nextCursor(source: Source, response: SafeResponse): SourceCursor {
  const movedTo = movedToAfter(source, response);
  return {
    etag: response.headers.get('etag') ?? (response.status === 304 ? source.state.etag : null),
    lastModified: response.headers.get('last-modified') ?? (response.status === 304 ? source.state.lastModified : null),
    cursor: source.state.cursor,
    ...(movedTo !== undefined ? { movedTo } : {}),
  };
}

/** The longest URL the API takes for a source (src/api/url-field.ts): a new address must fit the config it goes into. */
const maxAddressLength = 2048;

/**
 * Where to fetch the feed from next time, when every redirect to this answer was a permanent move
 * (301/308: RFC 9110 §15.4.2 and §15.4.9 let a client replace its references to the old URL);
 * undefined leaves it as it is, null goes back to the source's own URL (it moved back home). One
 * temporary redirect (302/303/307) in the chain changes nothing: that URL is only for now. The address
 * is asked through the URL guard on every crawl like any other.
 *
 * A remembered address that later fails (404, 410, gone from DNS) is kept, failing and backing off like
 * any source, with its "moved to" shown beside the error: the old URL said for good that it is not the
 * feed any more, and its domain may have lapsed to someone else. The operator updates the URL (PATCH,
 * or the config), and naming the URL in a PATCH, even the same one, goes back to it.
 */
function movedToAfter(source: Source, response: SafeResponse): string | null | undefined {
  if (response.redirectChain !== 'all-permanent') return undefined;
  const final = new URL(response.url);
  final.hash = '';
  if (URL.canParse(source.url) && final.href === new URL(source.url).href) return null;
  return final.href.length <= maxAddressLength ? final.href : undefined;
}

/**
 * One draft per distinct key, first occurrence wins: feeds repeat guids, and the store would reject the
 * copy anyway. Items with no guid are keyed by their link, and a release-notes or status feed may link
 * every item to one page: those items are keyed by link and content (sharedLinkKey), else all but the
 * first were dropped as repeats, in this document and every later one. An item keeps its plain link key
 * while no other guidless item of the document shares the link, so the keys of ordinary feeds stay as
 * they were stored.
 */
async function toDrafts(items: FeedItem[], bases: LinkBases): Promise<MentionDraft[]> {
  const read: { draft: MentionDraft; guidless: boolean }[] = [];
  for (const item of items) {
    const draft = await toDraft(item, bases);
    if (draft !== null) read.push({ draft, guidless: (item.guid?.trim() ?? '') === '' });
  }
  const guidlessLinks = new Map<string, number>();
  for (const { draft, guidless } of read) if (guidless && draft.url !== null) guidlessLinks.set(draft.url, (guidlessLinks.get(draft.url) ?? 0) + 1);
  const drafts: MentionDraft[] = [];
  const seen = new Set<string>();
  for (const { draft, guidless } of read) {
    const sharesLink = guidless && draft.url !== null && (guidlessLinks.get(draft.url) ?? 0) > 1;
    const keyed = sharesLink && draft.url !== null ? { ...draft, dedupKey: await sharedLinkKey(draft.url, draft.title, draft.text) } : draft;
    if (seen.has(keyed.dedupKey)) continue;
    seen.add(keyed.dedupKey);
    drafts.push(keyed);
  }
  return drafts;
}

async function toDraft(item: FeedItem, bases: LinkBases): Promise<MentionDraft | null> {
  const title = item.title === null ? null : htmlToText(item.title, 1_000) || null;
  const body = item.html === null ? '' : htmlToText(item.html);
  const url = absoluteHttpUrl(item.link, [xmlBaseInScope(item, bases), bases.feedLink, bases.documentUrl]);
  const text = body || title || '';
  if (text === '' && url === null && item.guid === null) return null;
  const dedupKey = await deriveDedupKey({ guid: item.guid, url, title, text });
  const author = item.author === null ? null : htmlToText(item.author, 200) || null;
  return { dedupKey, url, author, title, text, publishedAt: item.publishedAt };
}

/** What an item's relative link may resolve against. */
interface LinkBases {
  /** The feed's own link (its web page); RSS has no xml:base, and its relative links mean that site. */
  feedLink: string;
  feedBase: string | null;
  /** Where the document was read from, after redirects. */
  documentUrl: string;
}

/**
 * The xml:base in scope for an item (XML Base, RFC 4287 §2): the item's, resolved against the feed's,
 * resolved against the document URL; null when neither states one. Blogs that serve Atom with
 * `xml:base` and relative links had their items linked to the wrong pages (404s), and under story
 * keys that never met the same post seen through another source.
 */
function xmlBaseInScope(item: FeedItem, bases: LinkBases): string | null {
  let base: string | null = null;
  for (const stated of [bases.feedBase, item.base]) {
    if (stated !== null && URL.canParse(stated, base ?? bases.documentUrl)) base = new URL(stated, base ?? bases.documentUrl).href;
  }
  return base;
}

/** Item links resolved against the first base that takes them (xml:base, the feed's link, the document URL); only http(s) survive. */
function absoluteHttpUrl(link: string | null, bases: (string | null)[]): string | null {
  const trimmed = link?.trim() ?? '';
  if (trimmed === '' || trimmed.length > 4_096) return null;
  for (const base of bases) {
    if (base === null) continue;
    try {
      const url = new URL(trimmed, base);
      return url.protocol === 'http:' || url.protocol === 'https:' ? unwrapRedirectLink(url.href) : null;
    } catch {
      // try the next base
    }
  }
  return null;
}
