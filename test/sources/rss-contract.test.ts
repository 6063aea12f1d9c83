import type { Source } from '../../src/domain/source';
import { rssSource } from '../../src/sources/rss-source';
import { runAdapterContract } from './adapter-contract';

const sourceAt = (url: string): Source => ({
  id: 1, kind: 'rss', url, name: null, topicId: null, enabled: true, createdAt: 0,
  state: { etag: null, lastModified: null, cursor: null, nextCheckAt: 0, errorCount: 0, lastError: null, lastErrorKind: null, lastSuccessAt: null },
});

runAdapterContract({
  name: 'rss',
  adapter: rssSource,
  sourceFor: (origin) => sourceAt(`${origin}/feed.xml`),
  cases: { ok: 'rss/basic', empty: 'rss/empty', malformed: 'rss/malformed' },
});
