export interface Topic {
  id: number;
  name: string;
  /** Boolean query: "phrases", words, OR, AND, NOT / -word. See src/matching. */
  query: string;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
}
