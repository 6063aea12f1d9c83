import { describe, expect, it, vi } from 'vitest';
import { createTestApi, T0 } from '../api/api-test-app';

describe('social sources through the API', () => {
  it('creates a Mastodon source with its instances, tags and search setting, and reads them back', async () => {
    const api = await createTestApi();
    await api.call('POST', '/api/topics', { name: 'Acme', query: 'acme' });
    const config = { instances: ['https://fosstodon.org'], tags: ['#AcmeCorp'], search: true };
    const created = await api.call('POST', '/api/sources', { kind: 'mastodon', url: 'https://mastodon.social', topicId: 1, config });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ kind: 'mastodon', topicId: 1, config });
    expect((await api.call('GET', `/api/sources/${created.json.id}`)).json.config).toEqual(config);
  });

  it('shows how each instance of a Mastodon source is doing, from its cursor, in the source and the list', async () => {
    const api = await createTestApi();
    const instances = ['https://fosstodon.org', 'https://mstdn.social', 'https://new.example'];
    const created = await api.call('POST', '/api/sources', { kind: 'mastodon', url: 'https://mastodon.social', config: { instances } });
    expect(created.json.instances.map((i: { status: string }) => i.status)).toEqual(['unread', 'unread', 'unread', 'unread']);
    const failing = (kind: string, httpStatus: number, since: number, retryAt: number) => ({ since, count: 2, kind, message: `HTTP ${httpStatus}`, httpStatus, retryAt });
    const cursor = {
      'mastodon.social': { tag: '113571000000000300' },
      'fosstodon.org': { tag: '113570990000000777', failing: failing('rate-limited', 429, T0 - 600_000, T0 + 1_200_000) },
      'mstdn.social': { answered: true, failing: failing('http', 503, T0 - 4 * 86_400_000, T0 - 60_000) },
    };
    await api.db.updateTable('sources').set({ cursor: JSON.stringify(cursor) }).execute();
    const source = (await api.call('GET', `/api/sources/${created.json.id}`)).json;
    expect(source.instances).toEqual([
      { url: 'https://mastodon.social', status: 'ok', error: null, failingSince: null, nextAttemptAt: null, missedByTopic: false },
      {
        url: 'https://fosstodon.org', status: 'rate-limited', error: { kind: 'rate-limited', message: 'HTTP 429', httpStatus: 429 },
        failingSince: T0 - 600_000, nextAttemptAt: T0 + 1_200_000, missedByTopic: true,
      },
      // Failing for four days: still shown, but no longer counted as missing from the topic's view.
      { url: 'https://mstdn.social', status: 'failing', error: { kind: 'http', message: 'HTTP 503', httpStatus: 503 }, failingSince: T0 - 4 * 86_400_000, nextAttemptAt: null, missedByTopic: false },
      { url: 'https://new.example', status: 'unread', error: null, failingSince: null, nextAttemptAt: null, missedByTopic: false },
    ]);
    expect((await api.call('GET', '/api/sources')).json.sources[0].instances).toEqual(source.instances);
    expect((await api.call('PATCH', `/api/sources/${created.json.id}`, { name: 'Fediverse' })).json.instances).toEqual(source.instances);
  });

  it('changes a Mastodon source\'s instances and tags with PATCH: the settings are replaced whole, each checked like at creation', async () => {
    const api = await createTestApi();
    const created = await api.call('POST', '/api/sources', { kind: 'mastodon', url: 'https://mastodon.social', config: { instances: ['https://fosstodon.org'], tags: ['acme'] } });
    // An answered instance keeps its cursor when the list changes: it is keyed by host.
    await api.db.updateTable('sources').set({ cursor: JSON.stringify({ 'fosstodon.org': { tag: '1135', answered: true } }) }).execute();
    const patched = await api.call('PATCH', `/api/sources/${created.json.id}`, { config: { instances: ['https://fosstodon.org', 'https://mstdn.social'] } });
    expect(patched.status).toBe(200);
    expect(patched.json.config).toEqual({ instances: ['https://fosstodon.org', 'https://mstdn.social'] });
    expect(patched.json.instances.map((i: { url: string; status: string }) => `${i.url} ${i.status}`)).toEqual([
      'https://mastodon.social unread', 'https://fosstodon.org ok', 'https://mstdn.social unread',
    ]);
    const refused = await api.call('PATCH', `/api/sources/${created.json.id}`, { config: { instances: ['http://127.0.0.1:8080'] } });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.json)).toContain('body.config.instances.0');
    expect((await api.call('GET', `/api/sources/${created.json.id}`)).json.config).toEqual(patched.json.config);
  });

  it.each([
    { name: 'a private instance', config: { instances: ['http://10.0.0.7'] }, path: 'body.config.instances.0' },
    { name: 'an unparsable query', config: { query: '"unclosed' }, path: 'body.config.query' },
    { name: 'a tag with spaces', config: { tags: ['acme corp'] }, path: 'body.config.tags.0' },
    { name: 'an unknown setting', config: { instnaces: [] }, path: 'body.config' },
  ])('refuses $name in config', async ({ config, path }) => {
    const api = await createTestApi();
    const response = await api.call('POST', '/api/sources', { kind: 'mastodon', url: 'https://mastodon.social', config });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.json)).toContain(path);
  });

  it.each([
    { kind: 'hackernews', url: 'https://hn.algolia.com', missing: [] },
    { kind: 'reddit', url: 'https://www.reddit.com', missing: ['EARSHOT_REDDIT_CLIENT_ID', 'EARSHOT_REDDIT_CLIENT_SECRET'] },
    { kind: 'bluesky', url: 'https://bsky.social', missing: ['EARSHOT_BLUESKY_IDENTIFIER', 'EARSHOT_BLUESKY_APP_PASSWORD'] },
    { kind: 'rss', url: 'https://blog.example/feed.xml', missing: [] },
    { kind: 'jetstream', url: 'https://jetstream2.us-east.bsky.network', missing: [] },
  ])('shows what a $kind source cannot hear without credentials', async ({ kind, url, missing }) => {
    const api = await createTestApi();
    const created = await api.call('POST', '/api/sources', { kind, url });
    const limits = await api.call('GET', `/api/sources/${created.json.id}/limits`);
    expect(limits.status).toBe(200);
    expect(limits.json).toMatchObject({ rateBudget: expect.any(String), cannotSee: expect.any(Array), missingCredentials: missing });
    expect((await api.call('GET', '/api/sources/999/limits')).status).toBe(404);
  });

  it('creates a topic\'s search sources once, Mastodon instances in one source', async () => {
    const api = await createTestApi();
    await api.call('POST', '/api/topics', { name: 'Acme', query: 'acme' });
    const body = { topicId: 1, mastodonInstances: ['https://mastodon.social', 'https://fosstodon.org'] };
    const first = await api.call('POST', '/api/sources/search', body);
    expect(first.status).toBe(200);
    expect(first.json.sources.map((s: { kind: string; url: string }) => `${s.kind} ${s.url}`)).toEqual([
      'hackernews https://hn.algolia.com',
      'reddit https://www.reddit.com',
      'mastodon https://mastodon.social',
      'bluesky https://bsky.social',
    ]);
    expect((await api.call('POST', '/api/sources/search', body)).json).toEqual(first.json);
    expect((await api.call('GET', '/api/sources')).json.sources).toHaveLength(4);
  });

  // Found by an audit (stop 22): each repeat was an insert of its own, 6,000 statements for a 60 KB
  // body, past a Worker's allowance for D1 queries. One kind named twice is one source: read once.
  it('spends a statement per kind, not per repeat of one', async () => {
    const api = await createTestApi();
    await api.call('POST', '/api/topics', { name: 'Acme', query: 'acme' });
    const statements = vi.spyOn(api.db.getExecutor(), 'executeQuery');
    const answer = await api.call('POST', '/api/sources/search', { topicId: 1, kinds: Array.from({ length: 3000 }, (_, i) => (i % 2 ? 'reddit' : 'bluesky')) });
    expect(answer.status).toBe(200);
    expect(answer.json.sources.map((s: { kind: string }) => s.kind)).toEqual(['bluesky', 'reddit']);
    expect(statements.mock.calls.length).toBeLessThan(10);
  });

  it.each([
    { name: 'a missing topic', body: { topicId: 9 }, status: 400 },
    { name: 'an unknown kind', body: { topicId: 1, kinds: ['twitter'] }, status: 400 },
    { name: 'a private instance', body: { topicId: 1, mastodonInstances: ['http://192.168.1.5'] }, status: 400 },
  ])('refuses search sources for $name', async ({ body, status }) => {
    const api = await createTestApi();
    await api.call('POST', '/api/topics', { name: 'Acme', query: 'acme' });
    expect((await api.call('POST', '/api/sources/search', body)).status).toBe(status);
  });

  it('answers other methods on /api/sources/search with 405', async () => {
    const api = await createTestApi();
    expect((await api.call('GET', '/api/sources/search')).status).toBe(405);
  });
});
