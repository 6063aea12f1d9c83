import { z } from 'zod';
import type { MentionDraft } from '../domain/mention';
import { countMalformedItems, describeSchemaError, type ItemRead, type MalformedCount } from './count-malformed-items';
import { countOrNull } from './fetch-source-json';
import { htmlToText } from './html-to-text';

/** The parts of Mastodon's Status entity a mention needs (docs.joinmastodon.org/entities/Status). */
const statusSchema = z.object({
  id: z
    .string()
    .regex(/^(0|[1-9]\d*)$/, 'expected a decimal id')
    .refine(isMastodonId, 'expected an id below 2^63'),
  uri: z.string().min(1),
  url: z.string().nullish(),
  created_at: z.string(),
  content: z.string().default(''),
  spoiler_text: z.string().nullish(),
  account: z.object({ acct: z.string() }).nullish(),
  reblogs_count: z.unknown().optional(),
  favourites_count: z.unknown().optional(),
  replies_count: z.unknown().optional(),
  visibility: z.string().optional(),
});

export interface MastodonStatus {
  id: string;
  draft: MentionDraft;
}

/**
 * Statuses of an answer that parse; the others are skipped, not the page, and counted (see
 * countMalformedItems). Null when it is not a list.
 */
export function parseMastodonStatuses(value: unknown, instanceHost: string): { statuses: MastodonStatus[]; malformed: MalformedCount } | null {
  if (!Array.isArray(value)) return null;
  const { items, count } = countMalformedItems(value, (raw) => readStatus(raw, instanceHost));
  return { statuses: items, malformed: count };
}

/** A status that is not public or unlisted, or has no text, is left out on purpose: it is not malformed. */
function readStatus(raw: unknown, instanceHost: string): ItemRead<MastodonStatus> {
  const parsed = statusSchema.safeParse(raw);
  if (!parsed.success) return { kind: 'malformed', reason: describeSchemaError(parsed.error) };
  if (parsed.data.visibility !== undefined && !['public', 'unlisted'].includes(parsed.data.visibility)) return { kind: 'left-out' };
  const draft = statusToDraft(parsed.data, instanceHost);
  return draft === null ? { kind: 'left-out' } : { kind: 'kept', item: { id: parsed.data.id, draft } };
}

/**
 * A status as a mention. The key is its ActivityPub `uri` and the link its origin page, which every
 * instance reports the same, so a status seen through two instances is one mention. A local `acct` is
 * made whole with its origin's host (`alice` on mastodon.social is `alice@mastodon.social`) for the same reason.
 */
function statusToDraft(status: z.infer<typeof statusSchema>, instanceHost: string): MentionDraft | null {
  const text = htmlToText(status.content);
  const warning = status.spoiler_text ? htmlToText(status.spoiler_text, 1_000) || null : null;
  if (text === '' && warning === null) return null;
  const acct = status.account?.acct ?? null;
  const publishedAt = Date.parse(status.created_at);
  return {
    dedupKey: status.uri,
    url: httpUrl(status.url) ?? httpUrl(status.uri),
    author: acct === null || acct === '' ? null : acct.includes('@') ? acct : `${acct}@${hostOf(status.uri) ?? instanceHost}`,
    title: warning,
    text: text || warning || '',
    publishedAt: Number.isNaN(publishedAt) ? null : publishedAt,
    engagement: {
      likes: countOrNull(status.favourites_count),
      reposts: countOrNull(status.reblogs_count),
      replies: countOrNull(status.replies_count),
      score: null,
    },
  };
}

function hostOf(uri: string): string | null {
  try {
    return new URL(uri).host || null;
  } catch {
    return null;
  }
}

function httpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

const maxId = 2n ** 63n - 1n;

/**
 * Whether a status id can be a real one: a decimal string (no leading zero) that fits a signed 64-bit
 * integer, as every id does in Mastodon's bigint columns (and in the other servers that answer this
 * API with numeric ids). Anything beyond, such as "99999999999999999999", would become the instance's
 * min_id cursor, and every later read would ask for statuses after it and get none.
 *
 * Ids far ahead of the instance's others but inside the range are not guarded: only Mastodon's
 * snowflakes carry a time (milliseconds << 16) to compare with now, and Pixelfed's shift theirs by
 * 22 from a 2019 epoch, so a time test would reject every status of a server that is not broken.
 */
export function isMastodonId(value: string): boolean {
  return /^(0|[1-9]\d{0,18})$/.test(value) && BigInt(value) <= maxId;
}

/** Mastodon ids are snowflakes as decimal strings: longer is newer, then lexical order. */
export function isNewerId(candidate: string, than: string | null): boolean {
  if (than === null) return true;
  return candidate.length !== than.length ? candidate.length > than.length : candidate > than;
}

/** The `min_id` a Link header's rel="prev" names: where the page of newer statuses starts (RFC 8288). */
export function prevMinIdFromLink(link: string | null): string | null {
  if (link === null) return null;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?prev"?/.exec(part.trim());
    if (!match) continue;
    try {
      return new URL(match[1]!).searchParams.get('min_id');
    } catch {
      return null;
    }
  }
  return null;
}
