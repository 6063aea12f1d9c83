import { z } from 'zod';
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
  name: z.string().regex(/^t3_[a-z0-9]+$/),
  permalink: z.string().startsWith('/'),
  created_utc: z.number().nonnegative(),
  author: z.string().nullish(),
  title: z.string().nullish(),
  selftext: z.string().nullish(),
  score: z.unknown().optional(),
  num_comments: z.unknown().optional(),
});

const listingSchema = z.object({
  kind: z.literal('Listing'),
  data: z.object({ after: z.string().nullish(), children: z.array(z.object({ kind: z.string(), data: z.unknown() })) }),
});

/**
 * `oauth.reddit.com/search` JSON (`{kind: "Listing", data: {after, children: [{kind: "t3", data}]}}`),
 * newest first with sort=new. Children that are not posts or do not parse are skipped, not the page;
 * null when the answer is not a listing at all.
 */
export function parseRedditListing(value: unknown): { posts: RedditPost[]; after: string | null } | null {
  const listing = listingSchema.safeParse(value);
  if (!listing.success) return null;
  const posts = listing.data.data.children.flatMap((child) => {
    const post = child.kind === 't3' ? postSchema.safeParse(child.data) : null;
    if (!post?.success) return [];
    const data = post.data;
    return [
      {
        fullname: data.name,
        permalink: `https://www.reddit.com${data.permalink}`,
        author: data.author && data.author !== '[deleted]' ? data.author : null,
        title: data.title?.trim() || null,
        // raw_json=1 gives the markdown unescaped: it is plain enough text to match and score.
        text: (data.selftext ?? '').trim().slice(0, 20_000),
        createdAt: Math.round(data.created_utc * 1000),
        score: countOrNull(data.score),
        comments: countOrNull(data.num_comments),
      },
    ];
  });
  return { posts, after: listing.data.data.after ?? null };
}
