import type { MentionDraft } from '../domain/mention';
import type { Source, SourceErrorKind } from '../domain/source';
import type { Topic } from '../domain/topic';
import type { SafeFetch } from '../http/safe-fetch';

/** What an adapter may use; passed in so adapters stay runtime-agnostic and testable. */
export interface SourceIo {
  fetch: SafeFetch;
  now: number;
  /** Enabled topics, for adapters that search per topic or match a stream locally. */
  topics: Topic[];
  /** Operator-supplied credentials and settings by source kind (from config). */
  credentials?: Record<string, Record<string, string> | undefined>;
}

/** The fetch state an adapter hands back to be stored after (never before) its mentions. */
export interface SourceCursor {
  etag: string | null;
  lastModified: string | null;
  cursor: string | null;
  /**
   * Where the source is to be fetched from now on (see Source.movedTo): an address to remember, null to
   * go back to its own URL, absent to leave it as it is. Stored with the rest, so only after a success.
   */
  movedTo?: string | null;
}

/**
 * What a fetch came back with. `revisesUpTo` (epoch ms): the drafts counted at or before it were heard
 * late, over time the source had read already (a search source's late sweep, see late-sweep.ts). They
 * revise the buckets they count in, as late items do, and are no sign that the source is backfilling
 * (see isBackfilling): judged as one, a sweep that heard a handful of posts listed hours late would
 * have kept exactly those posts out of the buckets detection revises.
 */
export type FetchOutcome =
  | { kind: 'ok'; drafts: MentionDraft[]; next: SourceCursor; nextCheckInMs?: number; partial?: PartialAnswer; revisesUpTo?: number }
  | { kind: 'not-modified'; next?: SourceCursor; nextCheckInMs?: number }
  | { kind: 'failed'; error: SourceFailure };

/**
 * An answer from some of the places a source reads but not all (one Mastodon instance of three timed
 * out): the drafts are what did answer, and the source has not failed. The crawl stores them, keeps
 * the source healthy (no backoff: the adapter holds back the part that failed, in its cursor) and
 * shows `message` as the source's lastError.
 */
export interface PartialAnswer {
  /** Which parts did not answer and why, for the operator; the source's lastError until its next crawl. */
  message: string;
  /**
   * A part that had answered before is missing, so the topic hears less than it did: the crawl's
   * status is `partial` and the buckets it covers are partial coverage. False when every missing part
   * never answered (a misnamed instance), which is a health notice and not a hole in the data.
   */
  coverageLost: boolean;
}

export interface SourceFailure {
  kind: SourceErrorKind;
  message: string;
  httpStatus?: number;
  /** From Retry-After on 429/503: the source is not asked again before this. */
  retryAfterMs?: number;
}

export interface SourceAdapter {
  fetchMentions(source: Source, io: SourceIo): Promise<FetchOutcome>;
  /**
   * The drafts' keys are what the fetched documents state (a feed's guid), which some generators
   * change on every render: the store then takes a new key with a stored post's link, title and text
   * as that post (insertMentions' keysMayChange). Absent for platform ids, which never change.
   */
  keysMayChange?: true;
}
