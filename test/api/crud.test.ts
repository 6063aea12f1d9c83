import { describe, expect, it } from 'vitest';
import { recordCrawlStatus } from '../../src/storage/crawl-status-store';
import { migrateToLatest } from '../../src/storage/migrate';
import { createSource, recordSourceFailure, recordSourceSuccess } from '../../src/storage/source-store';
import { requestTopicDeletion } from '../../src/storage/topic-purge-store';
import { createTopic } from '../../src/storage/topic-store';
import { createTestApi, T0 } from './api-test-app';

describe('topics', () => {
  it('round-trips create, list, get, update and delete', async () => {
    const { call } = await createTestApi();
    const created = await call('POST', '/api/topics', { name: ' Acme ', query: '"acme corp" OR acme -jobs' });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ id: 1, name: 'Acme', query: '"acme corp" OR acme -jobs', enabled: true, createdAt: T0, updatedAt: T0, queryProblem: null });
    expect(created.headers.get('location')).toBe('/api/topics/1');
    expect((await call('GET', '/api/topics')).json).toEqual({ topics: [created.json] });
    expect((await call('GET', '/api/topics/1')).json).toEqual(created.json);
    const patched = await call('PATCH', '/api/topics/1', { query: 'acme AND refund', enabled: false });
    expect(patched.json).toMatchObject({ id: 1, name: 'Acme', query: 'acme AND refund', enabled: false });
    expect((await call('DELETE', '/api/topics/1')).status).toBe(204);
    expect((await call('GET', '/api/topics/1')).status).toBe(404);
    expect((await call('GET', '/api/topics')).json).toEqual({ topics: [] });
  });

  it('says when a stored query no longer parses (stored before the check, or by an older parser): such a topic matches nothing', async () => {
    const { call, db } = await createTestApi();
    // Straight into storage, as a config file did before its queries were checked.
    await createTopic(db, { name: 'Acme', query: 'acme OR' }, T0);
    const problem = 'is not a valid query: expected a word, a "phrase" or ( (at character 8)';
    expect((await call('GET', '/api/topics/1')).json).toMatchObject({ query: 'acme OR', queryProblem: problem });
    expect((await call('GET', '/api/topics')).json.topics[0]).toMatchObject({ queryProblem: problem });
    // Fixing it through the API clears it.
    expect((await call('PATCH', '/api/topics/1', { query: 'acme' })).json).toMatchObject({ query: 'acme', queryProblem: null });
  });

  it.each([
    ['create with a taken name', 'POST', '/api/topics', { name: 'Acme', query: 'x' }],
    ['rename onto a taken name', 'PATCH', '/api/topics/2', { name: 'Acme' }],
  ] as const)('%s answers 409', async (_name, method, path, body) => {
    const { call } = await createTestApi();
    await call('POST', '/api/topics', { name: 'Acme', query: 'acme' });
    await call('POST', '/api/topics', { name: 'Other', query: 'other' });
    const response = await call(method, path, body);
    expect(response.status).toBe(409);
    expect(response.json.error.code).toBe('conflict');
  });

  // One brand, one topic: names that read the same are the same name, whatever the case or the Unicode form.
  const nfc = 'Caf\u00e9';
  const nfd = 'Cafe\u0301';
  it.each([
    { name: 'another case', stored: 'Acme', given: 'acme' },
    { name: 'capitals', stored: 'Acme', given: 'ACME' },
    { name: 'a non-ASCII capital', stored: 'Ærø', given: 'ærø' },
    { name: 'the decomposed form of a stored name', stored: nfc, given: nfd },
    { name: 'the composed form of a stored name', stored: nfd, given: nfc },
    { name: 'the decomposed form in another case', stored: nfc, given: 'CAFE\u0301' },
    { name: 'ß spelt SS', stored: 'Straße', given: 'STRASSE' },
  ])('a name that differs from a stored one only by $name answers 409, created or renamed onto', async ({ stored, given }) => {
    const { call, db } = await createTestApi();
    // Straight into storage: a decomposed name can only be stored that way (or from before this check).
    await createTopic(db, { name: stored, query: 'x' }, T0);
    await createTopic(db, { name: 'Other', query: 'other' }, T0);
    const created = await call('POST', '/api/topics', { name: given, query: 'x' });
    expect(created.status).toBe(409);
    expect(created.json).toEqual({ error: { code: 'conflict', message: `a topic named "\u2068${stored}\u2069" exists already` } });
    const renamed = await call('PATCH', '/api/topics/2', { name: given });
    expect(renamed.status).toBe(409);
    expect(renamed.json.error.code).toBe('conflict');
    expect((await call('GET', '/api/topics')).json.topics.map((t: { name: string }) => t.name)).toEqual([stored, 'Other']);
  });

  it('stores a name trimmed and composed (NFC), and a topic may change the case of its own name', async () => {
    const { call } = await createTestApi();
    const created = await call('POST', '/api/topics', { name: ` ${nfd} `, query: 'cafe' });
    expect(created.status).toBe(201);
    expect(created.json.name).toBe(nfc);
    expect((await call('PATCH', '/api/topics/1', { name: 'CAF\u00c9' })).json.name).toBe('CAF\u00c9');
  });

  it('leaves topics stored before the check, differing only by case, working', async () => {
    const { call, db } = await createTestApi();
    // Straight into the table, as before the check; the next start fills their name keys (migrateToLatest).
    for (const name of ['acme', 'Acme']) await db.insertInto('topics').values({ name, query: 'acme', enabled: 1, created_at: T0, updated_at: T0 }).execute();
    await migrateToLatest(db, T0);
    expect((await call('GET', '/api/topics')).json.topics.map((t: { name: string }) => t.name)).toEqual(['acme', 'Acme']);
    // Either keeps its name when changed otherwise, even sent back whole; neither may move to a third spelling.
    expect((await call('PATCH', '/api/topics/1', { name: 'acme', query: 'acme -jobs' })).status).toBe(200);
    expect((await call('PATCH', '/api/topics/2', { enabled: false })).status).toBe(200);
    expect((await call('PATCH', '/api/topics/1', { name: 'ACME' })).status).toBe(409);
  });

  // The check is in the insert or update itself, so the one that loses a race answers as the second of two in a row does.
  it.each([
    { name: 'two creates', method: 'POST', path: '/api/topics', body: { name: 'ACME', query: 'x' } },
    { name: 'a create and a rename', method: 'PATCH', path: '/api/topics/1', body: { name: 'ACME' } },
  ])('$name of look-alike names at once: one succeeds, the other answers 409 naming it', async ({ method, path, body }) => {
    const { call } = await createTestApi();
    await call('POST', '/api/topics', { name: 'Other', query: 'other' });
    const answers = await Promise.all([call('POST', '/api/topics', { name: 'Acme', query: 'acme' }), call(method, path, body)]);
    const [refused, ...others] = [...answers].sort((a, b) => b.status - a.status);
    expect([refused?.status, ...others.map((a) => a.status < 300)]).toEqual([409, true]);
    expect(refused?.json).toEqual({ error: { code: 'conflict', message: `a topic named "\u2068${others[0]?.json.name}\u2069" exists already` } });
  });

  // The dashboard shows these messages in a line of its own text: a name's unclosed right-to-left
  // override must end with the name, not reverse the rest of the line.
  it.each([
    { name: 'a topic holds it', deleting: false, message: (name: string) => `a topic named "\u2068${name}\u2069" exists already` },
    { name: 'a topic being deleted holds it', deleting: true, message: (name: string) => `the topic named "\u2068${name}\u2069" is being deleted; its name is free once it is gone` },
  ])('the 409 when $name quotes a name with an unclosed right-to-left override in an isolate', async ({ deleting, message }) => {
    const { call, db } = await createTestApi();
    const name = 'Acme \u202Eexe.txt';
    await call('POST', '/api/topics', { name, query: 'acme' });
    if (deleting) await requestTopicDeletion(db, 1, T0);
    const created = await call('POST', '/api/topics', { name, query: 'x' });
    expect(created.json).toEqual({ error: { code: 'conflict', message: message(name) } });
  });

  it('renaming a topic to its own name is not a conflict', async () => {
    const { call } = await createTestApi();
    await call('POST', '/api/topics', { name: 'Acme', query: 'acme' });
    expect((await call('PATCH', '/api/topics/1', { name: 'Acme' })).status).toBe(200);
  });
});

describe('sources', () => {
  it('round-trips create, list, get, update and delete', async () => {
    const { call } = await createTestApi();
    await call('POST', '/api/topics', { name: 'Acme', query: 'acme' });
    const created = await call('POST', '/api/sources', { kind: 'rss', url: 'https://blog.example/feed.xml', name: 'Blog', topicId: 1 });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: 1, kind: 'rss', url: 'https://blog.example/feed.xml', name: 'Blog', topicId: 1, enabled: true });
    expect(created.json.state).toMatchObject({ errorCount: 0, lastError: null, nextCheckAt: T0 });
    expect((await call('GET', '/api/sources')).json.sources).toHaveLength(1);
    expect((await call('GET', '/api/sources/1')).json).toEqual(created.json);
    const patched = await call('PATCH', '/api/sources/1', { url: 'https://blog.example/atom.xml', name: null, enabled: false });
    expect(patched.json).toMatchObject({ url: 'https://blog.example/atom.xml', name: null, enabled: false });
    // A source with few mentions is purged within the request (test/api/source-deletion.test.ts for big ones).
    expect((await call('DELETE', '/api/sources/1')).status).toBe(204);
    expect((await call('DELETE', '/api/sources/1')).status).toBe(404);
  });

  it.each([
    ['the same feed twice', 'POST', '/api/sources', { kind: 'rss', url: 'https://a.example/feed' }],
    ['moving a feed onto another URL', 'PATCH', '/api/sources/2', { url: 'https://a.example/feed' }],
  ] as const)('%s answers 409', async (_name, method, path, body) => {
    const { call } = await createTestApi();
    await call('POST', '/api/sources', { kind: 'rss', url: 'https://a.example/feed' });
    await call('POST', '/api/sources', { kind: 'rss', url: 'https://b.example/feed' });
    const response = await call(method, path, body);
    expect(response.status).toBe(409);
    expect(response.json.error.code).toBe('conflict');
  });

  it('forgets the old feed\'s validators, cursor and errors when the URL changes', async () => {
    const { call, db } = await createTestApi();
    const created = await call('POST', '/api/sources', { kind: 'rss', url: 'https://a.example/feed', name: '' });
    expect(created.json.name).toBeNull();
    await recordSourceFailure(db, created.json.id, { kind: 'http', message: '404' }, T0 + 3_600_000, T0);
    await db.updateTable('sources').set({ etag: '"v1"', cursor: 'since-9' }).execute();
    const renamed = await call('PATCH', '/api/sources/1', { name: 'A' });
    expect(renamed.json.state).toMatchObject({ etag: '"v1"', cursor: 'since-9', errorCount: 1 });
    const moved = await call('PATCH', '/api/sources/1', { url: 'https://a.example/new-feed' });
    expect(moved.json.state).toMatchObject({ etag: null, lastModified: null, cursor: null, errorCount: 0, lastError: null, nextCheckAt: T0 });
  });

  it('lists each source with the limits its own /limits route states, beside its backoff state', async () => {
    const { call, db } = await createTestApi();
    await call('POST', '/api/sources', { kind: 'rss', url: 'https://a.example/feed' });
    await call('POST', '/api/sources', { kind: 'bluesky', url: 'https://bsky.social' });
    await recordSourceFailure(db, 2, { kind: 'rate-limited', message: 'HTTP 429' }, T0 + 600_000, T0);
    const { sources } = (await call('GET', '/api/sources')).json;
    for (const source of sources) expect(source.limits).toEqual((await call('GET', `/api/sources/${source.id}/limits`)).json);
    expect(sources[1].limits.missingCredentials).toEqual(['EARSHOT_BLUESKY_IDENTIFIER', 'EARSHOT_BLUESKY_APP_PASSWORD']);
    expect(sources[1].state).toMatchObject({ lastErrorKind: 'rate-limited', errorCount: 1, nextCheckAt: T0 + 600_000 });
  });

  it('says how each source\'s last crawl counted for coverage, so a notice is told from a hole in the data', async () => {
    const { call, db } = await createTestApi();
    for (const url of ['https://a.example/feed', 'https://b.example/feed', 'https://c.example/feed', 'https://d.example/feed']) {
      await call('POST', '/api/sources', { kind: 'rss', url });
    }
    // a: answered whole with a notice (a few unreadable items); b: part of what it heard before is missing;
    // c: catching up on old items; d: never crawled.
    await recordCrawlStatus(db, 1, 'ok', T0 - 600_000);
    await recordSourceSuccess(db, 1, { etag: null, lastModified: null, cursor: null }, T0 + 600_000, T0, '1 of 5 items skipped: title: expected string');
    await recordCrawlStatus(db, 2, 'ok', T0 - 600_000);
    await recordCrawlStatus(db, 2, 'partial', T0);
    await recordCrawlStatus(db, 3, 'backfilling', T0);
    const { sources } = (await call('GET', '/api/sources')).json;
    expect(sources.map((s: { crawlStatus: string | null }) => s.crawlStatus)).toEqual(['ok', 'partial', 'backfilling', null]);
    expect(sources[0].state.lastError).toBe('1 of 5 items skipped: title: expected string');
    for (const source of sources) expect((await call('GET', `/api/sources/${source.id}`)).json.crawlStatus).toBe(source.crawlStatus);
  });

  it.each([
    { name: 'the same URL', url: 'https://old.example/feed' },
    { name: 'a new URL', url: 'https://new.example/feed.xml' },
  ])('shows where a feed moved, keeps it through other edits, and forgets it when PATCH names $name', async ({ url }) => {
    const { call, db } = await createTestApi();
    await call('POST', '/api/sources', { kind: 'rss', url: 'https://old.example/feed' });
    await recordSourceSuccess(db, 1, { etag: null, lastModified: null, cursor: null, movedTo: 'https://new.example/feed.xml' }, T0 + 600_000, T0);
    expect((await call('GET', '/api/sources/1')).json).toMatchObject({ url: 'https://old.example/feed', movedTo: 'https://new.example/feed.xml' });
    expect((await call('GET', '/api/sources')).json.sources).toMatchObject([{ url: 'https://old.example/feed', movedTo: 'https://new.example/feed.xml' }]);
    expect((await call('PATCH', '/api/sources/1', { name: 'Old blog' })).json).toMatchObject({ movedTo: 'https://new.example/feed.xml' });
    const patched = await call('PATCH', '/api/sources/1', { url });
    expect(patched.json).toMatchObject({ url, name: 'Old blog' });
    expect(patched.json).not.toHaveProperty('movedTo');
    expect((await call('GET', '/api/sources/1')).json).not.toHaveProperty('movedTo');
  });

  it('accepts private addresses when the operator allows them', async () => {
    const { call } = await createTestApi({ allowPrivateUrls: true });
    expect((await call('POST', '/api/sources', { kind: 'rss', url: 'http://127.0.0.1:8080/feed' })).status).toBe(201);
    expect((await call('POST', '/api/webhooks', { url: 'http://localhost:9000/hook' })).status).toBe(201);
    // Metadata services stay refused even then.
    expect((await call('POST', '/api/sources', { kind: 'rss', url: 'http://169.254.169.254/' })).status).toBe(400);
  });
});

describe('webhooks', () => {
  it('round-trips create, list, get, update and delete', async () => {
    const { call } = await createTestApi();
    const created = await call('POST', '/api/webhooks', { url: 'https://hooks.example/a' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: 1, kind: 'webhook', url: 'https://hooks.example/a', enabled: true, createdAt: T0 });
    expect((await call('GET', '/api/webhooks')).json.webhooks).toMatchObject([{ id: 1, url: 'https://hooks.example/a' }]);
    expect((await call('PATCH', '/api/webhooks/1', { enabled: false })).json).toMatchObject({ enabled: false });
    expect((await call('DELETE', '/api/webhooks/1')).status).toBe(204);
    expect((await call('GET', '/api/webhooks/1')).status).toBe(404);
  });

  it.each([
    ['the same URL twice', 'POST', '/api/webhooks', { url: 'https://hooks.example/a' }],
    ['moving onto a registered URL', 'PATCH', '/api/webhooks/2', { url: 'https://hooks.example/a' }],
  ] as const)('%s answers 409', async (_name, method, path, body) => {
    const { call } = await createTestApi();
    await call('POST', '/api/webhooks', { url: 'https://hooks.example/a' });
    await call('POST', '/api/webhooks', { url: 'https://hooks.example/b' });
    const response = await call(method, path, body);
    expect(response.status).toBe(409);
    expect(response.json.error.code).toBe('conflict');
  });
});

describe('404 for records that do not exist', () => {
  it.each([
    ['GET', '/api/topics/42', undefined],
    ['PATCH', '/api/topics/42', { name: 'x' }],
    ['DELETE', '/api/topics/42', undefined],
    ['GET', '/api/topics/42/series', undefined],
    ['GET', '/api/sources/42', undefined],
    ['PATCH', '/api/sources/42', { enabled: false }],
    ['DELETE', '/api/sources/42', undefined],
    ['GET', '/api/webhooks/42', undefined],
    ['PATCH', '/api/webhooks/42', { enabled: false }],
    ['DELETE', '/api/webhooks/42', undefined],
    ['GET', '/api/alerts/42', undefined],
    ['POST', '/api/alerts/42/ack', undefined],
  ] as const)('%s %s', async (method, path, body) => {
    const { call } = await createTestApi();
    const response = await call(method, path, body);
    expect(response.status).toBe(404);
    expect(response.json).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });
});

describe('GET /health', () => {
  it('reports ok, the database and failing sources', async () => {
    // /health needs no key even when the API does.
    const { call, db } = await createTestApi({ auth: { required: true } });
    expect((await call('GET', '/health')).json).toEqual({
      status: 'ok',
      time: T0,
      database: { reachable: true },
      sources: { total: 0, enabled: 0, failing: 0 },
    });
    const source = (await createSource(db, { kind: 'rss', url: 'https://a.example/feed' }, T0))!;
    await recordSourceFailure(db, source.id, { kind: 'timeout', message: 'timed out' }, T0, T0);
    const health = await call('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.json).toMatchObject({ status: 'degraded', sources: { total: 1, enabled: 1, failing: 1 } });
  });

  // Like every API route: a method it does not serve is a 405 naming the ones it does, not a 404.
  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('answers %s with 405 and Allow, without asking for a key', async (method) => {
    const { call } = await createTestApi({ auth: { required: true } });
    const response = await call(method, '/health');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    expect(response.json).toEqual({ error: { code: 'method_not_allowed', message: expect.any(String) } });
  });

  it('answers 503 with the envelope when the database is gone', async () => {
    const { call, db } = await createTestApi();
    await db.destroy();
    const health = await call('GET', '/health');
    expect(health.status).toBe(503);
    expect(health.json).toMatchObject({ error: { code: 'unavailable' }, database: { reachable: false } });
  });
});
