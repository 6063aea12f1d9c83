import { describe, expect, it } from 'vitest';
import { decodeFeedBytes } from '../../src/sources/decode-feed-bytes';
import { deriveDedupKey } from '../../src/sources/dedup-key';
import { htmlToText } from '../../src/sources/html-to-text';
import { repairHtmlEntities } from '../../src/sources/repair-html-entities';
import { unwrapRedirectLink } from '../../src/sources/unwrap-redirect-link';

describe('htmlToText', () => {
  it.each([
    ['plain text', 'Acme is fine', 'Acme is fine'],
    ['entities decoded once', 'AT&amp;T &lt;3 Acme', 'AT&T <3 Acme'],
    ['blocks become lines', '<p>One</p><p>Two</p><ul><li>a</li><li>b</li></ul>', 'One\nTwo\na\nb'],
    ['br is a line break', 'a<br>b<br/>c', 'a\nb\nc'],
    ['script, style and template hidden', '<script>x()</script><style>p{}</style><template>t</template>shown', 'shown'],
    ['whitespace collapsed', '  lots \t of\u00a0  space \n\n\n here ', 'lots of space\nhere'],
    ['unclosed tags', '<b><i>Acme <a href="x">link', 'Acme link'],
    ['a lone < is text', '3 < 5 and 5 > 3', '3 < 5 and 5 > 3'],
    ['80 KB of < stays text', '<'.repeat(80_000), '<'.repeat(20_000)],
  ])('%s', (_name, html, expected) => {
    expect(htmlToText(html)).toBe(expected);
  });

  it('caps the text', () => {
    expect(htmlToText('word '.repeat(10_000), 100)).toHaveLength(100);
  });
});

describe('decodeFeedBytes', () => {
  const latin1 = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));
  it.each([
    ['UTF-8 by default', new TextEncoder().encode('<rss>é</rss>'), null, '<rss>é</rss>'],
    ['charset from the header', latin1('<rss>\xe9</rss>'), 'text/xml; charset=ISO-8859-1', '<rss>é</rss>'],
    ['charset from the prolog', latin1('<?xml version="1.0" encoding="iso-8859-1"?><rss>\xe9</rss>'), 'application/rss+xml', '<?xml version="1.0" encoding="iso-8859-1"?><rss>é</rss>'],
    ['header claims UTF-8 over latin1 bytes', latin1('<rss>\xe9</rss>'), 'text/xml; charset=utf-8', '<rss>é</rss>'],
    ['windows-1252 smart quotes', latin1('<rss>\x93q\x94 \x80</rss>'), 'text/xml; charset=windows-1252', '<rss>“q” €</rss>'],
    ['UTF-8 BOM wins over the header', Uint8Array.of(0xef, 0xbb, 0xbf, ...new TextEncoder().encode('<a>é</a>')), 'text/xml; charset=iso-8859-1', '<a>é</a>'],
    ['unknown label falls back to UTF-8', new TextEncoder().encode('<a>é</a>'), 'text/xml; charset=x-unknown', '<a>é</a>'],
  ])('%s', (_name, bytes, contentType, expected) => {
    expect(decodeFeedBytes(bytes, contentType)).toBe(expected);
  });
});

describe('deriveDedupKey', () => {
  it.each([
    ['guid first', { guid: ' g-1 ', url: 'https://x/1', title: 't', text: 'x' }, 'g-1'],
    ['then the URL', { guid: '  ', url: 'https://x/1', title: 't', text: 'x' }, 'https://x/1'],
  ])('%s', async (_name, parts, expected) => {
    expect(await deriveDedupKey(parts)).toBe(expected);
  });

  it('then a hash of title and text, stable and distinct', async () => {
    const a = await deriveDedupKey({ guid: null, url: null, title: 'Acme', text: 'broke' });
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await deriveDedupKey({ guid: null, url: null, title: 'Acme', text: 'broke' })).toBe(a);
    expect(await deriveDedupKey({ guid: null, url: null, title: 'Acmebroke', text: '' })).not.toBe(a);
  });

  it('hashes a stated key too long to index', async () => {
    expect(await deriveDedupKey({ guid: 'g'.repeat(1_000), url: null, title: null, text: '' })).toMatch(/^sha256:/);
  });
});

describe('repairHtmlEntities', () => {
  it.each([
    ['XML entities untouched', '&amp;&lt;&gt;&quot;&apos;', '&amp;&lt;&gt;&quot;&apos;'],
    ['HTML entities become references', 'caf&eacute;&nbsp;x', 'caf&#233;&#160;x'],
    ['unknown names untouched', '&lol9;', '&lol9;'],
    ['valid numeric references untouched', '&#8217;&#x2019;', '&#8217;&#x2019;'],
    ['forbidden numeric references replaced', '&#0;&#x1;&#xD800;&#1114112;', '&#xFFFD;&#xFFFD;&#xFFFD;&#xFFFD;'],
  ])('%s', (_name, input, expected) => {
    expect(repairHtmlEntities(input)).toBe(expected);
  });
});

describe('unwrapRedirectLink', () => {
  it.each([
    ['Google Alerts redirector', 'https://www.google.com/url?rct=j&sa=t&url=https://news.example.com/a%3Fb%3D1&ct=ga', 'https://news.example.com/a?b=1'],
    ['q= form', 'https://google.com/url?q=https://x.example/p', 'https://x.example/p'],
    ['a non-http target stays wrapped', 'https://www.google.com/url?url=javascript:alert(1)', 'https://www.google.com/url?url=javascript:alert(1)'],
    ['other Google paths untouched', 'https://www.google.com/search?q=acme', 'https://www.google.com/search?q=acme'],
    ['look-alike hosts untouched', 'https://google.evil.example/url?url=https://x.example/', 'https://google.evil.example/url?url=https://x.example/'],
    ['ordinary links untouched', 'https://blog.example.org/post', 'https://blog.example.org/post'],
  ])('%s', (_name, link, expected) => {
    expect(unwrapRedirectLink(link)).toBe(expected);
  });
});
