import type { FixtureHandler } from './fixture-server';

/** An `app.bsky.feed.defs#postView` as searchPosts lists it. */
export function postView(rkey: string, createdAt: number, indexedAt: number, text: string) {
  const did = 'did:plc:latecomer2kq7xyzv4lbcm3wa';
  return {
    uri: `at://${did}/app.bsky.feed.post/${rkey}`,
    cid: 'bafyreia3tbsfxe3cc75xrxyyn6qc42oupi73fxiox76prlyi5bpx7hr72u',
    author: { did, handle: 'latecomer.bsky.social', displayName: 'Late Comer', labels: [], createdAt: '2024-02-01T12:00:00.000Z' },
    record: { $type: 'app.bsky.feed.post', createdAt: new Date(createdAt).toISOString(), langs: ['en'], text },
    replyCount: 0, repostCount: 0, likeCount: 1, quoteCount: 0,
    indexedAt: new Date(indexedAt).toISOString(), labels: [],
  };
}

export type PostView = ReturnType<typeof postView>;

const sortAt = (post: PostView) => Math.min(Date.parse(post.record.createdAt), Date.parse(post.indexedAt));

/**
 * searchPosts (sort=latest) over the posts the AppView lists now, as it answers: `since` inclusive and
 * `until` exclusive on the sort time (the earlier of createdAt and indexedAt), newest first, paged by an
 * opaque cursor, with the rate-limit headers of bsky.social. Tests add a post to `listed` when search
 * would start listing it; `refuseUntil` answers every bounded search (a gap's or a sweep's) with an
 * XRPC InternalServerError, and `spentByUntil` says on those that the budget is spent until that reset.
 */
export function blueskySearchIndex(listed: PostView[], options: { refuseUntil?: boolean; spentByUntil?: Date } = {}): FixtureHandler {
  return (request, response) => {
    const query = new URL(request.url!, 'http://x').searchParams;
    const until = query.get('until');
    if (options.refuseUntil && until !== null) {
      response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' }).end('{"error":"InternalServerError","message":"Internal Server Error"}');
      return;
    }
    const since = Date.parse(query.get('since')!);
    const posts = listed.filter((post) => sortAt(post) >= since && (until === null || sortAt(post) < Date.parse(until))).sort((a, b) => sortAt(b) - sortAt(a));
    const offset = Number(query.get('cursor') ?? '0');
    const limit = Number(query.get('limit'));
    const page = posts.slice(offset, offset + limit);
    const body = { ...(offset + limit < posts.length ? { cursor: String(offset + limit) } : {}), hitsTotal: posts.length, posts: page };
    const spent = options.spentByUntil !== undefined && until !== null;
    const budget = spent ? { 'ratelimit-remaining': '0', 'ratelimit-reset': String(options.spentByUntil!.getTime() / 1000) } : { 'ratelimit-remaining': '2990' };
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'ratelimit-limit': '3000', ...budget, 'ratelimit-policy': '3000;w=300' }).end(JSON.stringify(body));
  };
}
