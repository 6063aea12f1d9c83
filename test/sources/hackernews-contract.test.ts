import type { Source } from '../../src/domain/source';
import { createHackerNewsSource } from '../../src/sources/hackernews-source';
import { runAdapterContract } from './adapter-contract';

runAdapterContract({
  name: 'hackernews',
  adapter: createHackerNewsSource(),
  sourceFor: (origin): Source => ({
    id: 1, kind: 'hackernews', url: origin, name: null, topicId: null, enabled: true, createdAt: 0, config: { query: 'acme' },
    state: { etag: null, lastModified: null, cursor: null, nextCheckAt: 0, errorCount: 0, lastError: null, lastErrorKind: null, lastSuccessAt: null },
  }),
  cases: { ok: 'hackernews/search-page', empty: 'hackernews/search-empty', malformed: 'hackernews/search-malformed' },
});
