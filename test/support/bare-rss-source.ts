import type { Source } from '../../src/domain/source';

/** A never-crawled RSS source at `url`, for running the adapter directly (on Node and inside workerd). */
export function bareRssSource(url: string): Source {
  return {
    id: 1,
    kind: 'rss',
    url,
    name: null,
    topicId: null,
    enabled: true,
    createdAt: 0,
    state: { etag: null, lastModified: null, cursor: null, nextCheckAt: 0, errorCount: 0, lastError: null, lastErrorKind: null, lastSuccessAt: null },
  };
}
