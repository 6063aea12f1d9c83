import type { MentionDraft } from '../domain/mention';
import type { Source, SourceLimits } from '../domain/source';
import { decodeFeedBytes } from './decode-feed-bytes';
import { fetchSourceJson, failureFromRateLimitedStatus, waitForRateBudgetMs } from './fetch-source-json';
import { htmlToText } from './html-to-text';
import { failureFromFetch } from './http-failure';
import { parseFeedDocument } from './parse-feed-document';
import type { FeedItem } from './parsed-feed';
import { obtainRedditToken, type RedditTokenCache } from './reddit-oauth-token';
import { parseRedditListing, type RedditPost } from './reddit-listing';
import { redditQuery, searchQueryTree } from './search-terms';
import type { FetchOutcome, SourceAdapter, SourceIo } from './source-adapter';

export interface RedditSourceOptions {
  /** App-only OAuth search host and token endpoint; tests point them at the fixture server. */
  oauthBaseUrl?: string;
  tokenUrl?: string;
  backfillMs?: number;
  /** OAuth pages of 100 per crawl; the keyless feed is always one page (its budget is ~10 a minute). */
  maxPages?: number;
  /** Keyless requests this adapter makes per minute, across all its sources. */
  keylessPerMinute?: number;
  timeoutMs?: number;
}

const defaults = {
  oauthBaseUrl: 'https://oauth.reddit.com',
  tokenUrl: 'https://www.reddit.com/api/v1/access_token',
  backfillMs: 24 * 60 * 60 * 1000,
  maxPages: 3,
  keylessPerMinute: 8,
  timeoutMs: 20_000,
};
export type RedditLimits = typeof defaults;

export const redditWebBase = 'https://www.reddit.com';

/**
 * Reddit's API rules ask for `<platform>:<app id>:<version> (by …)` and throttle generic agents
 * hardest, so Reddit gets its own descriptive User-Agent on every request (feed, token, search).
 */
export const redditUserAgent = 'server:earshot:v0.1 (self-hosted social listening; +https://github.com/earshot/earshot)';

/**
 * Reddit search as it answers in 2026. Anonymous JSON is refused (403), so without credentials the
 * source reads the Atom search feed (`/search.rss?q=…&sort=new`: posts only, no scores, about 10
 * requests a minute per IP, paced here below that). With an operator's app-only client id/secret it
 * searches `oauth.reddit.com` (score and comment count, 100 requests a minute) and keeps to the
 * `x-ratelimit-*` budget. Both modes key posts by fullname (`t3_…`), so switching modes stores no twins.
 * The cursor is the newest creation time stored (epoch ms).
 */
export function createRedditSource(options: RedditSourceOptions = {}): SourceAdapter {
  const limits: RedditLimits = { ...defaults, ...options };
  const tokens: RedditTokenCache = { current: null };
  const keylessRequests: number[] = [];
  return {
    async fetchMentions(source: Source, io: SourceIo): Promise<FetchOutcome> {
      const tree = searchQueryTree(source, io.topics);
      const query = tree === null ? '' : redditQuery(tree);
      if (query === '') return { kind: 'failed', error: { kind: 'parse', message: 'no valid topic query to search Reddit for' } };
      const since = sinceMs(source.state.cursor, io.now, limits.backfillMs);
      const credentials = io.credentials?.reddit;
      if (credentials?.clientId && credentials.clientSecret) {
        return searchWithOauth(io, query, since, { clientId: credentials.clientId, clientSecret: credentials.clientSecret }, tokens, limits);
      }
      const waitMs = takeKeylessSlot(keylessRequests, io.now, limits.keylessPerMinute);
      // Out of budget is not a failure: nothing was asked, the source simply waits its turn.
      if (waitMs > 0) return { kind: 'not-modified', nextCheckInMs: waitMs };
      return searchKeyless(source, io, query, since, limits);
    },
  };
}

export const redditSource = createRedditSource();

function sinceMs(cursor: string | null, now: number, backfillMs: number): number {
  const stored = cursor !== null && /^\d{1,15}$/.test(cursor) ? Number(cursor) : null;
  return stored !== null && stored <= now ? stored : now - backfillMs;
}

/** A sliding one-minute window shared by every keyless Reddit source of this adapter: 0 means go. */
function takeKeylessSlot(requests: number[], now: number, perMinute: number): number {
  while (requests.length > 0 && requests[0]! <= now - 60_000) requests.shift();
  if (requests.length >= perMinute) return requests[0]! + 60_000 - now;
  requests.push(now);
  return 0;
}

async function searchKeyless(source: Source, io: SourceIo, query: string, since: number, limits: RedditLimits): Promise<FetchOutcome> {
  const url = new URL('/search.rss', source.url);
  url.search = new URLSearchParams({ q: query, sort: 'new', limit: '100', type: 'link' }).toString();
  const result = await io.fetch({ url: url.href, headers: { accept: 'application/atom+xml', 'user-agent': redditUserAgent }, timeoutMs: limits.timeoutMs, maxBytes: 4 * 1024 * 1024 });
  if (result.kind === 'failed') return { kind: 'failed', error: failureFromFetch(result) };
  if (result.status < 200 || result.status > 299) return { kind: 'failed', error: failureFromRateLimitedStatus(result, io.now) };
  let items: FeedItem[];
  try {
    const contentType = result.headers.get('content-type');
    items = (await parseFeedDocument(decodeFeedBytes(result.body, contentType), contentType)).items;
  } catch (error) {
    return { kind: 'failed', error: { kind: 'parse', message: error instanceof Error ? error.message : String(error) } };
  }
  const drafts = items.flatMap((item) => feedItemToDraft(item, since));
  return { kind: 'ok', drafts, next: { etag: null, lastModified: null, cursor: String(newestOf(drafts, since)) } };
}

async function searchWithOauth(
  io: SourceIo,
  query: string,
  since: number,
  credentials: { clientId: string; clientSecret: string },
  tokens: RedditTokenCache,
  limits: RedditLimits,
): Promise<FetchOutcome> {
  const posts: RedditPost[] = [];
  let after: string | null = null;
  let nextCheckInMs: number | undefined;
  for (let page = 0; page < limits.maxPages; page += 1) {
    const token = await obtainRedditToken(io, credentials, tokens, { ...limits, userAgent: redditUserAgent });
    if (token.kind === 'failed') return token;
    const url = new URL('/search', limits.oauthBaseUrl);
    url.search = new URLSearchParams({ q: query, sort: 'new', limit: '100', type: 'link', raw_json: '1', ...(after ? { after } : {}) }).toString();
    const result = await fetchSourceJson(io, { url: url.href, headers: { authorization: `bearer ${token.accessToken}`, 'user-agent': redditUserAgent }, timeoutMs: limits.timeoutMs });
    if (result.kind === 'failed') {
      // An expired or revoked token: forget it so the next crawl asks for a new one.
      if (result.error.httpStatus === 401) tokens.current = null;
      return result;
    }
    if (result.kind === 'not-modified') break;
    const listing = parseRedditListing(result.value);
    if (listing === null) return { kind: 'failed', error: { kind: 'parse', message: 'Reddit answer is not a search listing' } };
    posts.push(...listing.posts);
    nextCheckInMs = waitForRateBudgetMs(result.response.headers, io.now);
    const oldest = listing.posts.at(-1)?.createdAt ?? 0;
    if (listing.after === null || oldest <= since || nextCheckInMs !== undefined) break;
    after = listing.after;
  }
  const drafts = posts.filter((post) => post.createdAt > since).map(postToDraft);
  const outcome: FetchOutcome = { kind: 'ok', drafts: unique(drafts), next: { etag: null, lastModified: null, cursor: String(newestOf(drafts, since)) } };
  return nextCheckInMs === undefined ? outcome : { ...outcome, nextCheckInMs };
}

function feedItemToDraft(item: FeedItem, since: number): MentionDraft[] {
  if (item.publishedAt !== null && item.publishedAt <= since) return [];
  const title = item.title === null ? null : htmlToText(item.title, 1_000) || null;
  // Reddit appends "submitted by /u/… [link] [comments]" to every entry: boilerplate, not the post.
  const body = htmlToText((item.html ?? '').split(/(?:&#32;|\s)*submitted by(?:&#32;|\s)*</)[0] ?? '');
  const key = item.guid ?? item.link;
  if (key === null || (title === null && body === '')) return [];
  return [
    {
      dedupKey: key,
      url: item.link,
      author: item.author === null ? null : item.author.replace(/^\/?u\//, '').trim() || null,
      title,
      text: body || title || '',
      publishedAt: item.publishedAt,
      // The feed gives no score or comment count: unknown, never zero.
      engagement: null,
    },
  ];
}

function postToDraft(post: RedditPost): MentionDraft {
  return {
    dedupKey: post.fullname,
    url: post.permalink,
    author: post.author,
    title: post.title,
    text: post.text || post.title || '',
    publishedAt: post.createdAt,
    engagement: { likes: null, reposts: null, replies: post.comments, score: post.score },
  };
}

function unique(drafts: MentionDraft[]): MentionDraft[] {
  return [...new Map(drafts.map((draft) => [draft.dedupKey, draft])).values()];
}

function newestOf(drafts: MentionDraft[], since: number): number {
  return Math.max(since, ...drafts.map((draft) => draft.publishedAt ?? since));
}

/** What a Reddit search source can and cannot hear, with or without the operator's OAuth app. */
export function describeRedditLimits(_source: Source, credentials?: Record<string, string>): SourceLimits {
  const oauth = Boolean(credentials?.clientId && credentials.clientSecret);
  if (oauth) {
    return {
      rateBudget: `OAuth app-only: 100 requests a minute per client, kept to x-ratelimit-remaining; at most ${defaults.maxPages} pages of 100 per crawl`,
      cannotSee: ['comments (post search only)', 'posts removed before the crawl', `more than ${defaults.maxPages * 100} new posts between two crawls`],
      missingCredentials: [],
    };
  }
  return {
    rateBudget: `keyless Atom search feed: about 10 requests a minute per IP, paced at ${defaults.keylessPerMinute}; one page of 100 per crawl`,
    cannotSee: ['scores and comment counts (stored as unknown)', 'comments (post search only)', 'more than 100 new posts between two crawls'],
    missingCredentials: ['EARSHOT_REDDIT_CLIENT_ID', 'EARSHOT_REDDIT_CLIENT_SECRET'],
  };
}
