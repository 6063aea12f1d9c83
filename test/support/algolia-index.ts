import type { FixtureHandler } from './fixture-server';

/**
 * Algolia's HN search_by_date over a list of hits the test controls, for crawls whose answers depend on
 * when a hit is listed rather than when it was written (late indexing).
 */
export type AlgoliaHit = ReturnType<typeof commentHit>;

/** An Algolia HN hit as search_by_date lists it (the fields the adapter reads, and the ones it ignores). */
export function commentHit(objectID: string, createdAtSeconds: number, text: string) {
  return {
    _tags: ['comment', 'author_latecomer', 'story_42391150'], author: 'latecomer', comment_text: text,
    created_at: new Date(createdAtSeconds * 1000).toISOString().replace('.000', ''), created_at_i: createdAtSeconds, objectID,
    parent_id: 42391150, story_id: 42391150, story_title: 'Acme recalls 40,000 toasters over fire risk', points: null, num_comments: null,
  };
}

/**
 * search_by_date over what the index lists now: `created_at_i>A[,created_at_i<=B]`, newest first, paged
 * like Algolia. Tests add a hit to `listed` when Algolia would start listing it, however old it is;
 * `refuseRanges` answers every bounded search (a gap's or a sweep's) with a 500.
 */
export function algoliaIndex(listed: AlgoliaHit[], options: { refuseRanges?: boolean } = {}): FixtureHandler {
  return (request, response) => {
    const query = new URL(request.url!, 'http://x').searchParams;
    const filters = query.get('numericFilters')!;
    if (options.refuseRanges && filters.includes('<=')) {
      response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' }).end('{"message":"Internal error","status":500}');
      return;
    }
    const after = Number(/created_at_i>(\d+)/.exec(filters)![1]);
    const before = /created_at_i<=(\d+)/.exec(filters)?.[1];
    const hits = listed.filter((hit) => hit.created_at_i > after && (before === undefined || hit.created_at_i <= Number(before))).sort((a, b) => b.created_at_i - a.created_at_i);
    const hitsPerPage = Number(query.get('hitsPerPage'));
    const page = Number(query.get('page'));
    const body = { hits: hits.slice(page * hitsPerPage, (page + 1) * hitsPerPage), nbHits: hits.length, page, nbPages: Math.ceil(hits.length / hitsPerPage), hitsPerPage, exhaustiveNbHits: true };
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  };
}
