import { describe, expect, it } from 'vitest';
import { extendRedirectChain, isRedirect, nextHopRequest, resolveLocation, withDefaultHeaders, type HopRequest } from '../../src/http/redirect-policy';

const post: HopRequest = { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer t', Cookie: 'a=b' }, body: '{}' };
const from = new URL('https://api.example.com/a');

describe('redirect policy', () => {
  it.each([
    [301, 'GET', false],
    [302, 'GET', false],
    [303, 'GET', false],
    [307, 'POST', true],
    [308, 'POST', true],
  ])('%i after a POST continues as %s (body kept: %s)', (status, method, keepsBody) => {
    const next = nextHopRequest(status, post, from, new URL('https://api.example.com/b'));
    expect(next.method).toBe(method);
    expect(next.body !== undefined).toBe(keepsBody);
    expect(next.headers.Authorization).toBe('Bearer t');
  });

  it('drops credentials on a redirect to another origin', () => {
    const next = nextHopRequest(307, post, from, new URL('https://evil.example.net/'));
    expect(next.headers.Authorization).toBeUndefined();
    expect(next.headers.Cookie).toBeUndefined();
    expect(next.body).toBe('{}');
  });

  it.each([
    [301, 'https://x/', true],
    [302, '', false],
    [304, '/y', false],
    [200, '/y', false],
    [308, '/y', true],
  ])('isRedirect(%i, %j) is %s', (status, location, expected) => {
    expect(isRedirect(status, location)).toBe(expected);
  });

  it.each([
    ['none', 301, 'all-permanent'],
    ['none', 308, 'all-permanent'],
    ['none', 302, 'some-temporary'],
    ['all-permanent', 308, 'all-permanent'],
    ['all-permanent', 307, 'some-temporary'],
    ['some-temporary', 301, 'some-temporary'],
  ] as const)('a %s chain followed by a %i is %s', (chain, status, expected) => {
    expect(extendRedirectChain(chain, status)).toBe(expected);
  });

  it('resolves relative Locations and refuses unparseable ones', () => {
    expect(resolveLocation('../c?d=1', new URL('https://h.example/a/b/'))?.href).toBe('https://h.example/a/c?d=1');
    expect(resolveLocation('http://[::1', from)).toBeNull();
  });

  it('lets the caller override default headers case-insensitively', () => {
    expect(withDefaultHeaders({ 'user-agent': 'Earshot' }, { 'User-Agent': 'Custom' })).toEqual({ 'User-Agent': 'Custom' });
  });
});
