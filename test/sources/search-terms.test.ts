import { describe, expect, it } from 'vitest';
import type { Source } from '../../src/domain/source';
import type { Topic } from '../../src/domain/topic';
import { parseQuery, type QueryNode } from '../../src/matching/parse-query';
import {
  blueskyQueries,
  hackerNewsQueries,
  mastodonHashtags,
  planSearchSources,
  positiveAlternatives,
  redditQuery,
  searchQueryTree,
} from '../../src/sources/search-terms';
import { parseConfig } from '../../src/config/parse-config';
import { ensureSearchSources, listSearchSources } from '../../src/storage/search-source-store';
import { createTopic } from '../../src/storage/topic-store';
import { createTestDb } from '../support/test-db';

describe('search terms from a topic query', () => {
  it.each([
    { name: 'one word', query: 'acme', hn: ['acme'], reddit: 'acme', bluesky: ['acme'], tags: ['acme'] },
    { name: 'a phrase', query: '"acme toaster"', hn: ['acme toaster'], reddit: '"acme toaster"', bluesky: ['"acme toaster"'], tags: ['acmetoaster'] },
    {
      name: 'OR of a word and a phrase',
      query: 'acme OR "road runner"',
      hn: ['acme', 'road runner'],
      reddit: 'acme OR "road runner"',
      bluesky: ['acme', '"road runner"'],
      tags: ['acme', 'roadrunner'],
    },
    {
      name: 'AND over OR distributes',
      query: 'acme (toaster OR kettle)',
      hn: ['acme toaster', 'acme kettle'],
      reddit: '(acme AND toaster) OR (acme AND kettle)',
      bluesky: ['acme toaster', 'acme kettle'],
      tags: ['acme', 'toaster', 'kettle'],
    },
    { name: 'exclusions are left to local matching', query: 'acme -coyote NOT "wile e"', hn: ['acme'], reddit: 'acme', bluesky: ['acme'], tags: ['acme'] },
    { name: 'prefixes search the stem', query: 'acme*', hn: ['acme'], reddit: 'acme', bluesky: ['acme'], tags: ['acme'] },
    { name: 'case and punctuation as matching reads them', query: 'Node.js OR "Acme\'s"', hn: ['node js', 'acme s'], reddit: '"node js" OR "acme s"', bluesky: ['"node js"', '"acme s"'], tags: ['nodejs', 'acmes'] },
  ])('$name', ({ query, hn, reddit, bluesky, tags }) => {
    const tree = parseQuery(query);
    expect(hackerNewsQueries(tree)).toEqual(hn);
    expect(redditQuery(tree)).toBe(reddit);
    expect(blueskyQueries(tree)).toEqual(bluesky);
    expect(mastodonHashtags(tree)).toEqual(tags);
  });

  it('caps the alternatives a query explodes into, and says it did', () => {
    const tree = parseQuery('(a OR b OR c) (d OR e OR f)');
    expect(positiveAlternatives(tree, 6)).toMatchObject({ truncated: true });
    expect(positiveAlternatives(tree, 6).alternatives).toHaveLength(6);
    expect(positiveAlternatives(parseQuery('acme OR acme'), 6)).toEqual({ alternatives: [[{ words: ['acme'] }]], truncated: false });
  });

  it('expands deeply nested groups without expanding any group twice', () => {
    // (a0 OR b0 OR c0) ((a1 OR b1 OR c1) (… (acme))): each level's group used to be expanded again for
    // every alternative on its left, 3^depth expansions; a crawl of a 300-character query of this shape
    // held the server's thread for 25 s. Counted here by how often each node of the tree is read.
    const depth = 8;
    let query = 'acme';
    for (let i = depth - 1; i >= 0; i--) query = `(a${i} OR b${i} OR c${i}) (${query})`;
    let reads = 0;
    let nodes = 0;
    const counted = (node: QueryNode): QueryNode => {
      nodes += 1;
      const inner = 'operands' in node ? { ...node, operands: node.operands.map(counted) } : 'operand' in node ? { ...node, operand: counted(node.operand) } : node;
      return new Proxy(inner, { get: (target, key) => (key === 'kind' && (reads += 1), Reflect.get(target, key)) });
    };
    const { alternatives, truncated } = positiveAlternatives(counted(parseQuery(query)), 6);
    expect(truncated).toBe(true);
    expect(alternatives[0]!.map((term) => term.words.join(' '))).toEqual([...Array.from({ length: depth }, (_, i) => `a${i}`), 'acme']);
    expect(reads).toBe(nodes);
  });

  it('keeps a Reddit query within its 512 characters', () => {
    const long = Array.from({ length: 6 }, (_, i) => `"${'word'.repeat(30)}${i} other"`).join(' OR ');
    expect(redditQuery(parseQuery(long)).length).toBeLessThanOrEqual(512);
  });

  it('caps hashtags at five', () => {
    expect(mastodonHashtags(parseQuery('a1 OR a2 OR a3 OR a4 OR a5 OR a6'))).toHaveLength(5);
  });
});

describe('the query a search source searches', () => {
  const topics: Topic[] = [
    { id: 1, name: 'Acme', query: 'acme', enabled: true, createdAt: 0, updatedAt: 0 },
    { id: 2, name: 'Globex', query: 'globex', enabled: true, createdAt: 0, updatedAt: 0 },
    { id: 3, name: 'Off', query: 'initech', enabled: false, createdAt: 0, updatedAt: 0 },
  ];
  const source = (topicId: number | null, config?: Record<string, unknown>): Source => ({
    id: 1, kind: 'hackernews', url: 'https://hn.algolia.com', name: null, topicId, enabled: true, createdAt: 0, ...(config ? { config } : {}),
    state: { etag: null, lastModified: null, cursor: null, nextCheckAt: 0, errorCount: 0, lastError: null, lastErrorKind: null, lastSuccessAt: null },
  });

  it.each([
    { name: 'its topic', subject: source(2), expected: ['globex'] },
    { name: 'its own config.query first', subject: source(2, { query: 'acme toaster' }), expected: ['acme toaster'] },
    { name: 'every enabled topic when it serves all', subject: source(null), expected: ['acme', 'globex'] },
    { name: 'nothing for a missing topic', subject: source(9), expected: null },
    { name: 'nothing for an unparsable config.query', subject: source(1, { query: '"unclosed' }), expected: null },
  ])('$name', ({ subject, expected }) => {
    const tree = searchQueryTree(subject, topics);
    expect(tree === null ? null : hackerNewsQueries(tree)).toEqual(expected);
  });
});

describe('search sources per topic', () => {
  it('plans one source per service, Mastodon instances in one source so a status counts once', () => {
    expect(planSearchSources({ mastodonInstances: ['https://mastodon.social', 'https://fosstodon.org'], mastodonSearch: true })).toEqual([
      { kind: 'hackernews', url: 'https://hn.algolia.com', config: {} },
      { kind: 'reddit', url: 'https://www.reddit.com', config: {} },
      { kind: 'mastodon', url: 'https://mastodon.social', config: { instances: ['https://fosstodon.org'], search: true } },
      { kind: 'bluesky', url: 'https://bsky.social', config: {} },
    ]);
    expect(planSearchSources({ kinds: ['reddit'] })).toEqual([{ kind: 'reddit', url: 'https://www.reddit.com', config: {} }]);
  });

  it('creates them once for a topic, with their config, due at once', async () => {
    const db = await createTestDb();
    const topic = await createTopic(db, { name: 'Acme', query: 'acme' }, 1_000);
    const options = { mastodonInstances: ['https://mastodon.social', 'https://fosstodon.org'] };
    const first = await ensureSearchSources(db, topic!.id, options, 1_000);
    const again = await ensureSearchSources(db, topic!.id, options, 2_000);
    expect(again).toEqual(first);
    expect(first.map((s) => [s.kind, s.topicId, s.state.nextCheckAt])).toEqual([
      ['hackernews', topic!.id, 1_000],
      ['reddit', topic!.id, 1_000],
      ['mastodon', topic!.id, 1_000],
      ['bluesky', topic!.id, 1_000],
    ]);
    expect(first.find((s) => s.kind === 'mastodon')?.config).toEqual({ instances: ['https://fosstodon.org'] });
    expect(first.find((s) => s.kind === 'reddit')?.config).toBeUndefined();
    expect(await listSearchSources(db, topic!.id)).toHaveLength(4);
    await db.destroy();
  });
});

describe('seeding search sources from the config file', () => {
  it.each([
    { name: 'a search kind', kind: 'hackernews', ok: true },
    { name: 'a kind that does not exist', kind: 'twitter', ok: false },
  ])('$name', ({ kind, ok }) => {
    const file = JSON.stringify({ topics: [{ name: 'Acme', query: 'acme' }], sources: [{ kind, url: 'https://hn.algolia.com' }] });
    expect(parseConfig({ EARSHOT_CONFIG: 'seed.json' }, () => file).ok).toBe(ok);
  });
});
