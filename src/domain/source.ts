/** Every kind has an adapter in src/sources' registry; adding a kind without one fails the typecheck. */
export const sourceKinds = ['rss', 'hackernews', 'reddit', 'mastodon', 'bluesky', 'jetstream'] as const;
export type SourceKind = (typeof sourceKinds)[number];

export interface Source {
  id: number;
  kind: SourceKind;
  url: string;
  name: string | null;
  /** Search sources belong to one topic; feed sources (null) serve all topics. */
  topicId: number | null;
  enabled: boolean;
  state: SourceFetchState;
  createdAt: number;
  /** Adapter-specific settings (e.g. Mastodon instances, a fixed search query); absent means none. */
  config?: Record<string, unknown>;
  /**
   * Where the feed moved for good: its last successful fetch got there through permanent redirects
   * (301/308) only. Crawls fetch this instead of `url`, which stays the source's identity (config seeding
   * and duplicate checks know it by `url`); absent while the source is fetched at its `url`.
   */
  movedTo?: string;
  /** Present once DELETE asked for the source to go: it is disabled and its mentions are being purged (jobs/purge-sources.ts). */
  deleting?: true;
}

/** The address a crawl asks: where the feed moved for good, else its own URL. */
export function fetchAddressOf(source: Source): string {
  return source.movedTo ?? source.url;
}

export interface SourceFetchState {
  etag: string | null;
  lastModified: string | null;
  /** Adapter-specific resume point (since-id, timestamp, page cursor). */
  cursor: string | null;
  nextCheckAt: number;
  errorCount: number;
  /** The last failure; with no lastErrorKind, a warning on a source that answered in part (see PartialAnswer). */
  lastError: string | null;
  lastErrorKind: SourceErrorKind | null;
  lastSuccessAt: number | null;
}

export type SourceErrorKind = 'timeout' | 'network' | 'http' | 'rate-limited' | 'parse' | 'blocked' | 'too-large';

/**
 * What a source can and cannot hear, shown next to its health so coverage is stated honestly:
 * the request budget it keeps to, what the service hides from it, and credentials it still needs.
 */
export interface SourceLimits {
  rateBudget: string;
  cannotSee: string[];
  /** Settings (EARSHOT_* names) the operator has not given; non-empty means reduced or no coverage. */
  missingCredentials: string[];
  /** Whether the source hears nothing without them (Bluesky search) rather than less (Reddit's keyless feed). */
  credentialsRequired: boolean;
}
