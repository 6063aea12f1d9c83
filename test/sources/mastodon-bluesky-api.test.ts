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
});
