import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../src/sources/canonical-url';

describe('canonicalUrl', () => {
  it.each([
    ['already canonical', 'https://example.com/post/1', 'https://example.com/post/1'],
    ['http becomes https', 'http://example.com/post/1', 'https://example.com/post/1'],
    ['www. dropped', 'https://www.example.com/post/1', 'https://example.com/post/1'],
    ['mobile host dropped', 'https://m.example.com/post/1', 'https://example.com/post/1'],
    ['host lower-cased, root dot dropped', 'https://EXAMPLE.com./post/1', 'https://example.com/post/1'],
    ['default http port', 'http://example.com:80/post/1', 'https://example.com/post/1'],
    ['default https port', 'https://example.com:443/post/1', 'https://example.com/post/1'],
    ['other port kept', 'https://example.com:8443/post/1', 'https://example.com:8443/post/1'],
    ['fragment dropped', 'https://example.com/post/1#comments', 'https://example.com/post/1'],
    ['utm_* dropped', 'https://example.com/post/1?utm_source=rss&utm_medium=feed&utm_campaign=x', 'https://example.com/post/1'],
    ['fbclid dropped', 'https://example.com/post/1?fbclid=IwAR0abc', 'https://example.com/post/1'],
    ['gclid and msclkid dropped', 'https://example.com/post/1?gclid=1&msclkid=2', 'https://example.com/post/1'],
    ['mailchimp ids dropped', 'https://example.com/post/1?mc_cid=1&mc_eid=2', 'https://example.com/post/1'],
    ['real parameters kept and sorted', 'https://example.com/search?q=acme&page=2&utm_source=x', 'https://example.com/search?page=2&q=acme'],
    ['case of tracking names ignored', 'https://example.com/post/1?UTM_Source=x', 'https://example.com/post/1'],
    ['trailing slash dropped', 'https://example.com/post/1/', 'https://example.com/post/1'],
    ['root keeps its slash', 'https://example.com/', 'https://example.com/'],
    ['empty path is root', 'https://example.com', 'https://example.com/'],
    ['AMP suffix path', 'https://example.com/post/1/amp', 'https://example.com/post/1'],
    ['AMP suffix with slash', 'https://example.com/post/1/amp/', 'https://example.com/post/1'],
    ['AMP prefix path', 'https://example.com/amp/post/1', 'https://example.com/post/1'],
    ['.amp.html', 'https://example.com/post/1.amp.html', 'https://example.com/post/1.html'],
    ['?amp=1', 'https://example.com/post/1?amp=1', 'https://example.com/post/1'],
    ['amp. subdomain', 'https://amp.example.com/post/1', 'https://example.com/post/1'],
    ['Google AMP viewer', 'https://www.google.com/amp/s/www.example.com/post/1', 'https://example.com/post/1'],
    ['AMP cache', 'https://www-example-com.cdn.ampproject.org/c/s/www.example.com/post/1?utm_source=x', 'https://example.com/post/1'],
    ['duplicate slashes', 'https://example.com//post///1', 'https://example.com/post/1'],
    ['all at once', 'http://www.Example.com:80/post/1/amp/?utm_source=hn&id=7&fbclid=x#top', 'https://example.com/post/1?id=7'],
  ])('%s', (_name, input, expected) => {
    expect(canonicalUrl(input)).toBe(expected);
  });

  it.each([
    ['not a URL', 'not a url'],
    ['mailto', 'mailto:someone@example.com'],
    ['javascript', 'javascript:alert(1)'],
    ['ftp', 'ftp://example.com/file'],
  ])('refuses %s', (_name, input) => {
    expect(canonicalUrl(input)).toBeNull();
  });

  it('gives a blog post and its Hacker News link the same key', () => {
    expect(canonicalUrl('https://blog.example.com/2026/11/acme-recall/?utm_source=hackernews')).toBe(
      canonicalUrl('http://blog.example.com/2026/11/acme-recall#comments'),
    );
  });
});

describe('canonicalUrl and look-alike AMP hosts', () => {
  it('does not unwrap an /amp/s/ path on a host that only looks like Google', () => {
    expect(canonicalUrl('https://google.evil.example/amp/s/victim.example/story')).toBe('https://google.evil.example/s/victim.example/story');
  });
});
