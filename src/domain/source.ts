/** Every kind has an adapter in src/sources' registry; adding a kind without one fails the typecheck. */
export const sourceKinds = ['rss'] as const;
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
}

export interface SourceFetchState {
  etag: string | null;
  lastModified: string | null;
  /** Adapter-specific resume point (since-id, timestamp, page cursor). */
  cursor: string | null;
  nextCheckAt: number;
  errorCount: number;
  lastError: string | null;
  lastErrorKind: SourceErrorKind | null;
  lastSuccessAt: number | null;
}

export type SourceErrorKind = 'timeout' | 'network' | 'http' | 'rate-limited' | 'parse' | 'blocked' | 'too-large';
