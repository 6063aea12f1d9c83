import type { Source, SourceLimits } from '../domain/source';
import { addHealthNote, addMalformedCounts, noMalformedItems, withMalformedItems, type MalformedCount } from './count-malformed-items';
import { describeFailedSweep, lateSweepTiming, planLateSweep, type LateSweepTiming } from './late-sweep';
import { keylessPageReader } from './reddit-feed';
import type { RedditTokenCache } from './reddit-oauth-token';
import {
  advanceRedditCursor,
  readRedditCursor,
  readRedditWindow,
  unreadWindow,
  writeRedditCursor,
  type ReadRedditPage,
  type RedditCursor,
  type WindowRead,
} from './reddit-pages';
import { oauthPageReader } from './reddit-search';
import { redditQuery, searchQueryTree } from './search-terms';
import type { FetchOutcome, SourceAdapter, SourceFailure, SourceIo } from './source-adapter';

export interface RedditSourceOptions {
  /** App-only OAuth search host and token endpoint; tests point them at the fixture server. */
  oauthBaseUrl?: string;
  tokenUrl?: string;
  backfillMs?: number;
  /** Each crawl keeps posts from this long before the cursor: Reddit search lists new posts late, and out of order. */
  overlapMs?: number;
  /** OAuth pages of 100 per crawl; the keyless feed is always one page (its budget is ~10 a minute). */
  maxPages?: number;
  /** Keyless requests this adapter makes per minute, across all its sources. */
  keylessPerMinute?: number;
  /** How often and how far back a crawl reads again for posts search lists later than the overlap (late-sweep.ts). */
  lateSweep?: LateSweepTiming;
  timeoutMs?: number;
}

const defaults = {
  oauthBaseUrl: 'https://oauth.reddit.com',
  tokenUrl: 'https://www.reddit.com/api/v1/access_token',
  backfillMs: 24 * 60 * 60 * 1000,
  overlapMs: 5 * 60 * 1000,
  maxPages: 3,
  keylessPerMinute: 8,
  timeoutMs: 20_000,
  lateSweep: lateSweepTiming,
};
type RedditLimits = typeof defaults;

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
 * The cursor is the newest creation time stored (epoch ms), plus where to resume when a burst outran
 * the page budget (see reddit-pages.ts), and when the hourly late sweep last paged on for posts search
 * listed hours late (see late-sweep.ts).
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
      const credentials = io.credentials?.reddit;
      const oauth = credentials?.clientId && credentials.clientSecret ? { clientId: credentials.clientId, clientSecret: credentials.clientSecret } : null;
      const readPage = oauth
        ? oauthPageReader(io, query, { ...limits, userAgent: redditUserAgent, credentials: oauth, tokens })
        : keylessPageReader(source, io, query, {
            userAgent: redditUserAgent,
            timeoutMs: limits.timeoutMs,
            takeSlot: () => takeKeylessSlot(keylessRequests, io.now, limits.keylessPerMinute),
          });
      // The keyless feed's budget (~10 a minute) allows one page per window; OAuth a few.
      return readWindows(source, io, readPage, oauth ? limits.maxPages : 1, limits);
    },
  };
}

export const redditSource = createRedditSource();

/** A sliding one-minute window shared by every keyless Reddit source of this adapter: 0 means go. */
function takeKeylessSlot(requests: number[], now: number, perMinute: number): number {
  while (requests.length > 0 && requests[0]! <= now - 60_000) requests.shift();
  if (requests.length >= perMinute) return requests[0]! + 60_000 - now;
  requests.push(now);
  return 0;
}

/**
 * The open gap and what is new (readGapThenFresh), then the late sweep when due; the cursor moves only
 * past what the gap and the fresh read read.
 */
async function readWindows(source: Source, io: SourceIo, readPage: ReadRedditPage, maxPages: number, limits: RedditLimits): Promise<FetchOutcome> {
  const start = io.now - limits.backfillMs;
  const cursor = readRedditCursor(source.state.cursor, start, io.now);
  // A post reaches search a while after it was made, sometimes after a newer one: a resumed crawl keeps
  // what it reads down to overlapMs before its cursor (the store drops what it has). A first run, or an
  // unreadable cursor, reads its whole look-back anyway.
  const resumed = cursor.newest !== start || cursor.gap !== null;
  const floor = resumed ? cursor.newest - limits.overlapMs : cursor.newest;
  // Reddit search has no time filter: the fresh read's last page lists older posts too. Those down to
  // the late sweep's floor are kept on every crawl, since asking for them cost nothing.
  const sweepFloor = resumed ? floor - Math.min(limits.lateSweep.spanMs, limits.backfillMs) : floor;
  const read = await readGapThenFresh(readPage, cursor, floor, sweepFloor, maxPages);
  if (read.kind === 'failed') return read;
  const { gap, fresh } = read;
  let malformed = read.malformed;
  const waitMs = gap?.waitMs ?? fresh.waitMs;
  const entries = [...(gap?.entries ?? []), ...fresh.entries];
  // Out of budget before asking anything is not a failure: the source simply waits its turn.
  if (entries.length === 0 && malformed.sent === 0 && gap?.lastFullname == null && fresh.lastFullname === null && waitMs !== undefined) return { kind: 'not-modified', nextCheckInMs: waitMs };
  const advanced = advanceRedditCursor(cursor, gap, fresh, io.now, floor);
  const plan = planLateSweep({ firstRun: !resumed, busy: cursor.gap !== null || advanced.gap !== null || waitMs !== undefined, sweptAt: cursor.sweptAt, now: io.now, periodMs: limits.lateSweep.periodMs });
  const swept = plan.sweep ? await sweepLate(readPage, fresh, sweepFloor, maxPages) : null;
  if (swept?.kind === 'ok') {
    entries.push(...swept.read.entries);
    malformed = addMalformedCounts(malformed, swept.malformed);
  }
  const drafts = [...new Map(entries.map((entry) => [entry.draft.dedupKey, entry.draft])).values()];
  const next = writeRedditCursor({ ...advanced, ...(plan.sweptAt === undefined ? {} : { sweptAt: plan.sweptAt }) });
  const outcome: FetchOutcome = {
    kind: 'ok',
    drafts,
    next: { etag: null, lastModified: null, cursor: next },
    ...(waitMs === undefined ? {} : { nextCheckInMs: waitMs }),
    // What the fresh page listed below the floor, and the sweep, is heard late; a gap's catch-up is not.
    ...(resumed && cursor.gap === null ? { revisesUpTo: floor } : {}),
  };
  const noted = swept?.kind === 'failed' ? { ...outcome, partial: addHealthNote(undefined, describeFailedSweep(swept.error.message)) } : outcome;
  return withMalformedItems(noted, malformed, 'posts');
}

/** The open gap first (if a burst left one), then what is new, keeping the older posts its pages list down to `keepAbove`. */
async function readGapThenFresh(
  readPage: ReadRedditPage,
  cursor: RedditCursor,
  floor: number,
  keepAbove: number,
  maxPages: number,
): Promise<{ kind: 'ok'; gap: WindowRead | null; fresh: WindowRead; malformed: MalformedCount } | { kind: 'failed'; error: SourceFailure }> {
  let gap: WindowRead | null = null;
  let malformed = noMalformedItems;
  if (cursor.gap) {
    const result = await readRedditWindow(readPage, cursor.gap.resume, cursor.gap.after, maxPages);
    if (result.kind === 'failed') return result;
    gap = result.read;
    malformed = result.malformed;
  }
  // The rate budget ran out in the gap: what is new waits for the next crawl.
  if (gap?.waitMs !== undefined) return { kind: 'ok', gap, fresh: unreadWindow, malformed };
  const result = await readRedditWindow(readPage, null, floor, maxPages, keepAbove);
  if (result.kind === 'failed') return result;
  return { kind: 'ok', gap, fresh: result.read, malformed: addMalformedCounts(malformed, result.malformed) };
}

/**
 * The late sweep: pages on from where the fresh read stopped, down to `sweepFloor`, within the page
 * budget (keyless: one page, taking its slot of the per-minute budget). Nothing to ask when the fresh
 * pages already reached that far, or the listing ended. Out of budget, it keeps what it read; the
 * source's next crawl comes at its usual time, not sooner.
 */
async function sweepLate(readPage: ReadRedditPage, fresh: WindowRead, sweepFloor: number, maxPages: number): ReturnType<typeof readRedditWindow> {
  if (fresh.keptAll || fresh.lastFullname === null) return { kind: 'ok', read: unreadWindow, malformed: noMalformedItems };
  return readRedditWindow(readPage, fresh.lastFullname, sweepFloor, maxPages);
}

/** What a Reddit search source can and cannot hear, with or without the operator's OAuth app. */
export function describeRedditLimits(_source: Source, credentials?: Record<string, string>): SourceLimits {
  const oauth = Boolean(credentials?.clientId && credentials.clientSecret);
  if (oauth) {
    return {
      rateBudget: `OAuth app-only: 100 requests a minute per client, kept to x-ratelimit-remaining; at most ${defaults.maxPages} pages of 100 per window per crawl, and as many for the hourly late sweep`,
      cannotSee: [
        'comments (post search only)',
        'posts removed before the crawl',
        'posts Reddit search lists more than 6 hours late; those listed more than 5 minutes after a newer one was read are heard by the next crawl when its page lists them, else by the hourly late sweep',
        `more than ${defaults.maxPages * 100} new posts in one crawl (a burst's remainder is read by the next crawls)`,
        'beyond the 1,000 newest results Reddit search lists',
      ],
      missingCredentials: [],
      credentialsRequired: false,
    };
  }
  return {
    rateBudget: `keyless Atom search feed: about 10 requests a minute per IP, paced at ${defaults.keylessPerMinute} across all Reddit sources; one page of 100 per window per crawl, and one for the hourly late sweep when the fresh page did not reach 6 hours back`,
    cannotSee: [
      'scores and comment counts (stored as unknown)',
      'comments (post search only)',
      'posts Reddit search lists more than 6 hours late; those listed more than 5 minutes after a newer one was read are heard by the next crawl when its page lists them, else by the hourly late sweep',
      "more than 100 new posts in one crawl (a burst's remainder is read by the next crawls)",
    ],
    missingCredentials: ['EARSHOT_REDDIT_CLIENT_ID', 'EARSHOT_REDDIT_CLIENT_SECRET'],
    credentialsRequired: false,
  };
}
