import type { Source } from '../../src/domain/source';
import { createBlueskySource } from '../../src/sources/bluesky-source';
import type { SourceAdapter } from '../../src/sources/source-adapter';
import { runAdapterContract } from './adapter-contract';

const bluesky = createBlueskySource();
/** The operator's service (EARSHOT_BLUESKY_SERVICE) is each scenario's fixture server. */
const withFixtureService: SourceAdapter = {
  fetchMentions: (source, io) =>
    bluesky.fetchMentions(source, { ...io, credentials: { bluesky: { ...io.credentials?.bluesky, identifier: 'earshot-monitor.bsky.social', appPassword: 'abcd-efgh-ijkl-mnop', service: source.url } } }),
};

runAdapterContract({
  name: 'bluesky',
  adapter: withFixtureService,
  sourceFor: (origin): Source => ({
    id: 1, kind: 'bluesky', url: origin, name: null, topicId: null, enabled: true, createdAt: 0, config: { query: 'acme' },
    state: { etag: null, lastModified: null, cursor: null, nextCheckAt: 0, errorCount: 0, lastError: null, lastErrorKind: null, lastSuccessAt: null },
  }),
  cases: { ok: 'bluesky/search-page', empty: 'bluesky/search-empty', malformed: 'bluesky/search-malformed' },
  routes: { '/xrpc/com.atproto.server.createSession': 'bluesky/session' },
  credentials: { bluesky: { identifier: 'earshot-monitor.bsky.social', appPassword: 'abcd-efgh-ijkl-mnop' } },
});
