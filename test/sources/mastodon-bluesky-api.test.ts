import { describe, expect, it } from 'vitest';
import { createTestApi } from '../api/api-test-app';

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
