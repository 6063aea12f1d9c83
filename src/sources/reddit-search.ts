import { noMalformedItems } from './count-malformed-items';
import { fetchSourceJson, waitForRateBudgetMs } from './fetch-source-json';
import { parseRedditListing, type RedditPost } from './reddit-listing';
import { obtainRedditToken, type RedditTokenCache } from './reddit-oauth-token';
import type { ReadRedditPage, RedditEntry } from './reddit-pages';
import type { SourceIo } from './source-adapter';

export interface OauthSearchOptions {
  oauthBaseUrl: string;
  tokenUrl: string;
  timeoutMs: number;
  userAgent: string;
  credentials: { clientId: string; clientSecret: string };
  tokens: RedditTokenCache;
}

/**
 * Reddit with the operator's app-only client: `oauth.reddit.com/search` (JSON listing, score and
 * comment count), paged with `after`, within the `x-ratelimit-*` budget it reports.
 */
export function oauthPageReader(io: SourceIo, query: string, options: OauthSearchOptions): ReadRedditPage {
  return async (after) => {
    const token = await obtainRedditToken(io, options.credentials, options.tokens, options);
    if (token.kind === 'failed') return token;
    const url = new URL('/search', options.oauthBaseUrl);
    url.search = new URLSearchParams({ q: query, sort: 'new', limit: '100', type: 'link', raw_json: '1', ...(after ? { after } : {}) }).toString();
    const headers = { authorization: `bearer ${token.accessToken}`, 'user-agent': options.userAgent };
    const result = await fetchSourceJson(io, { url: url.href, headers, timeoutMs: options.timeoutMs });
    if (result.kind === 'failed') {
      // An expired or revoked token: forget it so the next crawl asks for a new one.
      if (result.error.httpStatus === 401) options.tokens.current = null;
      return result;
    }
    if (result.kind === 'not-modified') return { kind: 'page', page: { entries: [], after: null, malformed: noMalformedItems } };
    const listing = parseRedditListing(result.value);
    if (listing === null) return { kind: 'failed', error: { kind: 'parse', message: 'Reddit answer is not a search listing' } };
    const waitMs = waitForRateBudgetMs(result.response.headers, io.now);
    return { kind: 'page', page: { entries: listing.posts.map(postToEntry), after: listing.after, malformed: listing.malformed, ...(waitMs === undefined ? {} : { waitMs }) } };
  };
}

function postToEntry(post: RedditPost): RedditEntry {
  return {
    fullname: post.fullname,
    createdAt: post.createdAt,
    draft: {
      dedupKey: post.fullname,
      url: post.permalink,
      author: post.author,
      title: post.title,
      text: post.text || post.title || '',
      publishedAt: post.createdAt,
      engagement: { likes: null, reposts: null, replies: post.comments, score: post.score },
    },
  };
}
