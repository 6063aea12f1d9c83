import { describe, expect, it } from 'vitest';
import { checkAddress, checkUrl } from '../../src/http/url-guard';

const strict = { allowPrivate: false };
const permissive = { allowPrivate: true };
const loopbackOnly = { allowPrivate: true, privateAllowList: ['127.0.0.1'] };

describe('checkUrl', () => {
  it.each([
    ['public https', 'https://blog.example.com/feed.xml'],
    ['public IPv4 literal', 'http://93.184.215.14/feed'],
    ['public IPv6 literal', 'http://[2606:4700::1111]/feed'],
    ['explicit port', 'https://example.com:8443/rss'],
  ])('allows %s', (_name, url) => {
    expect(checkUrl(url, strict).kind).toBe('allowed');
  });

  it.each([
    ['loopback', 'http://127.0.0.1/'],
    ['loopback alias', 'http://127.0.0.2:8080/'],
    ['localhost', 'http://localhost/'],
    ['localhost with root dot', 'http://localhost./'],
    ['subdomain of localhost', 'http://api.localhost/'],
    ['decimal integer host', 'http://2130706433/'],
    ['hex octets', 'http://0x7f.1/'],
    ['octal integer host', 'http://017700000001/'],
    ['short dotted', 'http://127.1/'],
    ['hex integer host', 'http://0x7f000001/'],
    ['percent-encoded digits', 'http://%31%32%37.0.0.1/'],
    ['zero host', 'http://0/'],
    ['unspecified', 'http://0.0.0.0/'],
    ['RFC 1918 10/8', 'http://10.1.2.3/'],
    ['RFC 1918 172.16/12', 'http://172.20.0.1/'],
    ['RFC 1918 192.168/16', 'http://192.168.1.1/'],
    ['link-local', 'http://169.254.10.10/'],
    ['AWS/GCP/Azure metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['CGNAT', 'http://100.64.0.1/'],
    ['multicast', 'http://224.0.0.1/'],
    ['broadcast', 'http://255.255.255.255/'],
    ['IPv6 loopback', 'http://[::1]/'],
    ['IPv6 unspecified', 'http://[::]/'],
    ['IPv6 link-local', 'http://[fe80::1]/'],
    ['IPv6 unique-local', 'http://[fc00::1]/'],
    ['AWS IPv6 metadata', 'http://[fd00:ec2::254]/'],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/'],
    ['IPv4-mapped metadata', 'http://[::ffff:169.254.169.254]/'],
    ['IPv4-mapped public', 'http://[::ffff:93.184.215.14]/'],
    ['NAT64 of loopback', 'http://[64:ff9b::7f00:1]/'],
    ['6to4 of private', 'http://[2002:0a00:0001::]/'],
    ['IPv4-compatible loopback', 'http://[::127.0.0.1]/'],
    ['IPv4-compatible metadata', 'http://[::a9fe:a9fe]/'],
    ['IPv4-compatible private', 'http://[::10.0.0.1]/'],
    ['IPv4-translated loopback', 'http://[::ffff:0:7f00:1]/'],
    ['local-use NAT64 of private', 'http://[64:ff9b:1::a00:1]/'],
    ['Teredo', 'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/'],
    ['IPv6 multicast', 'http://[ff02::1]/'],
    ['IPv6 site-local (deprecated, still routed by some stacks)', 'http://[fec0::1]/'],
    ['IPv4-mapped loopback in hex', 'http://[::ffff:7f00:1]/'],
    ['6to4 of loopback', 'http://[2002:7f00:1::]/'],
    ['NAT64 of a public address (a translator may sit on a private route)', 'http://[64:ff9b::5db8:d70e]/'],
    ['octal dotted', 'http://0177.0.0.1/'],
    ['loopback with root dot', 'http://127.0.0.1./'],
    ['userinfo before a loopback host', 'http://evil@127.0.0.1/'],
    ['userinfo that looks like a host', 'http://93.184.215.14&@127.0.0.1/'],
    ['0.0.0.0/8', 'http://0.1.2.3/'],
    ['CGNAT upper end', 'http://100.127.255.254/'],
    ['benchmarking 198.18/15', 'http://198.19.0.1/'],
    ['TEST-NET-1', 'http://192.0.2.1/'],
    ['reserved 240/4', 'http://240.0.0.1/'],
    ['Alibaba metadata', 'http://100.100.100.200/'],
    ['ECS task metadata', 'http://169.254.170.2/'],
    ['GCP metadata name', 'http://metadata.google.internal/computeMetadata/v1/'],
    ['GCP metadata name with root dot', 'http://metadata.google.internal./'],
    ['file scheme', 'file:///etc/passwd'],
    ['ftp scheme', 'ftp://example.com/feed'],
    ['gopher scheme', 'gopher://example.com:70/'],
    ['javascript scheme', 'javascript:alert(1)'],
    ['data scheme', 'data:text/xml,<rss/>'],
    ['credentials in URL', 'https://user:secret@example.com/feed'],
    ['username only', 'https://user@example.com/feed'],
    ['not a URL', 'not a url'],
    ['empty', ''],
  ])('refuses %s', (_name, url) => {
    expect(checkUrl(url, strict)).toMatchObject({ kind: 'refused' });
  });

  it.each([
    ['loopback', 'http://127.0.0.1:8080/'],
    ['localhost', 'http://localhost/'],
    ['private', 'http://192.168.1.20/feed'],
    ['unique-local', 'http://[fd12:3456::1]/'],
    ['IPv4-mapped private', 'http://[::ffff:10.0.0.1]/'],
    ['NAT64 of a private address', 'http://[64:ff9b::a00:1]/'],
  ])('allowPrivate lets %s through', (_name, url) => {
    expect(checkUrl(url, permissive).kind).toBe('allowed');
  });

  it.each([
    ['metadata address', 'http://169.254.169.254/'],
    ['AWS IPv6 metadata', 'http://[fd00:ec2::254]/'],
    ['metadata name', 'http://metadata.google.internal/'],
    ['IPv4-mapped metadata', 'http://[::ffff:169.254.169.254]/'],
    ['IPv4-compatible metadata', 'http://[::a9fe:a9fe]/'],
    ['IPv4-translated metadata', 'http://[::ffff:0:a9fe:a9fe]/'],
    ['NAT64 metadata', 'http://[64:ff9b::a9fe:a9fe]/'],
    ['6to4 metadata', 'http://[2002:a9fe:a9fe::]/'],
    // Every cloud's instance services sit in IPv4 link-local, not only at .169.254.
    ['ECS task credentials', 'http://169.254.170.2/v2/credentials/x'],
    ['EKS Pod Identity credentials', 'http://169.254.170.23/v1/credentials'],
    ['Tencent Cloud metadata', 'http://169.254.0.23/latest/meta-data/'],
    ['any IPv4 link-local address', 'http://169.254.10.10/'],
    ['IPv4-mapped link-local', 'http://[::ffff:169.254.170.23]/'],
    ['AWS IPv6 Pod Identity', 'http://[fd00:ec2::23]/'],
    ['unspecified', 'http://0.0.0.0/'],
    ['multicast', 'http://239.1.1.1/'],
    ['credentials', 'http://a:b@127.0.0.1/'],
  ])('allowPrivate still refuses %s', (_name, url) => {
    expect(checkUrl(url, permissive).kind).toBe('refused');
  });
});

describe('checkAddress with a private allow-list', () => {
  it.each([
    ['127.0.0.1', null],
    ['127.0.0.2', 'refused'],
    ['10.0.0.1', 'refused'],
    ['::1', 'refused'],
    ['93.184.215.14', null],
    // The allow-list is judged on the IPv4 address a form carries, never skipped for it.
    ['::7f00:2', 'refused'],
    ['::7f00:1', null],
    ['2002:7f00:2::', 'refused'],
  ])('%s', (address, expected) => {
    const reason = checkAddress(address, loopbackOnly);
    expect(reason === null ? null : 'refused').toBe(expected);
  });

  it('accepts CIDR entries', () => {
    expect(checkAddress('10.9.8.7', { allowPrivate: true, privateAllowList: ['10.0.0.0/8'] })).toBeNull();
    expect(checkAddress('10.9.8.7', { allowPrivate: true, privateAllowList: ['192.168.0.0/16'] })).not.toBeNull();
  });

  it('refuses what is not an address', () => {
    expect(checkAddress('example.com', permissive)).not.toBeNull();
  });
});
