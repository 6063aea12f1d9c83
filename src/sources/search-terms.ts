import type { Source } from '../domain/source';
import type { Topic } from '../domain/topic';
import { parseQuery, type QueryNode } from '../matching/parse-query';

/** One query term as the services need it: a word (prefix dropped) or a phrase of several words. */
export interface SearchTerm {
  words: string[];
}

/** Terms that must all appear; a topic query becomes a few of these, any of which may match. */
export type Conjunction = SearchTerm[];

/** More alternatives than this would cost more requests than a crawl should spend on one topic. */
export const maxAlternatives = 6;
/** Mastodon's tag timeline takes the first tag in the path and the rest as `any[]`. */
export const maxHashtags = 5;
/** Reddit refuses search queries past 512 characters. */
const maxRedditQueryLength = 512;

/**
 * The positive terms of a topic query in disjunctive normal form: (a AND b) OR c. Exclusions are
 * dropped on purpose: the services' NOT syntax differs and is unreliable, and the crawl matches every
 * draft against the full query locally anyway, so a search may fetch too much but never too little.
 * Beyond `limit` alternatives the rest are cut; the cut is reported so limits can say so.
 */
export function positiveAlternatives(tree: QueryNode, limit = maxAlternatives): { alternatives: Conjunction[]; truncated: boolean } {
  const all = expand(tree, limit + 1).filter((conjunction) => conjunction.length > 0);
  const unique = [...new Map(all.map((conjunction) => [conjunctionKey(conjunction), conjunction])).values()];
  return { alternatives: unique.slice(0, limit), truncated: unique.length > limit };
}

function expand(node: QueryNode, cap: number): Conjunction[] {
  switch (node.kind) {
    case 'term':
      return [[{ words: node.words }]];
    case 'not':
      return [[]];
    case 'or':
      return node.operands.flatMap((operand) => expand(operand, cap)).slice(0, cap);
    case 'and':
      // Each operand expanded once, not once per alternative on its left: nested groups made that
      // exponential, and a 300-character topic query held the event loop (the whole server) for 25 s.
      return node.operands.reduce<Conjunction[]>((product, operand) => {
        const rights = expand(operand, cap);
        return product.flatMap((left) => rights.map((right) => [...left, ...right])).slice(0, cap);
      }, [[]]);
  }
}

function conjunctionKey(conjunction: Conjunction): string {
  return conjunction.map((term) => term.words.join(' ')).sort().join('\u0000');
}

/** Algolia (HN) ANDs the words of a query and has no OR: one query string per alternative. */
export function hackerNewsQueries(tree: QueryNode): string[] {
  return positiveAlternatives(tree).alternatives.map((conjunction) => conjunction.flatMap((term) => term.words).join(' '));
}

/** Reddit's search takes AND, OR and "phrases": one query for the whole topic, cut to Reddit's 512 characters. */
export function redditQuery(tree: QueryNode): string {
  const parts = positiveAlternatives(tree).alternatives.map((conjunction) => {
    const terms = conjunction.map(quotedTerm);
    return terms.length === 1 ? terms[0]! : `(${terms.join(' AND ')})`;
  });
  let query = '';
  for (const part of parts) {
    const next = query === '' ? part : `${query} OR ${part}`;
    if (next.length > maxRedditQueryLength) break;
    query = next;
  }
  return query;
}

/** Bluesky's search reads "phrases" and ANDs words; OR is unspecified, so one query per alternative. */
export function blueskyQueries(tree: QueryNode): string[] {
  return positiveAlternatives(tree).alternatives.map((conjunction) => conjunction.map(quotedTerm).join(' '));
}

/** Mastodon's status search (where an instance offers it) reads words and "phrases" the same way. */
export const mastodonSearchQueries = blueskyQueries;

/**
 * Mastodon hashtags for a topic: each positive term as a tag (`"acme toaster"` → `acmetoaster`), the
 * way people tag it. Only tagged posts are visible this way; status search covers the rest where allowed.
 */
export function mastodonHashtags(tree: QueryNode): string[] {
  const tags = positiveAlternatives(tree).alternatives.flatMap((conjunction) => conjunction.map((term) => term.words.join('')));
  return [...new Set(tags.filter((tag) => /^[\p{L}\p{N}_]+$/u.test(tag)))].slice(0, maxHashtags);
}

function quotedTerm(term: SearchTerm): string {
  return term.words.length === 1 ? term.words[0]! : `"${term.words.join(' ')}"`;
}

/**
 * The query a search source searches for: its own `config.query` if set, else its topic's query (so a
 * topic edit is followed without touching the source), else, for a source serving all topics, any of
 * them. Null when there is nothing valid to search for.
 */
export function searchQueryTree(source: Source, topics: Topic[]): QueryNode | null {
  const own = source.config?.query;
  if (typeof own === 'string') return parseOrNull(own);
  const relevant = source.topicId === null ? topics.filter((t) => t.enabled) : topics.filter((t) => t.id === source.topicId);
  const trees = relevant.map((topic) => parseOrNull(topic.query)).filter((tree): tree is QueryNode => tree !== null);
  if (trees.length === 0) return null;
  return trees.length === 1 ? trees[0]! : { kind: 'or', operands: trees };
}

function parseOrNull(query: string): QueryNode | null {
  try {
    return parseQuery(query);
  } catch {
    return null;
  }
}

/** Source kinds that search per topic, and where each searches by default. */
export const searchSourceDefaults = {
  hackernews: 'https://hn.algolia.com',
  reddit: 'https://www.reddit.com',
  mastodon: 'https://mastodon.social',
  bluesky: 'https://bsky.social',
} as const;
export type SearchSourceKind = keyof typeof searchSourceDefaults;

export interface SearchSourcePlan {
  kind: SearchSourceKind;
  url: string;
  config: Record<string, unknown>;
}

export interface SearchSourceOptions {
  /** Which services to search; all by default. */
  kinds?: SearchSourceKind[];
  /** Mastodon instances to read, first one the source's URL; one source for all so a status counts once. */
  mastodonInstances?: string[];
  /** Ask Mastodon instances for status search too (most answer it only to signed-in users). */
  mastodonSearch?: boolean;
}

/**
 * The search sources a topic gets: one per service, its query taken from the topic at each crawl
 * (see searchQueryTree), so editing the topic needs no source change.
 */
export function planSearchSources(options: SearchSourceOptions = {}): SearchSourcePlan[] {
  const kinds = options.kinds ?? (Object.keys(searchSourceDefaults) as SearchSourceKind[]);
  return kinds.map((kind) => {
    if (kind !== 'mastodon') return { kind, url: searchSourceDefaults[kind], config: {} };
    const [first, ...rest] = options.mastodonInstances?.length ? options.mastodonInstances : [searchSourceDefaults.mastodon];
    const config: Record<string, unknown> = { ...(rest.length > 0 ? { instances: rest } : {}), ...(options.mastodonSearch ? { search: true } : {}) };
    return { kind, url: first!, config };
  });
}
