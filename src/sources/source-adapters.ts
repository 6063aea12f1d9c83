import type { Source, SourceKind, SourceLimits } from '../domain/source';
import { blueskySource, describeBlueskyLimits } from './bluesky-source';
import { describeHackerNewsLimits, hackerNewsSource } from './hackernews-source';
import { connectJetstream } from './jetstream-connect';
import { createJetstreamSource, describeJetstreamLimits } from './jetstream-source';
import { describeMastodonLimits, mastodonSource } from './mastodon-source';
import { describeRedditLimits, redditSource } from './reddit-source';
import { rssSource } from './rss-source';
import type { SourceAdapter, SourceIo } from './source-adapter';

/** One adapter per source kind; a kind added to `sourceKinds` without an entry here fails the typecheck. */
export const sourceAdapters: Record<SourceKind, SourceAdapter> = {
  rss: rssSource,
  hackernews: hackerNewsSource,
  reddit: redditSource,
  mastodon: mastodonSource,
  bluesky: blueskySource,
  // Node only: on Workers it fails visibly (see jetstream-connect.ts).
  jetstream: createJetstreamSource({ connect: connectJetstream }),
};

type DescribeLimits = (source: Source, credentials?: Record<string, string>) => SourceLimits;

const limitDescribers: Record<SourceKind, DescribeLimits> = {
  rss: () => ({
    rateBudget: 'one request per check; Cache-Control, Expires and <ttl> can only slow it down',
    cannotSee: ['items that fall off the feed between two checks'],
    missingCredentials: [],
    credentialsRequired: false,
  }),
  hackernews: describeHackerNewsLimits,
  reddit: describeRedditLimits,
  mastodon: describeMastodonLimits,
  bluesky: describeBlueskyLimits,
  jetstream: describeJetstreamLimits,
};

/**
 * What a source can and cannot hear with the operator's credentials: rate budget, blind spots and
 * missing settings, for the API and dashboard to show next to its health. Pure; never returns a secret.
 */
export function describeSourceLimits(source: Source, credentials: SourceIo['credentials'] = {}): SourceLimits {
  return limitDescribers[source.kind](source, credentials?.[source.kind]);
}
