import type { FixtureHandler } from './fixture-server';

/** A post as Reddit search lists it; `id` without its `t3_`. */
export interface ListedRedditPost {
  id: string;
  createdAt: number;
  title: string;
}

const atomHeaders = { 'content-type': 'application/atom+xml; charset=UTF-8', 'cache-control': 'private, max-age=3600', server: 'snooserv' };
const listingHeaders = { 'content-type': 'application/json; charset=UTF-8', 'x-ratelimit-remaining': '597.0', 'x-ratelimit-used': '3', 'x-ratelimit-reset': '417', server: 'snooserv' };

/**
 * Reddit search (sort=new) over the posts it lists now, newest first, 100 a page, paged by `after`: as the
 * keyless Atom feed (`/search.rss`) or the OAuth JSON listing (`/search`). Tests add a post to `listed`
 * when search would start listing it, however old it is; `refusePaging` answers every request for a page
 * after the first with a 500.
 */
export function redditSearchIndex(listed: ListedRedditPost[], format: 'atom' | 'listing', options: { refusePaging?: boolean } = {}): FixtureHandler {
  return (request, response) => {
    const after = new URL(request.url!, 'http://x').searchParams.get('after');
    if (options.refusePaging && after !== null) {
      response.writeHead(500, { 'content-type': 'text/html; charset=UTF-8', server: 'snooserv' }).end('<html><body>Our CDN was unable to reach our servers</body></html>');
      return;
    }
    const sorted = [...listed].sort((a, b) => b.createdAt - a.createdAt);
    const from = after === null ? 0 : sorted.findIndex((post) => `t3_${post.id}` === after) + 1;
    const page = sorted.slice(from, from + 100);
    const more = from + 100 < sorted.length;
    if (format === 'atom') response.writeHead(200, atomHeaders).end(atomFeed(page));
    else response.writeHead(200, listingHeaders).end(JSON.stringify(listing(page, more)));
  };
}

function atomFeed(posts: ListedRedditPost[]): string {
  const entries = posts.map((post) => {
    const at = new Date(post.createdAt).toISOString().replace('.000Z', '+00:00');
    const link = `https://www.reddit.com/r/Appliances/comments/${post.id}/late/`;
    return `<entry><author><name>/u/latecomer</name><uri>https://www.reddit.com/user/latecomer</uri></author><category term="Appliances" label="r/Appliances"/><content type="html">&lt;!-- SC_OFF --&gt;&lt;div class=&quot;md&quot;&gt;&lt;p&gt;${post.title}&lt;/p&gt; &lt;/div&gt;&lt;!-- SC_ON --&gt; &amp;#32; submitted by &amp;#32; &lt;a href=&quot;https://www.reddit.com/user/latecomer&quot;&gt; /u/latecomer &lt;/a&gt;</content><id>t3_${post.id}</id><link href="${link}" /><updated>${at}</updated><published>${at}</published><title>${post.title}</title></entry>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"><id>/search.rss?q=acme&amp;sort=new&amp;limit=100&amp;type=link</id><title>reddit.com: search results - acme</title>${entries.join('')}</feed>`;
}

function listing(posts: ListedRedditPost[], more: boolean) {
  const children = posts.map((post) => ({
    kind: 't3',
    data: {
      subreddit: 'Appliances', selftext: post.title, title: post.title, name: `t3_${post.id}`, id: post.id, author: 'latecomer', score: 2, num_comments: 0, is_self: true,
      permalink: `/r/Appliances/comments/${post.id}/late/`, url: `https://www.reddit.com/r/Appliances/comments/${post.id}/late/`, created_utc: post.createdAt / 1000,
    },
  }));
  return { kind: 'Listing', data: { after: more ? (children.at(-1)?.data.name ?? null) : null, dist: children.length, modhash: null, geo_filter: '', children, before: null } };
}
