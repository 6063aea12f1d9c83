import type { MentionDraft } from '../domain/mention';
import type { Source, SourceLimits } from '../domain/source';
import { waitForRateBudgetMs } from './fetch-source-json';
import { parseBlueskyPosts, type BlueskyPost } from './bluesky-post';
import { addMalformedCounts, noMalformedItems, withMalformedItems, type MalformedCount } from './count-malformed-items';
import { obtainBlueskySession, renewBlueskySession, type BlueskyCredentials, type BlueskySessionCache } from './bluesky-session';
import { callXrpc, type XrpcResult } from './bluesky-xrpc';
import { blueskyQueries, searchQueryTree } from './search-terms';
import {
  advanceWindowCursor,
  combineWindowResults,
  planWindows,
  readWindowCursor,
  writeWindowCursor,
  type SearchWindow,
  type WindowResult,
} from './search-window';
import type { FetchOutcome, SourceAdapter, SourceCursor, SourceFailure, SourceIo } from './source-adapter';

export interface BlueskySourceOptions {
  backfillMs?: number;
  /** Pages of 100 per query per crawl. */
  maxPages?: number;
  /** Each crawl asks again from this long before the cursor: posts are indexed a little late. */
  overlapMs?: number;
  timeoutMs?: number;
}

const defaults = { backfillMs: 24 * 60 * 60 * 1000, maxPages: 3, overlapMs: 5 * 60 * 1000, timeoutMs: 20_000 };
type Limits = typeof defaults;
const pageSize = 100;

export const blueskyService = 'https://bsky.social';
export const missingBlueskyCredentials = ['EARSHOT_BLUESKY_IDENTIFIER', 'EARSHOT_BLUESKY_APP_PASSWORD'];

/**
 * Bluesky's `app.bsky.feed.searchPosts` (sort=latest, `since` window) through the source's service
 * (its PDS, `https://bsky.social` by default, which proxies to the AppView). Search answers only
 * signed-in clients, so the operator's app password opens a session (createSession), kept between
 * crawls and refreshed on `ExpiredToken`; without credentials the source fails visibly as `blocked`.
 * The cursor is the newest sort time stored (epoch ms), plus any gap a burst left (see search-window.ts).
 */
export function createBlueskySource(options: BlueskySourceOptions = {}): SourceAdapter {
  const limits = { ...defaults, ...options };
  const sessions: BlueskySessionCache = { current: null };
  return {
    async fetchMentions(source: Source, io: SourceIo): Promise<FetchOutcome> {
      const credentials = readCredentials(io.credentials?.bluesky);
      if (credentials === null) {
        return { kind: 'failed', error: { kind: 'blocked', message: `Bluesky search needs an app password: set ${missingBlueskyCredentials.join(' and ')}` } };
      }
      const service = trustedService(source, credentials);
      if (service === null) {
        const message = `the app password is sent only to ${credentials.service} (EARSHOT_BLUESKY_SERVICE), not to ${originOf(source.url)}`;
        return { kind: 'failed', error: { kind: 'blocked', message } };
      }
      const tree = searchQueryTree(source, io.topics);
      if (tree === null) return { kind: 'failed', error: { kind: 'parse', message: 'no valid topic query to search Bluesky for' } };
      const cursor = readWindowCursor(source.state.cursor, io.now - limits.backfillMs, io.now);
      const context: SearchContext = { io, service, credentials, sessions, limits };
      const drafts = new Map<string, MentionDraft>();
      const read: Partial<Record<SearchWindow['kind'], WindowResult>> = {};
      let malformed = noMalformedItems;
      // Posts are indexed a little late: a stored cursor's fresh window starts `overlapMs` before it (a
      // first run's look-back has no earlier crawl to overlap).
      const overlap = source.state.cursor !== null ? limits.overlapMs : 0;
      for (const window of planWindows(cursor, overlap)) {
        const results: WindowResult[] = [];
        for (const query of blueskyQueries(tree)) {
          const result = await searchQuery(context, query, window);
          if (result.kind === 'failed') return result;
          for (const post of result.posts) if (!drafts.has(post.draft.dedupKey)) drafts.set(post.draft.dedupKey, post.draft);
          malformed = addMalformedCounts(malformed, result.malformed);
          // Out of budget mid-crawl: keep what was read, leave the cursor where it was, come back after the reset.
          if (result.wait !== undefined) return withMalformedItems({ kind: 'ok', drafts: [...drafts.values()], next: sameCursor(source), nextCheckInMs: result.wait }, malformed, 'posts');
          results.push(result.window);
        }
        read[window.kind] = combineWindowResults(results);
      }
      const next = advanceWindowCursor(cursor, read.gap ?? null, read.fresh ?? { newestSeen: null, oldestSeen: null, truncated: false }, cursor.newest - overlap);
      return withMalformedItems({ kind: 'ok', drafts: [...drafts.values()], next: { etag: null, lastModified: null, cursor: writeWindowCursor(next) } }, malformed, 'posts');
    },
  };
}

function sameCursor(source: Source): SourceCursor {
  return { etag: source.state.etag, lastModified: source.state.lastModified, cursor: source.state.cursor };
}

export const blueskySource = createBlueskySource();

function readCredentials(given: Record<string, string> | undefined): (BlueskyCredentials & { service: string }) | null {
  const identifier = given?.identifier?.trim();
  const appPassword = given?.appPassword;
  return identifier && appPassword ? { identifier, appPassword, service: originOf(given?.service ?? blueskyService) } : null;
}

/**
 * The operator's service, when the source points at it. A source's URL can come from any API user;
 * the app password must only ever go where the operator said (bsky.social unless EARSHOT_BLUESKY_SERVICE).
 */
function trustedService(source: Source, credentials: { service: string }): string | null {
  return originOf(source.url) === credentials.service ? credentials.service : null;
}

function originOf(url: string): string {
  return URL.canParse(url) ? new URL(url).origin : url;
}

interface SearchContext {
  io: SourceIo;
  service: string;
  credentials: BlueskyCredentials;
  sessions: BlueskySessionCache;
  limits: Limits;
}

/** One query over one window: `since` inclusive, `until` exclusive (both on the AppView's sort time). */
async function searchQuery(
  context: SearchContext,
  query: string,
  window: SearchWindow,
): Promise<{ kind: 'ok'; posts: BlueskyPost[]; window: WindowResult; malformed: MalformedCount; wait?: number } | { kind: 'failed'; error: SourceFailure }> {
  const since = window.after;
  const until = window.before === null ? null : window.before + 1;
  const posts: BlueskyPost[] = [];
  let malformed = noMalformedItems;
  let pageCursor: string | null = null;
  let truncated = false;
  for (let page = 0; page < context.limits.maxPages; page += 1) {
    const params: Record<string, string> = { q: query, sort: 'latest', since: new Date(since).toISOString(), limit: String(pageSize) };
    if (until !== null) params.until = new Date(until).toISOString();
    if (pageCursor !== null) params.cursor = pageCursor;
    const result = await searchWithSession(context, params);
    if (result.kind === 'failed') return result;
    const parsed = parseBlueskyPosts(result.value);
    if (parsed === null) return { kind: 'failed', error: { kind: 'parse', message: 'searchPosts answer has no posts list' } };
    posts.push(...parsed.posts.filter((post) => post.sortAt >= since && (until === null || post.sortAt < until)));
    malformed = addMalformedCounts(malformed, parsed.malformed);
    const wait = waitForRateBudgetMs(result.response.headers, context.io.now);
    if (wait !== undefined) return { kind: 'ok', posts, window: seenIn(posts, context.io.now, true), malformed, wait };
    // Only the end of the cursor ends the search: the AppView drops posts from the page after searching
    // (blocked authors, hidden tags, posts it cannot hydrate) and still hands over the cursor past them, so
    // a page of 97 is no last page. A server that never stops handing out cursors is held by maxPages.
    if (parsed.cursor === null) break;
    truncated = page + 1 >= context.limits.maxPages;
    pageCursor = parsed.cursor;
  }
  return { kind: 'ok', posts, window: seenIn(posts, context.io.now, truncated), malformed };
}

function seenIn(posts: BlueskyPost[], now: number, truncated: boolean): WindowResult {
  const times = posts.map((post) => Math.min(post.sortAt, now));
  return times.length === 0 ? { newestSeen: null, oldestSeen: null, truncated: false } : { newestSeen: Math.max(...times), oldestSeen: Math.min(...times), truncated };
}

/** One searchPosts call with the held session; on ExpiredToken (or a 401) the session is renewed once and the call repeated. */
async function searchWithSession(context: SearchContext, params: Record<string, string>): Promise<XrpcResult> {
  const { io, service, credentials, sessions, limits } = context;
  const session = await obtainBlueskySession(io, service, credentials, sessions, limits.timeoutMs);
  if (session.kind === 'failed') return { ...session, xrpcError: null };
  const call = (token: string) => callXrpc(io, { service, method: 'app.bsky.feed.searchPosts', params, token, timeoutMs: limits.timeoutMs });
  const first = await call(session.accessJwt);
  if (first.kind === 'ok' || !(first.xrpcError === 'ExpiredToken' || first.xrpcError === 'InvalidToken' || first.error.httpStatus === 401)) return first;
  const renewed = await renewBlueskySession(io, service, credentials, sessions, limits.timeoutMs);
  if (renewed.kind === 'failed') return { ...renewed, xrpcError: null };
  return call(renewed.accessJwt);
}

/** What a Bluesky search source can and cannot hear; without credentials, nothing, and it says so. */
export function describeBlueskyLimits(source: Source, credentials?: Record<string, string>): SourceLimits {
  const given = readCredentials(credentials);
  const missing = given === null ? missingBlueskyCredentials : [];
  const elsewhere = given !== null && trustedService(source, given) === null;
  return {
    rateBudget: `3,000 requests per 5 minutes per account; createSession 30 per 5 minutes and 300 a day (sessions are reused); at most ${defaults.maxPages} pages of ${pageSize} per query per crawl`,
    cannotSee: [
      ...(missing.length > 0 ? ['everything: searchPosts answers only signed-in clients'] : []),
      ...(elsewhere ? [`everything: this source points at ${originOf(source.url)}, and the app password goes only to ${given.service}`] : []),
      `more than ${defaults.maxPages * pageSize} new posts per query per crawl at once (the rest is read by the next crawls)`,
      'posts indexed more than 5 minutes after the previous crawl with an older timestamp',
      'posts the AppView hides from search (takedowns, some labels)',
    ],
    missingCredentials: missing,
    credentialsRequired: true,
  };
}
