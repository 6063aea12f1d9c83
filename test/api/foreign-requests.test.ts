import { describe, expect, it } from 'vitest';
import { createTestApi } from './api-test-app';

const topic = { name: 'Acme', query: 'acme' };

describe('cross-site writes are refused (CSRF)', () => {
  it.each([
    ['a cross-site form post', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }, 403],
    ['a same-site page on another port', { 'sec-fetch-site': 'same-site', origin: 'http://localhost:3000' }, 403],
    ['an old browser sending only a foreign Origin', { origin: 'https://evil.example' }, 403],
    ['an Origin of "null" (sandboxed frame)', { origin: 'null' }, 403],
    ['the dashboard itself', { 'sec-fetch-site': 'same-origin', origin: 'http://localhost' }, 201],
    ['an old browser on the same origin', { origin: 'http://localhost' }, 201],
    ['a non-browser client (no headers)', {}, 201],
    ['a typed-in navigation', { 'sec-fetch-site': 'none' }, 201],
  ])('%s', async (_name, headers: Record<string, string>, status) => {
    const { call } = await createTestApi();
    const response = await call('POST', '/api/topics', topic, headers);
    expect(response.status).toBe(status);
    if (status === 403) expect(response.json.error.code).toBe('forbidden');
  });

  it('lets cross-site reads through to the usual rules (the browser keeps the answer from the page)', async () => {
    const { call } = await createTestApi();
    expect((await call('GET', '/api/topics', undefined, { 'sec-fetch-site': 'cross-site' })).status).toBe(200);
  });

  it('refuses a cross-site acknowledge even without a body', async () => {
    const { call } = await createTestApi();
    const response = await call('POST', '/api/alerts/1/ack', undefined, { 'sec-fetch-site': 'cross-site' });
    expect(response.status).toBe(403);
  });
});

describe('a keyless server answers only loopback host names (DNS rebinding)', () => {
  it.each([
    ['127.0.0.1 with a port', 'http://127.0.0.1:8787/api/topics', 200],
    ['localhost', 'http://localhost/api/topics', 200],
    ['IPv6 loopback', 'http://[::1]:8787/api/topics', 200],
    ['127.0.0.1 mapped into IPv6', 'http://[::ffff:127.0.0.1]:8787/api/topics', 200],
    ['a name under .localhost, which a browser keeps on loopback', 'http://earshot.localhost:8787/api/topics', 200],
    ['0.0.0.0', 'http://0.0.0.0:8787/api/topics', 403],
    ['a rebinding name', 'http://rebind.evil.example:8787/api/topics', 403],
    ['a LAN address', 'http://192.168.1.20:8787/api/topics', 403],
    ['the dashboard under a rebinding name', 'http://rebind.evil.example:8787/', 403],
  ])('%s', async (_name, url, status) => {
    const { app } = await createTestApi();
    const response = await app.request(url);
    expect(response.status).toBe(status);
    if (status === 403) expect((await response.json()).error.code).toBe('forbidden');
  });

  it('a server with a key answers any host name (it sits behind a proxy, and the key protects it)', async () => {
    const { app } = await createTestApi({ auth: { required: true } });
    expect((await app.request('http://earshot.example.com/health')).status).toBe(200);
  });
});

describe('every answer tells the browser not to sniff its type', () => {
  it.each([
    ['the dashboard page', 'GET', '/', undefined, {}, 200, /^text\/html/],
    ['the dashboard script', 'GET', '/dashboard.js', undefined, {}, 200, /^text\/javascript/],
    ['the dashboard stylesheet', 'GET', '/dashboard.css', undefined, {}, 200, /^text\/css/],
    ['an API answer', 'GET', '/api/topics', undefined, {}, 200, /^application\/json/],
    ['an unknown route, which names the path', 'GET', '/api/<script>alert(1)</script>', undefined, {}, 404, /^application\/json/],
    ['a malformed body', 'POST', '/api/topics', '{"name": "<b>', {}, 400, /^application\/json/],
    ['a refused foreign host', 'GET', '/api/topics', undefined, { host: 'evil.example' }, 403, /^application\/json/],
  ])('%s', async (_name, method, path, body, headers: Record<string, string>, status, type) => {
    const { app } = await createTestApi();
    const response = await app.request(path, { method, body, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers } });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(type);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    if (path.startsWith('/dashboard') || path === '/') expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});
