import { describe, expect, it } from 'vitest';
import { isLocalhostName, isLoopbackHost, isLoopbackHostHeader } from '../../src/http/loopback-host';

// One rule, asked of a bare host (EARSHOT_HOST, a URL's hostname) and of a Host header. The columns
// differ only where the header has a port, or where a browser resolved a name under .localhost.
describe('the loopback rule', () => {
  it.each([
    ['localhost', 'localhost', 'localhost:8787', true, true],
    ['localhost in capitals (names are case-insensitive)', 'LOCALHOST', 'LOCALHOST:80', true, true],
    ['localhost with a root dot (asks DNS, not the hosts file)', 'localhost.', 'localhost.:8787', false, false],
    ['127.0.0.1', '127.0.0.1', '127.0.0.1:8787', true, true],
    ['another address in 127/8', '127.10.0.3', '127.10.0.3', true, true],
    ['127/8 written short (inet_aton reads it, we do not)', '127.1', '127.1:8787', false, false],
    ['127/8 with a leading zero (octal to inet_aton)', '127.0.0.010', '127.0.0.010', false, false],
    ['an octet past 255', '127.999.0.1', '127.999.0.1:80', false, false],
    ['::1 in brackets', '[::1]', '[::1]:8787', true, true],
    ['::1 bare (no header writes it so: RFC 3986 brackets IPv6)', '::1', '::1', true, false],
    ['::1 spelt out', '0:0:0:0:0:0:0:1', '[0:0:0:0:0:0:0:1]', true, true],
    ['127.0.0.1 mapped into IPv6 (never leaves the host)', '::ffff:127.0.0.1', '[::ffff:127.0.0.1]:8787', true, true],
    ['127.0.0.1 mapped, as the URL parser prints it', '[::ffff:7f00:1]', '[::ffff:7f00:1]', true, true],
    ['127.0.0.1 IPv4-compatible (routed, not mapped)', '::127.0.0.1', '[::127.0.0.1]', false, false],
    ['127.0.0.1 through NAT64 (a translator on the route)', '64:ff9b::127.0.0.1', '[64:ff9b::127.0.0.1]', false, false],
    ['a LAN address mapped into IPv6', '::ffff:192.168.1.20', '[::ffff:192.168.1.20]', false, false],
    ['0.0.0.0 (every interface)', '0.0.0.0', '0.0.0.0:8787', false, false],
    ['the IPv6 unspecified address', '::', '[::]:8787', false, false],
    ['a name under .localhost (a browser keeps it on loopback, the system resolver may not)', 'app.localhost', 'app.localhost:8787', false, true],
    ['a name under .localhost in capitals', 'App.LocalHost', 'App.LocalHost', false, true],
    ['a name that starts like 127.0.0.1', '127.0.0.1.evil.example', '127.0.0.1.evil.example', false, false],
    ['a name that starts like localhost', 'localhost.evil.example', 'localhost.evil.example:80', false, false],
    ['a name that ends like localhost', 'evillocalhost', 'evillocalhost', false, false],
    ['a LAN address', '192.168.1.20', '192.168.1.20:8787', false, false],
    ['nothing', '', '', false, false],
    ['a header with a bad port', '127.0.0.1', '127.0.0.1:80a', true, false],
    ['a header with a second port', '127.0.0.1', '127.0.0.1:80:80', true, false],
    ['brackets around a name', '[localhost]', '[localhost]', false, false],
    ['brackets around an IPv6 address and more', '[::1]x', '[::1]@evil.example', false, false],
  ])('%s', (_name, host, header, hostIsLoopback, headerIsLoopback) => {
    expect({ host: isLoopbackHost(host), header: isLoopbackHostHeader(header) }).toEqual({ host: hostIsLoopback, header: headerIsLoopback });
  });
});

describe('isLocalhostName', () => {
  it.each([
    ['localhost', true],
    ['app.localhost', true],
    ['a.b.localhost', true],
    ['evillocalhost', false],
    ['localhost.example', false],
  ])('%j is %s', (name, expected) => {
    expect(isLocalhostName(name)).toBe(expected);
  });
});
