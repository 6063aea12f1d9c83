import { readSweptAt } from './late-sweep';

/**
 * A time cursor for newest-first search APIs (Hacker News, Bluesky) that does not lose a burst.
 *
 * Each crawl reads at most a few pages, newest first. When more was new than that, the posts between
 * the old cursor and the oldest one read would be skipped for good — exactly during a spike, when they
 * matter most. So the cursor also remembers that gap, and the next crawls read it (again newest first,
 * bounded) until it is closed. Times are in the service's own unit (seconds for HN, ms for Bluesky).
 */
export interface WindowCursor {
  /** Newest post time stored: fresh posts are newer than this. */
  newest: number;
  /** Posts after `after` and up to `before` (inclusive) not yet read. */
  gap: { after: number; before: number } | null;
  /** When this source last ran its late sweep (epoch ms, whatever the service's unit; see late-sweep.ts). */
  sweptAt?: number;
}

/** One time window a crawl searches; `before` null means "up to now". A `late` window is a late sweep's. */
export interface SearchWindow {
  kind: 'gap' | 'fresh' | 'late';
  after: number;
  before: number | null;
}

/** What reading one window found. */
export interface WindowResult {
  newestSeen: number | null;
  oldestSeen: number | null;
  /** More pages remained when the page budget ran out. */
  truncated: boolean;
}

/**
 * The stored cursor: `{"newest":…,"gap":{…}|null,"sweptAt":…}`, or a bare number (older cursors, and
 * every cursor without a gap or a sweep time). Unreadable or future cursors fall back to `start`.
 */
export function readWindowCursor(raw: string | null, start: number, now: number): WindowCursor {
  if (raw !== null && /^\d{1,17}$/.test(raw)) return Number(raw) <= now ? { newest: Number(raw), gap: null } : { newest: start, gap: null };
  try {
    const value = JSON.parse(raw ?? 'null') as Partial<WindowCursor> | null;
    const newest = value?.newest;
    if (typeof newest !== 'number' || !Number.isFinite(newest) || newest > now) return { newest: start, gap: null };
    const gap = value?.gap;
    const validGap = gap && typeof gap.after === 'number' && typeof gap.before === 'number' && gap.after < gap.before ? { after: gap.after, before: gap.before } : null;
    const sweptAt = readSweptAt(value?.sweptAt);
    return sweptAt === undefined ? { newest, gap: validGap } : { newest, gap: validGap, sweptAt };
  } catch {
    return { newest: start, gap: null };
  }
}

/**
 * A bare number while there is no gap nor sweep time, which older readers take too; else the object.
 * Reddit's cursor (a gap that resumes at a fullname) is written the same way.
 */
export function writeWindowCursor(cursor: Pick<WindowCursor, 'newest' | 'sweptAt'> & { gap: object | null }): string {
  return cursor.gap === null && cursor.sweptAt === undefined ? String(cursor.newest) : JSON.stringify({ newest: cursor.newest, gap: cursor.gap, ...(cursor.sweptAt === undefined ? {} : { sweptAt: cursor.sweptAt }) });
}

/**
 * The windows to search this crawl: the open gap first (oldest unread), then what is new, from
 * `overlap` before the cursor (the adapter's allowance for posts indexed late; give advanceWindowCursor
 * the same start).
 */
export function planWindows(cursor: WindowCursor, overlap = 0): SearchWindow[] {
  return [...(cursor.gap ? [{ kind: 'gap' as const, ...cursor.gap }] : []), { kind: 'fresh', after: cursor.newest - overlap, before: null }];
}

/**
 * The late sweep's window: the `span` before where the fresh window starts (`freshAfter`), so the two
 * meet without overlapping. Read after the fresh window, and never moved into the cursor: the newest
 * post it finds is older than the cursor, and whatever it misses the next sweeps read again.
 */
export function lateSweepWindow(freshAfter: number, span: number): SearchWindow {
  return { kind: 'late', after: freshAfter - span, before: freshAfter };
}

/**
 * The cursor after a crawl. A gap read to its end closes; one cut short shrinks to what is still
 * unread; a cut-short fresh window opens one. Two gaps are merged into one span: re-reading the part
 * in between costs requests, never posts (the store drops what it has).
 * `freshAfter` is where the fresh window was read from: the cursor less the adapter's overlap for
 * late-indexed posts. A gap opens from there, not from the cursor, or the overlap a cut-short crawl
 * never reached down to would be skipped for good (the gap's read has no overlap of its own).
 */
export function advanceWindowCursor(previous: WindowCursor, gap: WindowResult | null, fresh: WindowResult, freshAfter = previous.newest): Omit<WindowCursor, 'sweptAt'> {
  const newest = Math.max(previous.newest, fresh.newestSeen ?? previous.newest);
  const oldGap =
    previous.gap && gap?.truncated && gap.oldestSeen !== null && gap.oldestSeen < previous.gap.before && gap.oldestSeen > previous.gap.after
      ? { after: previous.gap.after, before: gap.oldestSeen }
      : null;
  const newGap = fresh.truncated && fresh.oldestSeen !== null && fresh.oldestSeen > freshAfter ? { after: freshAfter, before: fresh.oldestSeen } : null;
  if (oldGap && newGap) return { newest, gap: { after: oldGap.after, before: newGap.before } };
  return { newest, gap: newGap ?? oldGap };
}

/**
 * One window's result over several queries (HN and Bluesky search each alternative of a topic
 * separately). A query cut short leaves unread posts down to its own oldest; the gap must reach the
 * highest of those, or a busier query's posts would fall through a quieter one's deeper read.
 */
export function combineWindowResults(results: WindowResult[]): WindowResult {
  const newest = results.map((r) => r.newestSeen).filter((t): t is number => t !== null);
  const cutShort = results.filter((r) => r.truncated && r.oldestSeen !== null).map((r) => r.oldestSeen!);
  const oldest = results.map((r) => r.oldestSeen).filter((t): t is number => t !== null);
  return {
    newestSeen: newest.length > 0 ? Math.max(...newest) : null,
    oldestSeen: cutShort.length > 0 ? Math.max(...cutShort) : oldest.length > 0 ? Math.min(...oldest) : null,
    truncated: cutShort.length > 0,
  };
}
