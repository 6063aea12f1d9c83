export interface Topic {
  id: number;
  name: string;
  /** Boolean query: "phrases", words, OR, AND, NOT / -word. See src/matching. */
  query: string;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
  /** Present once DELETE asked for the topic to go: it is matched, detected and listed no more while its own sources are purged (jobs/purge-sources.ts). */
  deleting?: true;
}
