import type { MentionDraft } from '../domain/mention';
import { addMalformedCounts, noMalformedItems, type MalformedCount } from './count-malformed-items';
import { readSweptAt } from './late-sweep';
import { writeWindowCursor } from './search-window';
import type { SourceFailure } from './source-adapter';

/** One post as both Reddit modes hand it over: its draft, its fullname (`t3_…`) and creation time. */
export interface RedditEntry {
  draft: MentionDraft;
  fullname: string;
  createdAt: number | null;
}

export interface RedditPage {
  /** Newest first, as sort=new gives them. */
  entries: RedditEntry[];
  /** Fullname to pass as `after` for the next (older) page; null at the end. */
  after: string | null;
  /** The service says its budget is (nearly) spent: wait this long before asking again. */
  waitMs?: number;
  /** Posts the page listed that could not be read (see countMalformedItems). */
  malformed: MalformedCount;
}

/** One search page after `after` (null: the newest), or how long to wait before asking at all. */
export type ReadRedditPage = (after: string | null) => Promise<{ kind: 'page'; page: RedditPage } | { kind: 'wait'; ms: number } | { kind: 'failed'; error: SourceFailure }>;

/**
 * The cursor: the newest creation time stored (ms) and, when a burst outran the page budget, where
 * reading stopped (`resume`, a fullname to page on from) and how far down it still has to go (`after`).
 * Reddit search has no time filter, so a gap is walked with `after` paging instead.
 */
export interface RedditCursor {
  newest: number;
  gap: { after: number; resume: string } | null;
  /** When this source last ran its late sweep (epoch ms; see late-sweep.ts). */
  sweptAt?: number;
}

export interface WindowRead {
  entries: RedditEntry[];
  /** Reached the floor or the end of the listing; otherwise the rest is resumed from `lastFullname`. */
  complete: boolean;
  /** The oldest post read (null when no page was read). */
  lastFullname: string | null;
  waitMs?: number;
  /** The pages read reached `keepAbove` or the end of the listing: there is nothing older to keep. */
  keptAll?: true;
}

/** A window not read at all (the rate budget ran out first). */
export const unreadWindow: WindowRead = { entries: [], complete: false, lastFullname: null };

/**
 * Pages newest first from `startAfter` until a post at or below `floor`, the end of the listing, the
 * page budget or the rate budget, keeping posts above `keepAbove` (the floor unless the caller wants
 * older posts the same pages list, at no extra request); with how many posts it could not read.
 */
export async function readRedditWindow(
  readPage: ReadRedditPage,
  startAfter: string | null,
  floor: number,
  maxPages: number,
  keepAbove = floor,
): Promise<{ kind: 'ok'; read: WindowRead; malformed: MalformedCount } | { kind: 'failed'; error: SourceFailure }> {
  const read: WindowRead = { entries: [], complete: false, lastFullname: null };
  let malformed = noMalformedItems;
  let after = startAfter;
  for (let page = 0; page < maxPages; page += 1) {
    const result = await readPage(after);
    if (result.kind === 'failed') return result;
    if (result.kind === 'wait') return { kind: 'ok', read: { ...read, waitMs: result.ms }, malformed };
    const { entries, after: next, waitMs } = result.page;
    malformed = addMalformedCounts(malformed, result.page.malformed);
    read.entries.push(...entries.filter((entry) => entry.createdAt === null || entry.createdAt > keepAbove));
    read.lastFullname = entries.at(-1)?.fullname ?? read.lastFullname;
    const reached = (line: number) => entries.length === 0 || next === null || entries.some((entry) => entry.createdAt !== null && entry.createdAt <= line);
    const keptAll = reached(keepAbove) ? { keptAll: true as const } : {};
    if (reached(floor)) return { kind: 'ok', read: { ...read, complete: true, ...keptAll, ...(waitMs === undefined ? {} : { waitMs }) }, malformed };
    if (waitMs !== undefined) return { kind: 'ok', read: { ...read, waitMs }, malformed };
    after = next;
  }
  return { kind: 'ok', read, malformed };
}

export function readRedditCursor(raw: string | null, start: number, now: number): RedditCursor {
  if (raw !== null && /^\d{1,15}$/.test(raw)) return { newest: Number(raw) <= now ? Number(raw) : start, gap: null };
  try {
    const value = JSON.parse(raw ?? 'null') as Partial<RedditCursor> | null;
    if (typeof value?.newest !== 'number' || value.newest > now) return { newest: start, gap: null };
    const gap = value.gap;
    const valid = gap && typeof gap.after === 'number' && typeof gap.resume === 'string' && /^t3_[a-z0-9]+$/.test(gap.resume);
    const sweptAt = readSweptAt(value.sweptAt);
    return { newest: value.newest, gap: valid ? { after: gap.after, resume: gap.resume } : null, ...(sweptAt === undefined ? {} : { sweptAt }) };
  } catch {
    return { newest: start, gap: null };
  }
}

export function writeRedditCursor(cursor: RedditCursor): string {
  return writeWindowCursor(cursor);
}

/**
 * The cursor after reading the gap (if any) and the fresh window; see search-window.ts for the idea.
 * `freshFloor` is how far down the fresh window read (the cursor less the overlap for posts listed
 * late): a gap it leaves reaches that far, as the fresh read would have.
 */
export function advanceRedditCursor(previous: RedditCursor, gap: WindowRead | null, fresh: WindowRead, now = Infinity, freshFloor = previous.newest): Omit<RedditCursor, 'sweptAt'> {
  // A post dated in the future counts as now: as the newest time it would hold the cursor at year 9999.
  const times = fresh.entries.map((entry) => entry.createdAt).filter((t): t is number => t !== null).map((t) => Math.min(t, now));
  const newest = Math.max(previous.newest, ...times);
  const oldGap = previous.gap && !gap?.complete ? { after: previous.gap.after, resume: gap?.lastFullname ?? previous.gap.resume } : null;
  const newGap = !fresh.complete && fresh.lastFullname ? { after: oldGap?.after ?? freshFloor, resume: fresh.lastFullname } : null;
  return { newest, gap: newGap ?? oldGap };
}
