import type { SourceKind } from '../domain/source';
import { rssSource } from './rss-source';
import type { SourceAdapter } from './source-adapter';

/** One adapter per source kind; a kind added to `sourceKinds` without an entry here fails the typecheck. */
export const sourceAdapters: Record<SourceKind, SourceAdapter> = {
  rss: rssSource,
};
