import type { Source, SourceLimits } from '../domain/source';
import { waitForRateBudgetMs } from './fetch-source-json';
import { parseBlueskyPosts, type BlueskyPost } from './bluesky-post';
import { addMalformedCounts, noMalformedItems, withMalformedItems, type MalformedCount } from './count-malformed-items';
import { finishSweptCrawl, lateSweepTiming, planLateSweep, type FoundItems, type LateSweepTiming } from './late-sweep';
import { obtainBlueskySession, renewBlueskySession, type BlueskyCredentials, type BlueskySessionCache } from './bluesky-session';
import { callXrpc, type XrpcResult } from './bluesky-xrpc';
import { blueskyQueries, searchQueryTree } from './search-terms';
import {
  advanceWindowCursor,
  combineWindowResults,
  lateSweepWindow,
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
  /** How often and how far back a crawl reads again for posts indexed later than the overlap (late-sweep.ts). */
  lateSweep?: LateSweepTiming;
  timeoutMs?: number;
}

const defaults = { backfillMs: 24 * 60 * 60 * 1000, maxPages: 3, overlapMs: 5 * 60 * 1000, timeoutMs: 20_000, lateSweep: lateSweepTiming };
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
 * Once an hour a crawl also reads the 6 hours before its fresh window again, for posts the search
 * indexed late (after a relay hiccup; see late-sweep.ts).
 */
export function createBlueskySource(options: BlueskySourceOptions = {}): SourceAdapter {
  const limits = { ...defaults, ...options };
  const sessions: BlueskySessionCache = { current: null };
  return {
    async fetchMentions(source: Source, io: SourceIo): Promise<FetchOutcome> {
      const opened = openSearch(source, io);
      if (opened.kind === 'failed') return opened;
      const { credentials, service, queries } = opened;
      const start = io.now - limits.backfillMs;
      const cursor = readWindowCursor(source.state.cursor, start, io.now);
      const context: SearchContext = { io, service, credentials, sessions, limits };
      const found: FoundItems = { drafts: new Map(), malformed: noMalformedItems };
      const read: Partial<Record<SearchWindow['kind'], WindowResult>> = {};
      // Posts are indexed a little late: a stored cursor's fresh window starts `overlapMs` before it (a
      // first run's look-back has no earlier crawl to overlap).
      const overlap = source.state.cursor !== null ? limits.overlapMs : 0;
      for (const window of planWindows(cursor, overlap)) {
        const result = await searchWindow(context, queries, window, found);
        if (result.kind === 'failed') return result;
        // Out of budget mid-crawl: keep what was read, leave the cursor where it was, come back after the reset.
        if (result.kind === 'wait') return withMalformedItems({ kind: 'ok', drafts: [...found.drafts.values()], next: sameCursor(source), nextCheckInMs: result.ms }, found.malformed, 'posts');
        read[window.kind] = result.window;
      }
      const freshAfter = cursor.newest - overlap;
      const advanced = advanceWindowCursor(cursor, read.gap ?? null, read.fresh ?? { newestSeen: null, oldestSeen: null, truncated: false }, freshAfter);
      const firstRun = cursor.newest === start && cursor.gap === null;
      const plan = planLateSweep({ firstRun, busy: cursor.gap !== null || advanced.gap !== null, sweptAt: cursor.sweptAt, now: io.now, periodMs: limits.lateSweep.periodMs });
      // The sweep comes last: failing, or out of budget, it leaves the fresh read and the cursor as they are.
      const swept = plan.sweep ? await searchWindow(context, queries, lateSweepWindow(freshAfter, Math.min(limits.lateSweep.spanMs, limits.backfillMs)), found) : null;
      const next = writeWindowCursor({ ...advanced, ...(plan.sweptAt === undefined ? {} : { sweptAt: plan.sweptAt }) });
      return finishSweptCrawl({ found, cursor: next, swept, revisesUpTo: freshAfter, noun: 'posts' });
    },
  };
}

/** One window, one query per alternative; what they found goes into `found`, also when the budget runs out midway. */
async function searchWindow(
  context: SearchContext,
  queries: string[],
  window: SearchWindow,
  found: FoundItems,
): Promise<{ kind: 'ok'; window: WindowResult } | { kind: 'wait'; ms: number } | { kind: 'failed'; error: SourceFailure }> {
  const results: WindowResult[] = [];
  for (const query of queries) {
    const result = await searchQuery(context, query, window);
    if (result.kind === 'failed') return result;
    for (const post of result.posts) if (!found.drafts.has(post.draft.dedupKey)) found.drafts.set(post.draft.dedupKey, post.draft);
    found.malformed = addMalformedCounts(found.malformed, result.malformed);
    if (result.wait !== undefined) return { kind: 'wait', ms: result.wait };
    results.push(result.window);
  }
  return { kind: 'ok', window: combineWindowResults(results) };
}

/** The operator's credentials and service, and the queries to search, or why this source cannot search. */
function openSearch(source: Source, io: SourceIo): { kind: 'ok'; credentials: BlueskyCredentials; service: string; queries: string[] } | { kind: 'failed'; error: SourceFailure } {
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
  return { kind: 'ok', credentials, service, queries: blueskyQueries(tree) };
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
    rateBudget: `3,000 requests per 5 minutes per account; createSession 30 per 5 minutes and 300 a day (sessions are reused); at most ${defaults.maxPages} pages of ${pageSize} per query per crawl, and as many again for the hourly late sweep`,
    cannotSee: [
      ...(missing.length > 0 ? ['everything: searchPosts answers only signed-in clients'] : []),
      ...(elsewhere ? [`everything: this source points at ${originOf(source.url)}, and the app password goes only to ${given.service}`] : []),
      `more than ${defaults.maxPages * pageSize} new posts per query per crawl at once (the rest is read by the next crawls)`,
      'posts indexed more than 6 hours late; those indexed more than 5 minutes after a newer one was read are heard by the hourly late sweep, up to an hour later',
      'posts the AppView hides from search (takedowns, some labels)',
    ],
    missingCredentials: missing,
    credentialsRequired: true,
  };
}
