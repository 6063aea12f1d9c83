import type { MentionDraft } from '../domain/mention';
import { addHealthNote, withMalformedItems, type MalformedCount } from './count-malformed-items';
import type { FetchOutcome, SourceFailure } from './source-adapter';

/**
 * The late sweep of the search sources (Hacker News, Reddit, Bluesky).
 *
 * Each crawl reads what is new from 5 minutes before its cursor, for posts a search index lists a
 * little late. Some are listed much later: Reddit search lags by tens of minutes, at times hours;
 * Algolia now and then; Bluesky's search after a relay hiccup. Such a post is older than cursor − overlap
 * by the time it is listed, so no fresh read ever hears it. Once a period a crawl therefore also reads
 * the `span` before its fresh window again (newest first, within the adapter's page budget), and the
 * store drops what it has. A post heard that way counts at its published time, as any late item does.
 *
 * Every source runs its sweep on its own clock (the time of its last sweep is kept in its cursor), so
 * sweeps spread over the hour instead of all sources asking at once.
 */
export interface LateSweepTiming {
  /** At most one sweep per source per this long. */
  periodMs: number;
  /** How far before the fresh window a sweep reads. */
  spanMs: number;
}

/**
 * Hourly, 6 hours back.
 * - spanMs: the detector revises the last 6 hours of buckets on every run (REVISION_MS in jobs/detect.ts);
 *   an older post would still be stored, but it would no longer change a count an alert is judged on.
 * - periodMs: a sweep costs each query one request more when it is quiet (up to the adapter's page budget
 *   in a burst): on a source crawled every 10 minutes, one more request in seven. Keyless Reddit shares
 *   8 requests a minute across all its sources, and needs the extra request only when its fresh page
 *   did not already reach 6 hours back. Hourly also means a post missed by one sweep (a failed request,
 *   a crawl spent on a burst) is still inside the next five sweeps' span.
 */
export const lateSweepTiming: LateSweepTiming = { periodMs: 60 * 60_000, spanMs: 6 * 60 * 60_000 };

/**
 * Whether a sweep is due: never swept (a cursor written before sweeps existed), the last sweep a
 * period or more ago, or a sweep time in the future (a clock set back), which would hold sweeps off.
 */
function isLateSweepDue(sweptAt: number | undefined, now: number, periodMs: number): boolean {
  return sweptAt === undefined || sweptAt > now || now - sweptAt >= periodMs;
}

/** A stored sweep time, if it is one: epoch milliseconds. */
export function readSweptAt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** The note a crawl whose sweep failed carries: the fresh read stands, and the next sweep reads the span again. */
export function describeFailedSweep(message: string): string {
  return `late sweep failed (${message}); the next one reads its hours again`;
}

export interface LateSweepPlan {
  sweep: boolean;
  /** The sweep time to store after this crawl. */
  sweptAt: number | undefined;
}

/**
 * Whether this crawl sweeps, and the sweep time it stores. `busy`: a gap is open before or after the
 * fresh read, or the service said its rate budget is spent.
 *
 * | first run | busy | due | sweeps | stores                       |
 * | --------- | ---- | --- | ------ | ---------------------------- |
 * | yes       | any  | any | no     | now                          |
 * | no        | yes  | any | no     | as it was                    |
 * | no        | no   | no  | no     | as it was                    |
 * | no        | no   | yes | yes    | now, even if the sweep fails |
 *
 * A first run's look-back reads the whole span anyway. A gap means a burst is using the page budget
 * (and the sweep's window would re-read part of the gap): the sweep waits for the first calm crawl. A
 * failed sweep still counts as one, or a service refusing it would be asked on every crawl; the span
 * is six periods, so the next sweeps read what it missed.
 */
export function planLateSweep(input: { firstRun: boolean; busy: boolean; sweptAt: number | undefined; now: number; periodMs: number }): LateSweepPlan {
  if (input.firstRun) return { sweep: false, sweptAt: input.now };
  if (input.busy || !isLateSweepDue(input.sweptAt, input.now, input.periodMs)) return { sweep: false, sweptAt: input.sweptAt };
  return { sweep: true, sweptAt: input.now };
}

/** What a search crawl has read so far, across its windows and queries; an item found twice is one draft. */
export interface FoundItems {
  drafts: Map<string, MentionDraft>;
  malformed: MalformedCount;
}

/** How a crawl's late sweep ended, when it swept: read, out of rate budget for `ms`, or failed. */
export type SweepEnd = { kind: 'ok' } | { kind: 'wait'; ms: number } | { kind: 'failed'; error: SourceFailure };

/**
 * The outcome of a search crawl whose windows, late sweep last, are read. A crawl that swept heard
 * what it counts up to `revisesUpTo` (epoch ms) late; a sweep out of budget sets when to come back; a
 * failed one is a health note, since the fresh read and the cursor stand either way. Then the count
 * of malformed `noun` is judged, over the whole crawl (withMalformedItems).
 */
export function finishSweptCrawl(input: { found: FoundItems; cursor: string; swept: SweepEnd | null; revisesUpTo: number; noun: string }): FetchOutcome {
  const { found, swept } = input;
  const outcome: FetchOutcome = {
    kind: 'ok',
    drafts: [...found.drafts.values()],
    next: { etag: null, lastModified: null, cursor: input.cursor },
    ...(swept?.kind === 'wait' ? { nextCheckInMs: swept.ms } : {}),
    ...(swept === null ? {} : { revisesUpTo: input.revisesUpTo }),
  };
  const noted = swept?.kind === 'failed' ? { ...outcome, partial: addHealthNote(undefined, describeFailedSweep(swept.error.message)) } : outcome;
  return withMalformedItems(noted, found.malformed, input.noun);
}
