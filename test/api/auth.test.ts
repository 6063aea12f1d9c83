import { describe, expect, it } from 'vitest';
import { hashApiKey, isSameDigest } from '../../src/api/require-api-key';
import { ensureApiKey, listApiKeyHashes } from '../../src/storage/api-key-store';
import { createTestApi, T0 } from './api-test-app';

const KEY = 'k3y-for-tests-0123456789abcdef';

async function securedApi() {
  const api = await createTestApi({ auth: { required: true } });
  await ensureApiKey(api.db, 'env', await hashApiKey(KEY), T0);
  return api;
}

describe('API key auth', () => {
  it.each([
    ['no header', {}],
    ['an empty header', { authorization: '' }],
    ['a wrong key', { authorization: 'Bearer not-the-key-at-all-000000' }],
    ['the key with one character changed', { authorization: `Bearer ${KEY.slice(0, -1)}g` }],
    ['the key without a scheme', { authorization: KEY }],
    ['the key as Basic auth', { authorization: `Basic ${btoa(`x:${KEY}`)}` }],
    ['the key and more', { authorization: `Bearer ${KEY} extra` }],
    ['the stored hash instead of the key', { authorization: 'Bearer HASH' }],
  ])('refuses %s with 401 and WWW-Authenticate', async (_name, headers: Record<string, string>) => {
    const api = await securedApi();
    if (headers.authorization === 'Bearer HASH') headers = { authorization: `Bearer ${await hashApiKey(KEY)}` };
    for (const [method, path] of [['GET', '/api/topics'], ['POST', '/api/topics'], ['POST', '/api/alerts/1/ack'], ['GET', '/api/nope']]) {
      const response = await api.call(method!, path!, method === 'POST' ? { name: 'x', query: 'x' } : undefined, headers);
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.json).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="earshot"/);
    }
    expect((await api.call('GET', '/api/topics', undefined, { authorization: `Bearer ${KEY}` })).json.topics).toEqual([]);
  });

  it.each([
    ['the key', `Bearer ${KEY}`],
    ['a lower-case scheme', `bearer ${KEY}`],
  ])('accepts %s', async (_name, authorization) => {
    const api = await securedApi();
    const created = await api.call('POST', '/api/topics', { name: 'Acme', query: 'acme' }, { authorization });
    expect(created.status).toBe(201);
    expect((await api.call('GET', '/api/topics', undefined, { authorization })).status).toBe(200);
  });

  // A caller without the key is refused before its body is judged, or read: its size says nothing to a stranger.
  it.each<{ name: string; headers: Record<string, string>; status: number }>([
    { name: 'no key', headers: {}, status: 401 },
    { name: 'a wrong key', headers: { authorization: 'Bearer not-the-key-at-all-000000' }, status: 401 },
    { name: 'the key', headers: { authorization: `Bearer ${KEY}` }, status: 413 },
  ])('an oversized POST with $name answers $status', async ({ headers, status }) => {
    const api = await securedApi();
    const body = JSON.stringify({ name: 'big', query: 'a'.repeat(70_000) });
    const response = await api.app.request('/api/topics', { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
    expect(response.status).toBe(status);
  });

  it('refuses every key while none is stored', async () => {
    const api = await createTestApi({ auth: { required: true } });
    expect((await api.call('GET', '/api/topics', undefined, { authorization: `Bearer ${KEY}` })).status).toBe(401);
  });

  it('lets requests through without a key when auth is not required (loopback, no key set)', async () => {
    const api = await createTestApi({ auth: { required: false } });
    expect((await api.call('GET', '/api/topics')).status).toBe(200);
  });

  it('keeps /health open', async () => {
    const api = await securedApi();
    expect((await api.call('GET', '/health')).status).toBe(200);
  });

  it('stores only the hash, and ensureApiKey replaces it instead of adding a row', async () => {
    const api = await securedApi();
    await ensureApiKey(api.db, 'env', await hashApiKey(KEY), T0);
    expect(await listApiKeyHashes(api.db)).toEqual([await hashApiKey(KEY)]);
    await ensureApiKey(api.db, 'env', await hashApiKey('a-new-key-0123456789'), T0);
    expect(await listApiKeyHashes(api.db)).toEqual([await hashApiKey('a-new-key-0123456789')]);
    expect((await api.call('GET', '/api/topics', undefined, { authorization: `Bearer ${KEY}` })).status).toBe(401);
    expect((await api.call('GET', '/api/topics', undefined, { authorization: 'Bearer a-new-key-0123456789' })).status).toBe(200);
  });

  it.each([
    ['the SHA-256 of the empty string', '', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['the SHA-256 of abc', 'abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ])('hashApiKey gives %s', async (_name, input, hex) => {
    expect(await hashApiKey(input)).toBe(hex);
  });

  it.each([
    ['equal', 'abcd', 'abcd', true],
    ['one character off', 'abcd', 'abce', false],
    ['a prefix', 'abc', 'abcd', false],
    ['empty against non-empty', '', 'a', false],
  ])('isSameDigest: %s', (_name, a, b, same) => {
    expect(isSameDigest(a, b)).toBe(same);
  });
});
