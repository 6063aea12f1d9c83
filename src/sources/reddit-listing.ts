import { z } from 'zod';
import { countMalformedItems, describeSchemaError, type ItemRead, type MalformedCount } from './count-malformed-items';
import { countOrNull } from './fetch-source-json';

/** One post of a Reddit search listing, as the adapter uses it. */
export interface RedditPost {
  /** `t3_…`: the same key the Atom feed's `<id>` carries. */
  fullname: string;
  permalink: string;
  author: string | null;
  title: string | null;
  text: string;
  createdAt: number;
  score: number | null;
  comments: number | null;
}

const postSchema = z.object({
  name: z.string().regex(/^t3_[a-z0-9]+$/, 'expected a t3_ fullname'),
  permalink: z.string().startsWith('/'),
  created_utc: z.number().nonnegative(),
  author: z.string().nullish(),
  title: z.string().nullish(),
  selftext: z.string().nullish(),
  score: z.unknown().optional(),
  num_comments: z.unknown().optional(),
});

const childSchema = z.object({ kind: z.string(), data: z.unknown() });
const postChildSchema = z.object({ kind: z.literal('t3'), data: postSchema });

const listingSchema = z.object({
  kind: z.literal('Listing'),
  data: z.object({ after: z.string().nullish(), children: z.array(z.unknown()) }),
});

/**
 * Reddit's other kinds of thing (t1 comment, t2 account, t4 message, t5 subreddit, t6 award): a search
 * can list a subreddit among the posts, which is not a post to hear and not a sign the format changed.
 */
const otherThingKind = /^t[124-6]$/;

/**
 * `oauth.reddit.com/search` JSON (`{kind: "Listing", data: {after, children: [{kind: "t3", data}]}}`),
 * newest first with sort=new. Children of Reddit's other kinds are left out; children that do not parse
 * are skipped, not the page, and counted (see countMalformedItems); null when the answer is not a
 * listing at all.
 */
export function parseRedditListing(value: unknown): { posts: RedditPost[]; after: string | null; malformed: MalformedCount } | null {
  const listing = listingSchema.safeParse(value);
  if (!listing.success) return null;
  const { items, count } = countMalformedItems(listing.data.data.children, readChild);
  return { posts: items, after: listing.data.data.after ?? null, malformed: count };
}

/**
 * What Reddit puts in place of a post's body once a moderator removed it (`[removed]`) or its author
 * deleted it (`[deleted]`): not the poster's words, and a word the scorer would read as negative. The
 * title stays, as Reddit keeps showing it, so the post is heard by its title.
 */
export function withoutRemovedMarker(text: string): string {
  return text === '[removed]' || text === '[deleted]' ? '' : text;
}

function readChild(raw: unknown): ItemRead<RedditPost> {
  const child = childSchema.safeParse(raw);
  if (!child.success) return { kind: 'malformed', reason: describeSchemaError(child.error) };
  if (otherThingKind.test(child.data.kind)) return { kind: 'left-out' };
  if (child.data.kind !== 't3') return { kind: 'malformed', reason: 'kind: not a kind of Reddit thing' };
  const post = postChildSchema.safeParse(raw);
  if (!post.success) return { kind: 'malformed', reason: describeSchemaError(post.error) };
  const data = post.data.data;
  return {
    kind: 'kept',
    item: {
      fullname: data.name,
      permalink: `https://www.reddit.com${data.permalink}`,
      author: data.author && data.author !== '[deleted]' ? data.author : null,
      title: data.title?.trim() || null,
      // raw_json=1 gives the markdown unescaped: it is plain enough text to match and score.
      text: withoutRemovedMarker((data.selftext ?? '').trim()).slice(0, 20_000),
      createdAt: Math.round(data.created_utc * 1000),
      score: countOrNull(data.score),
      comments: countOrNull(data.num_comments),
    },
  };
}
