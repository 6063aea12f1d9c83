import { z } from 'zod';
import { searchSourceDefaults, type SearchSourceKind } from '../sources/search-terms';
import { topicQueryField } from '../matching/topic-query-field';
import { outboundUrl } from './url-field';

/**
 * Per-source settings the search adapters read (see src/sources): a fixed `query` instead of the
 * topic's, Mastodon `tags`, further Mastodon `instances` (each checked by the URL guard like any URL
 * Earshot fetches) and Mastodon status `search`. Unknown keys are refused so a typo is a 400, not a no-op.
 */
export function sourceConfigField(allowPrivateUrls: boolean) {
  return z.strictObject({
    query: topicQueryField.optional(),
    tags: z
      .array(z.string().regex(/^#?[\p{L}\p{N}_]{1,100}$/u, 'must be a hashtag: letters, digits and _'))
      .min(1, 'must name at least one tag')
      .max(5, 'at most 5 tags')
      // Mastodon's hashtags ignore case and the '#': "#Acme" and "acme" are one tag, read once.
      .transform((tags) => uniqueBy(tags, (tag) => tag.replace(/^#/, '').toLowerCase()))
      .optional(),
    instances: z
      .array(outboundUrl(allowPrivateUrls))
      .max(10, 'at most 10 instances')
      .transform((urls) => uniqueBy(urls, (url) => url))
      .optional(),
    search: z.boolean().optional(),
  });
}

/** The first of each group of items with the same key, in order. */
function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  const kept: T[] = [];
  for (const item of items) {
    if (seen.has(key(item))) continue;
    seen.add(key(item));
    kept.push(item);
  }
  return kept;
}

/** `POST /api/sources/search`: the search sources a topic should have (see ensureSearchSources). */
export function searchSourcesBody(allowPrivateUrls: boolean) {
  return z.strictObject({
    topicId: z.number().int('must be a whole number').positive('must be a positive id').max(Number.MAX_SAFE_INTEGER),
    kinds: z
      .array(z.enum(Object.keys(searchSourceDefaults) as [SearchSourceKind, ...SearchSourceKind[]]))
      .min(1, 'name at least one kind')
      .optional(),
    mastodonInstances: z.array(outboundUrl(allowPrivateUrls)).min(1, 'name at least one instance').max(10, 'at most 10 instances').optional(),
    mastodonSearch: z.boolean().optional(),
  });
}
