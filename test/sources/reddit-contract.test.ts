import type { Source } from '../../src/domain/source';
import { createRedditSource } from '../../src/sources/reddit-source';
import type { SourceAdapter } from '../../src/sources/source-adapter';
import { runAdapterContract } from './adapter-contract';

const sourceFor = (origin: string): Source => ({
  id: 1, kind: 'reddit', url: origin, name: null, topicId: null, enabled: true, createdAt: 0, config: { query: 'acme' },
  state: { etag: null, lastModified: null, cursor: null, nextCheckAt: 0, errorCount: 0, lastError: null, lastErrorKind: null, lastSuccessAt: null },
});

runAdapterContract({
  name: 'reddit (keyless Atom search)',
  // The contract fetches many times at one instant; the per-minute pacing has its own test.
  adapter: createRedditSource({ keylessPerMinute: 1_000 }),
  sourceFor,
  cases: { ok: 'reddit/search-rss', empty: 'reddit/search-rss-empty', malformed: 'reddit/search-rss-malformed' },
});

/** The OAuth host and token endpoint follow the source's origin, so every scenario's server answers them. */
const oauthOnSourceOrigin: SourceAdapter = {
  fetchMentions: (source, io) =>
    createRedditSource({ oauthBaseUrl: source.url, tokenUrl: `${source.url}/api/v1/access_token` }).fetchMentions(source, io),
};

runAdapterContract({
  name: 'reddit (OAuth search)',
  adapter: oauthOnSourceOrigin,
  sourceFor,
  cases: { ok: 'reddit/search-listing', empty: 'reddit/search-listing-empty', malformed: 'reddit/search-listing-malformed' },
  routes: { '/api/v1/access_token': 'reddit/token' },
  credentials: { reddit: { clientId: 'id', clientSecret: 'secret' } },
});
