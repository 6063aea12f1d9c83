import type { Source } from '../domain/source';
import { countMalformedItems, type ItemRead } from './count-malformed-items';
import { decodeFeedBytes } from './decode-feed-bytes';
import { failureFromRateLimitedStatus } from './fetch-source-json';
import { htmlToText } from './html-to-text';
import { failureFromFetch } from './http-failure';
import { parseFeedDocument } from './parse-feed-document';
import type { FeedItem } from './parsed-feed';
import { withoutRemovedMarker } from './reddit-listing';
import type { ReadRedditPage, RedditEntry } from './reddit-pages';
import type { SourceIo } from './source-adapter';

const pageSize = 100;

/**
 * Keyless Reddit: the Atom search feed (`/search.rss?q=…&sort=new`), paged with `after`. Every
 * request first takes a slot of the adapter's per-minute budget; without one it says how long to wait.
 */
export function keylessPageReader(
  source: Source,
  io: SourceIo,
  query: string,
  options: { userAgent: string; timeoutMs: number; takeSlot: () => number },
): ReadRedditPage {
  return async (after) => {
    const waitMs = options.takeSlot();
    if (waitMs > 0) return { kind: 'wait', ms: waitMs };
    const url = new URL('/search.rss', source.url);
    url.search = new URLSearchParams({ q: query, sort: 'new', limit: String(pageSize), type: 'link', ...(after ? { after } : {}) }).toString();
    const headers = { accept: 'application/atom+xml', 'user-agent': options.userAgent };
    const result = await io.fetch({ url: url.href, headers, timeoutMs: options.timeoutMs, maxBytes: 4 * 1024 * 1024 });
    if (result.kind === 'failed') return { kind: 'failed', error: failureFromFetch(result) };
    if (result.status < 200 || result.status > 299) return { kind: 'failed', error: failureFromRateLimitedStatus(result, io.now) };
    let items: FeedItem[];
    try {
      const contentType = result.headers.get('content-type');
      items = (await parseFeedDocument(decodeFeedBytes(result.body, contentType), contentType)).items;
    } catch (error) {
      return { kind: 'failed', error: { kind: 'parse', message: error instanceof Error ? error.message : String(error) } };
    }
    const { items: entries, count } = countMalformedItems(items, readFeedEntry);
    // The feed does not state a next page; a full page means there may be one, after its last post.
    const next = items.length >= pageSize ? (entries.at(-1)?.fullname ?? null) : null;
    return { kind: 'page', page: { entries, after: next, malformed: count } };
  };
}

/**
 * An entry is a post when its id is a post's fullname (t3_…); another kind of Reddit thing (a subreddit
 * the search also lists) is left out. Anything else, or a post with neither title nor text (Reddit
 * requires a title), is malformed: counted, so a feed whose every entry changed shape fails visibly.
 */
function readFeedEntry(item: FeedItem): ItemRead<RedditEntry> {
  const title = item.title === null ? null : htmlToText(item.title, 1_000) || null;
  // Reddit appends "submitted by /u/… [link] [comments]" to every entry: boilerplate, not the post.
  const body = withoutRemovedMarker(htmlToText((item.html ?? '').split(/(?:&#32;|\s)*submitted by(?:&#32;|\s)*</)[0] ?? ''));
  const fullname = item.guid?.trim() ?? '';
  if (/^t[124-6]_[a-z0-9]+$/.test(fullname)) return { kind: 'left-out' };
  if (!/^t3_[a-z0-9]+$/.test(fullname)) return { kind: 'malformed', reason: 'id: expected a t3_ fullname' };
  if (title === null && body === '') return { kind: 'malformed', reason: 'title: missing' };
  return {
    kind: 'kept',
    item: {
      fullname,
      createdAt: item.publishedAt,
      draft: {
        dedupKey: fullname,
        url: item.link,
        author: feedAuthor(item.author),
        title,
        text: body || title || '',
        publishedAt: item.publishedAt,
        // The feed gives no score or comment count: unknown, never zero.
        engagement: null,
      },
    },
  };
}

/** `/u/name` as `name`; a deleted account (`/u/[deleted]`) is no author, as in the JSON listing. */
function feedAuthor(value: string | null): string | null {
  const name = value?.replace(/^\/?u\//, '').trim() ?? '';
  return name === '' || name === '[deleted]' ? null : name;
}
