import { z } from 'zod';
import type { MentionDraft } from '../domain/mention';
import type { Source, SourceLimits } from '../domain/source';
import { addMalformedCounts, countMalformedItems, describeSchemaError, noMalformedItems, type ItemRead, type MalformedCount } from './count-malformed-items';
import { fetchSourceJson } from './fetch-source-json';
import { htmlToText } from './html-to-text';
import { finishSweptCrawl, lateSweepTiming, planLateSweep, type FoundItems, type LateSweepTiming } from './late-sweep';
import { hackerNewsQueries, searchQueryTree } from './search-terms';
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
import type { FetchOutcome, SourceAdapter, SourceFailure, SourceIo } from './source-adapter';

export interface HackerNewsSourceOptions {
  /** Window searched on a source's first run (no cursor yet). */
  backfillMs?: number;
  /** Pages of `hitsPerPage` per query per crawl; the oldest hits beyond them are skipped. */
  maxPages?: number;
  hitsPerPage?: number;
  /** Each crawl asks again from this long before the cursor: hits are indexed late, and out of order. */
  overlapMs?: number;
  /** How often and how far back a crawl reads again for hits indexed later than the overlap (late-sweep.ts). */
  lateSweep?: LateSweepTiming;
  timeoutMs?: number;
}

const defaults = { backfillMs: 24 * 60 * 60 * 1000, maxPages: 3, hitsPerPage: 100, overlapMs: 5 * 60 * 1000, timeoutMs: 20_000, lateSweep: lateSweepTiming };
type Limits = typeof defaults;

export const hackerNewsApiBase = 'https://hn.algolia.com';

/** An Algolia HN hit; comments carry `comment_text` and null points, stories `title`, `url`, `points`. */
const hitSchema = z.object({
  objectID: z.string().min(1),
  created_at_i: z.number().int().nonnegative(),
  _tags: z.array(z.string()).default([]),
  author: z.string().nullish(),
  title: z.string().nullish(),
  url: z.string().nullish(),
  story_text: z.string().nullish(),
  comment_text: z.string().nullish(),
  points: z.number().nullish(),
  num_comments: z.number().nullish(),
});
type Hit = z.infer<typeof hitSchema>;

const pageSchema = z.object({ hits: z.array(z.unknown()), nbPages: z.number().int().default(1), page: z.number().int().default(0) });

/**
 * Hacker News through Algolia's public search (`/api/v1/search_by_date`, newest first, no key).
 * The cursor is the newest `created_at_i` stored, asked for with `numericFilters=created_at_i>N`, so
 * each crawl fetches only what is new; the first run looks back `backfillMs`. Algolia indexes items as
 * HN's update stream hands them over, not in the order they were written, so a comment can appear after
 * a newer one was read: each crawl asks again from `overlapMs` before the cursor, and the store drops
 * the hits it has. Algolia has no OR, so a topic becomes one query per alternative (see
 * search-terms.ts), each bounded to `maxPages`; a burst bigger than that leaves a gap in the cursor
 * that the next crawls read (see search-window.ts). Once an hour a crawl also reads the 6 hours before
 * its fresh window again, for hits indexed later than the overlap (see late-sweep.ts).
 */
export function createHackerNewsSource(options: HackerNewsSourceOptions = {}): SourceAdapter {
  const limits = { ...defaults, ...options };
  return {
    async fetchMentions(source: Source, io: SourceIo): Promise<FetchOutcome> {
      const tree = searchQueryTree(source, io.topics);
      if (tree === null) return { kind: 'failed', error: { kind: 'parse', message: 'no valid topic query to search Hacker News for' } };
      const queries = hackerNewsQueries(tree);
      const nowSeconds = Math.floor(io.now / 1000);
      const start = Math.floor((io.now - limits.backfillMs) / 1000);
      const cursor = readWindowCursor(source.state.cursor, start, nowSeconds);
      const found: FoundItems = { drafts: new Map(), malformed: noMalformedItems };
      const read: Partial<Record<SearchWindow['kind'], WindowResult>> = {};
      // A first run (or an unreadable cursor, which starts over) reads its whole look-back anyway.
      const resumed = cursor.newest !== start || cursor.gap !== null;
      const overlapSeconds = resumed ? Math.floor(limits.overlapMs / 1000) : 0;
      for (const window of planWindows(cursor, overlapSeconds)) {
        const result = await searchWindow(source, io, queries, window, limits, found);
        if (result.kind === 'failed') return result;
        read[window.kind] = result.window;
      }
      const freshAfter = cursor.newest - overlapSeconds;
      const advanced = advanceWindowCursor(cursor, read.gap ?? null, read.fresh ?? { newestSeen: null, oldestSeen: null, truncated: false }, freshAfter);
      const plan = planLateSweep({ firstRun: !resumed, busy: cursor.gap !== null || advanced.gap !== null, sweptAt: cursor.sweptAt, now: io.now, periodMs: limits.lateSweep.periodMs });
      // The sweep comes last, and its failure is a note: the fresh read and the cursor stand either way.
      const swept = plan.sweep ? await searchWindow(source, io, queries, lateSweepWindow(freshAfter, Math.floor(Math.min(limits.lateSweep.spanMs, limits.backfillMs) / 1000)), limits, found) : null;
      const next = writeWindowCursor({ ...advanced, ...(plan.sweptAt === undefined ? {} : { sweptAt: plan.sweptAt }) });
      return finishSweptCrawl({ found, cursor: next, swept, revisesUpTo: freshAfter * 1000, noun: 'hits' });
    },
  };
}

/** One window, one query per alternative (Algolia has no OR); what they found goes into `found`. */
async function searchWindow(
  source: Source,
  io: SourceIo,
  queries: string[],
  window: SearchWindow,
  limits: Limits,
  found: FoundItems,
): Promise<{ kind: 'ok'; window: WindowResult } | { kind: 'failed'; error: SourceFailure }> {
  const results: WindowResult[] = [];
  for (const query of queries) {
    const result = await searchQuery(source, io, query, window, limits);
    if (result.kind === 'failed') return result;
    results.push(result.window);
    found.malformed = addMalformedCounts(found.malformed, result.malformed);
    for (const hit of result.hits) {
      const draft = toDraft(hit);
      if (draft !== null && !found.drafts.has(draft.dedupKey)) found.drafts.set(draft.dedupKey, draft);
    }
  }
  return { kind: 'ok', window: combineWindowResults(results) };
}

export const hackerNewsSource = createHackerNewsSource();

/** `created_at_i` bounds for Algolia: after the window start, and up to its end when it has one (a gap). */
function numericFilters(window: SearchWindow): string {
  return window.before === null ? `created_at_i>${window.after}` : `created_at_i>${window.after},created_at_i<=${window.before}`;
}

async function searchQuery(
  source: Source,
  io: SourceIo,
  query: string,
  window: SearchWindow,
  limits: Limits,
): Promise<{ kind: 'ok'; hits: Hit[]; window: WindowResult; malformed: MalformedCount } | { kind: 'failed'; error: SourceFailure }> {
  const hits: Hit[] = [];
  let malformed = noMalformedItems;
  let truncated = false;
  for (let page = 0; page < limits.maxPages; page += 1) {
    const url = new URL('/api/v1/search_by_date', source.url);
    url.search = new URLSearchParams({
      query,
      tags: '(story,comment)',
      numericFilters: numericFilters(window),
      hitsPerPage: String(limits.hitsPerPage),
      page: String(page),
    }).toString();
    const result = await fetchSourceJson(io, { url: url.href, timeoutMs: limits.timeoutMs });
    if (result.kind === 'failed') return result;
    if (result.kind === 'not-modified') break;
    const parsed = pageSchema.safeParse(result.value);
    if (!parsed.success) return { kind: 'failed', error: { kind: 'parse', message: 'Hacker News answer has no hits list' } };
    const answer = countMalformedItems(parsed.data.hits, (raw) => readHit(raw, window));
    hits.push(...answer.items);
    malformed = addMalformedCounts(malformed, answer.count);
    const more = parsed.data.page + 1 < parsed.data.nbPages && parsed.data.hits.length >= limits.hitsPerPage;
    if (!more) break;
    truncated = page + 1 >= limits.maxPages;
  }
  // A post dated in the future (a clock far off, a bad record) counts as now: as the cursor it would
  // hold every later search at year 9999, and each crawl would fall back to its look-back.
  const times = hits.map((hit) => Math.min(hit.created_at_i, Math.floor(io.now / 1000)));
  const seen = times.length > 0 ? { newestSeen: Math.max(...times), oldestSeen: Math.min(...times) } : { newestSeen: null, oldestSeen: null };
  return { kind: 'ok', hits, window: { ...seen, truncated }, malformed };
}

/** One malformed hit is skipped, not the page (and counted); hits outside the window are dropped whatever the server did. */
function readHit(raw: unknown, window: SearchWindow): ItemRead<Hit> {
  const parsed = hitSchema.safeParse(raw);
  if (!parsed.success) return { kind: 'malformed', reason: describeSchemaError(parsed.error) };
  const at = parsed.data.created_at_i;
  return at > window.after && (window.before === null || at <= window.before) ? { kind: 'kept', item: parsed.data } : { kind: 'left-out' };
}

function toDraft(hit: Hit): MentionDraft | null {
  const itemUrl = `https://news.ycombinator.com/item?id=${encodeURIComponent(hit.objectID)}`;
  const isComment = hit._tags.includes('comment') || (hit.comment_text != null && hit.title == null);
  // A comment's story title is not the comment's words: a reply that never names the brand must not match it.
  const title = isComment ? null : htmlToText(hit.title ?? '', 1_000) || null;
  const body = htmlToText((isComment ? hit.comment_text : hit.story_text) ?? '');
  const text = body || title || '';
  if (text === '') return null;
  return {
    dedupKey: itemUrl,
    // A story's link is the article it points at, so the same post seen on its own blog counts once.
    url: (isComment ? null : httpUrlOrNull(hit.url)) ?? itemUrl,
    author: hit.author ?? null,
    title,
    text,
    publishedAt: hit.created_at_i * 1000,
    engagement: { likes: null, reposts: null, replies: hit.num_comments ?? null, score: hit.points ?? null },
  };
}

function httpUrlOrNull(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** What a Hacker News search source can and cannot hear. */
export function describeHackerNewsLimits(_source: Source, _credentials?: Record<string, string>): SourceLimits {
  const perQuery = defaults.maxPages * defaults.hitsPerPage;
  return {
    rateBudget: `Algolia HN Search: 10,000 requests an hour per IP; at most ${defaults.maxPages} pages of ${defaults.hitsPerPage} per query per crawl, and as many again for the hourly late sweep`,
    cannotSee: [
      `more than ${perQuery} new posts per query in one crawl (a burst's remainder is read by the next crawls)`,
      'posts older than the first-run window of 24 hours',
      'posts Algolia indexes more than 6 hours late; those indexed more than 5 minutes after a newer one was read are heard by the hourly late sweep, up to an hour later',
      'points and comment counts that change after a post was fetched',
    ],
    missingCredentials: [],
    credentialsRequired: false,
  };
}
