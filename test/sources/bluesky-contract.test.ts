import type { Source } from '../../src/domain/source';
import { createBlueskySource } from '../../src/sources/bluesky-source';
import { runAdapterContract } from './adapter-contract';

runAdapterContract({
  name: 'bluesky',
  adapter: createBlueskySource(),
  sourceFor: (origin): Source => ({
    id: 1, kind: 'bluesky', url: origin, name: null, topicId: null, enabled: true, createdAt: 0, config: { query: 'acme' },
    state: { etag: null, lastModified: null, cursor: null, nextCheckAt: 0, errorCount: 0, lastError: null, lastErrorKind: null, lastSuccessAt: null },
  }),
  cases: { ok: 'bluesky/search-page', empty: 'bluesky/search-empty', malformed: 'bluesky/search-malformed' },
  routes: { '/xrpc/com.atproto.server.createSession': 'bluesky/session' },
  credentials: { bluesky: { identifier: 'earshot-monitor.bsky.social', appPassword: 'abcd-efgh-ijkl-mnop' } },
});
