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
}

export type FetchOutcome =
  | { kind: 'ok'; drafts: MentionDraft[]; next: SourceCursor; nextCheckInMs?: number }
  | { kind: 'not-modified'; next?: SourceCursor; nextCheckInMs?: number }
  | { kind: 'failed'; error: SourceFailure };

export interface SourceFailure {
  kind: SourceErrorKind;
  message: string;
  httpStatus?: number;
  /** From Retry-After on 429/503: the source is not asked again before this. */
  retryAfterMs?: number;
}

export interface SourceAdapter {
  fetchMentions(source: Source, io: SourceIo): Promise<FetchOutcome>;
}
