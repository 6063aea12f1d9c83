import type { MentionDraft } from '../domain/mention';
import type { Source, SourceLimits } from '../domain/source';
import { waitForRateBudgetMs } from './fetch-source-json';
import { parseBlueskyPosts, type BlueskyPost } from './bluesky-post';
import { obtainBlueskySession, renewBlueskySession, type BlueskyCredentials, type BlueskySessionCache } from './bluesky-session';
import { callXrpc, type XrpcResult } from './bluesky-xrpc';
import { blueskyQueries, searchQueryTree } from './search-terms';
import type { FetchOutcome, SourceAdapter, SourceFailure, SourceIo } from './source-adapter';

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
 * The cursor is the newest sort time stored (epoch ms).
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
      const tree = searchQueryTree(source, io.topics);
      if (tree === null) return { kind: 'failed', error: { kind: 'parse', message: 'no valid topic query to search Bluesky for' } };
      const cursor = source.state.cursor !== null && /^\d{1,15}$/.test(source.state.cursor) ? Math.min(Number(source.state.cursor), io.now) : null;
      const since = cursor === null ? io.now - limits.backfillMs : cursor - limits.overlapMs;
      const drafts = new Map<string, MentionDraft>();
      let newest = cursor ?? since;
      let wait: number | undefined;
      for (const query of blueskyQueries(tree)) {
        const result = await searchQuery({ io, source, credentials, sessions, limits }, query, since);
        if (result.kind === 'failed') return result;
        for (const post of result.posts) {
          newest = Math.max(newest, Math.min(post.sortAt, io.now));
          if (!drafts.has(post.draft.dedupKey)) drafts.set(post.draft.dedupKey, post.draft);
        }
        wait = result.wait ?? wait;
        if (wait !== undefined) break;
      }
      const outcome: FetchOutcome = { kind: 'ok', drafts: [...drafts.values()], next: { etag: null, lastModified: null, cursor: String(newest) } };
      return wait === undefined ? outcome : { ...outcome, nextCheckInMs: wait };
    },
  };
}

export const blueskySource = createBlueskySource();

function readCredentials(given: Record<string, string> | undefined): BlueskyCredentials | null {
  const identifier = given?.identifier?.trim();
  const appPassword = given?.appPassword;
  return identifier && appPassword ? { identifier, appPassword } : null;
}

interface SearchContext {
  io: SourceIo;
  source: Source;
  credentials: BlueskyCredentials;
  sessions: BlueskySessionCache;
  limits: Limits;
}

async function searchQuery(
  context: SearchContext,
  query: string,
  since: number,
): Promise<{ kind: 'ok'; posts: BlueskyPost[]; wait?: number } | { kind: 'failed'; error: SourceFailure }> {
  const posts: BlueskyPost[] = [];
  let pageCursor: string | null = null;
  for (let page = 0; page < context.limits.maxPages; page += 1) {
    const params: Record<string, string> = { q: query, sort: 'latest', since: new Date(since).toISOString(), limit: String(pageSize) };
    if (pageCursor !== null) params.cursor = pageCursor;
    const result = await searchWithSession(context, params);
    if (result.kind === 'failed') return result;
    const parsed = parseBlueskyPosts(result.value);
    if (parsed === null) return { kind: 'failed', error: { kind: 'parse', message: 'searchPosts answer has no posts list' } };
    posts.push(...parsed.posts.filter((post) => post.sortAt >= since));
    const wait = waitForRateBudgetMs(result.response.headers, context.io.now);
    if (wait !== undefined) return { kind: 'ok', posts, wait };
    if (parsed.cursor === null || parsed.posts.length < pageSize) break;
    pageCursor = parsed.cursor;
  }
  return { kind: 'ok', posts };
}

/** One searchPosts call with the held session; on ExpiredToken (or a 401) the session is renewed once and the call repeated. */
async function searchWithSession(context: SearchContext, params: Record<string, string>): Promise<XrpcResult> {
  const { io, source, credentials, sessions, limits } = context;
  const session = await obtainBlueskySession(io, source.url, credentials, sessions, limits.timeoutMs);
  if (session.kind === 'failed') return { ...session, xrpcError: null };
  const call = (token: string) => callXrpc(io, { service: source.url, method: 'app.bsky.feed.searchPosts', params, token, timeoutMs: limits.timeoutMs });
  const first = await call(session.accessJwt);
  if (first.kind === 'ok' || !(first.xrpcError === 'ExpiredToken' || first.xrpcError === 'InvalidToken' || first.error.httpStatus === 401)) return first;
  const renewed = await renewBlueskySession(io, source.url, credentials, sessions, limits.timeoutMs);
  if (renewed.kind === 'failed') return { ...renewed, xrpcError: null };
  return call(renewed.accessJwt);
}

/** What a Bluesky search source can and cannot hear; without credentials, nothing, and it says so. */
export function describeBlueskyLimits(_source: Source, credentials?: Record<string, string>): SourceLimits {
  const missing = readCredentials(credentials) === null ? missingBlueskyCredentials : [];
  return {
    rateBudget: `3,000 requests per 5 minutes per account; createSession 30 per 5 minutes and 300 a day (sessions are reused); at most ${defaults.maxPages} pages of ${pageSize} per query per crawl`,
    cannotSee: [
      ...(missing.length > 0 ? ['everything: searchPosts answers only signed-in clients'] : []),
      `more than ${defaults.maxPages * pageSize} new posts per query between two crawls`,
      'posts indexed more than 5 minutes after the previous crawl with an older timestamp',
      'posts the AppView hides from search (takedowns, some labels)',
    ],
    missingCredentials: missing,
  };
}
