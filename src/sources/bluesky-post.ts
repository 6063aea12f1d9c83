import { z } from 'zod';
import type { MentionDraft } from '../domain/mention';
import { countMalformedItems, describeSchemaError, type ItemRead, type MalformedCount } from './count-malformed-items';
import { countOrNull } from './fetch-source-json';

/**
 * An AT Protocol DID (atproto.com/specs/did: `did:method:id`, at most 2 KB). It becomes part of a
 * stored link (bsky.app/profile/<did>/post/…), so a hostile service's "did:x\n[Verify your
 * account](https://…" must not pass as one.
 */
export const didSchema = z.string().max(2048).regex(/^did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]$/);

/** The parts of `app.bsky.feed.defs#postView` a mention needs. */
const postViewSchema = z.object({
  uri: z.string().regex(/^at:\/\/[^/]+\/app\.bsky\.feed\.post\/[^/]+$/),
  cid: z.string().optional(),
  author: z.object({ did: didSchema, handle: z.string().optional() }),
  record: z.object({ text: z.string().default(''), createdAt: z.string().optional() }).loose(),
  indexedAt: z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'expected a date'),
  likeCount: z.unknown().optional(),
  repostCount: z.unknown().optional(),
  replyCount: z.unknown().optional(),
  quoteCount: z.unknown().optional(),
});

export interface BlueskyPost {
  draft: MentionDraft;
  /** When search sorts it: the earlier of createdAt and indexedAt (a client can backdate createdAt, not indexedAt). */
  sortAt: number;
}

/**
 * Posts of a searchPosts answer that parse; the others are skipped and counted (see
 * countMalformedItems). Null when there is no `posts` list.
 */
export function parseBlueskyPosts(value: unknown): { posts: BlueskyPost[]; cursor: string | null; malformed: MalformedCount } | null {
  const page = z.object({ posts: z.array(z.unknown()), cursor: z.string().nullish() }).safeParse(value);
  if (!page.success) return null;
  const { items, count } = countMalformedItems(page.data.posts, readPost);
  return { posts: items, cursor: page.data.cursor ?? null, malformed: count };
}

function readPost(raw: unknown): ItemRead<BlueskyPost> {
  const parsed = postViewSchema.safeParse(raw);
  if (!parsed.success) return { kind: 'malformed', reason: describeSchemaError(parsed.error) };
  // A post without text (an image alone) has nothing to hear: left out on purpose, not malformed.
  const post = toPost(parsed.data);
  return post === null ? { kind: 'left-out' } : { kind: 'kept', item: post };
}

function toPost(view: z.infer<typeof postViewSchema>): BlueskyPost | null {
  const text = view.record.text.trim();
  const indexedAt = Date.parse(view.indexedAt);
  if (text === '') return null;
  const createdAt = Date.parse(view.record.createdAt ?? '');
  const rkey = view.uri.slice(view.uri.lastIndexOf('/') + 1);
  const handle = view.author.handle && view.author.handle !== 'handle.invalid' ? view.author.handle : null;
  const reposts = countOrNull(view.repostCount);
  const quotes = countOrNull(view.quoteCount);
  return {
    sortAt: Number.isNaN(createdAt) ? indexedAt : Math.min(createdAt, indexedAt),
    draft: {
      dedupKey: view.uri,
      // By DID, not handle: handles change, and the Jetstream source links the same way so both count once.
      url: `https://bsky.app/profile/${view.author.did}/post/${encodeURIComponent(rkey)}`,
      author: handle ?? view.author.did,
      title: null,
      text: text.slice(0, 20_000),
      publishedAt: Number.isNaN(createdAt) ? indexedAt : createdAt,
      engagement: {
        likes: countOrNull(view.likeCount),
        // Engagement has no quote field: a quote is a repost with words, so quotes count as reposts.
        reposts: reposts === null && quotes === null ? null : (reposts ?? 0) + (quotes ?? 0),
        replies: countOrNull(view.replyCount),
        score: null,
      },
    },
  };
}
