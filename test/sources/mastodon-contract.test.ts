import type { Source } from '../../src/domain/source';
import { createMastodonSource } from '../../src/sources/mastodon-source';
import { runAdapterContract } from './adapter-contract';

runAdapterContract({
  name: 'mastodon',
  adapter: createMastodonSource(),
  sourceFor: (origin): Source => ({
    id: 1, kind: 'mastodon', url: origin, name: null, topicId: null, enabled: true, createdAt: 0, config: { tags: ['acme'] },
    state: { etag: null, lastModified: null, cursor: null, nextCheckAt: 0, errorCount: 0, lastError: null, lastErrorKind: null, lastSuccessAt: null },
  }),
  cases: { ok: 'mastodon/tag-page', empty: 'mastodon/tag-empty', malformed: 'mastodon/tag-malformed' },
});
