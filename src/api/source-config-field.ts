import { z } from 'zod';
import type { SourceKind } from '../domain/source';
import { searchSourceDefaults, type SearchSourceKind } from '../sources/search-terms';
import { topicQueryField } from '../matching/topic-query-field';
import type { ProblemDetail } from './api-error';
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

/**
 * Which kinds read each setting: `query` every search adapter (searchQueryTree), the rest only the
 * Mastodon adapter. On any other kind a setting would be stored and shown, and do nothing.
 */
const kindsReading: Record<keyof z.output<ReturnType<typeof sourceConfigField>>, readonly SourceKind[]> = {
  query: Object.keys(searchSourceDefaults) as SearchSourceKind[],
  tags: ['mastodon'],
  instances: ['mastodon'],
  search: ['mastodon'],
};

/** A problem for each setting in `config` that a source of `kind` never reads, at `body.config.<key>`. */
export function unreadConfigSettings(kind: SourceKind, config: Record<string, unknown> | undefined): ProblemDetail[] {
  return Object.keys(config ?? {}).flatMap((key) => {
    const readers = kindsReading[key as keyof typeof kindsReading];
    return readers.includes(kind) ? [] : [{ path: `body.config.${key}`, message: `${kind} sources do not read it (only ${readers.join(', ')} sources do)` }];
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
      // Each kind once: every entry is an insert, and a body of 6,000 repeats was 6,000 statements.
      .transform((kinds) => [...new Set(kinds)])
      .optional(),
    mastodonInstances: z.array(outboundUrl(allowPrivateUrls)).min(1, 'name at least one instance').max(10, 'at most 10 instances').optional(),
    mastodonSearch: z.boolean().optional(),
  }).superRefine((body, ctx) => {
    // Settings of the Mastodon source, asked for while `kinds` leaves it out, would configure nothing.
    if (body.kinds === undefined || body.kinds.includes('mastodon')) return;
    for (const key of ['mastodonInstances', 'mastodonSearch'] as const) {
      if (body[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'is for the mastodon source, which kinds leaves out' });
    }
  });
}
