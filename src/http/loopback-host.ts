import ipaddr from 'ipaddr.js';

/**
 * Whether a host is this machine: what lets the API run without a key (EARSHOT_HOST, and the Host
 * header a keyless server answers), and lets a Mastodon token go over plain http. One rule, chosen so
 * that a wrong "no" only asks for a key or an https URL, and a wrong "yes" never happens:
 *
 * - Names are case-insensitive (RFC 4343): `LOCALHOST` is `localhost`. `localhost.` is not: the root
 *   dot sends it past the hosts file to DNS.
 * - IPv4: 127.0.0.0/8 in dotted decimal only. `127.1`, `0x7f.1` or `2130706433` do reach 127.0.0.1,
 *   but through inet_aton's reading of short, octal and hex forms, which we would have to copy exactly
 *   to be sure of them (`0127.0.0.1` is 87.0.0.1); writing 127.0.0.1 costs the operator nothing, and
 *   URLs and browsers hand us the dotted form anyway.
 * - IPv6: ::1 in any spelling (IPv6 text has one reading), bracketed or bare. An IPv4-mapped address
 *   (::ffff:127.0.0.1) is the IPv4 address it carries and never leaves the host (RFC 4291 §2.5.5.2);
 *   the other forms that carry one (NAT64, 6to4, IPv4-compatible) reach it through a translator on the
 *   route, so they are not loopback.
 * - 0.0.0.0 and :: are not loopback: bound, they listen on every interface.
 * - Names under `.localhost` (RFC 6761 §6.3) only in a Host header: a browser keeps them on loopback
 *   itself and no public DNS delegates the name, so no rebinding site can own one. A bare host is
 *   resolved by the system resolver instead, which (glibc without nss-myhostname) asks DNS for them.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase();
  const bracketed = /^\[(.*)\]$/.exec(name)?.[1];
  if (bracketed !== undefined) return isLoopbackIPv6(bracketed);
  if (name === 'localhost') return true;
  if (ipaddr.IPv4.isValidFourPartDecimal(name)) return name.startsWith('127.');
  return name.includes(':') && isLoopbackIPv6(name);
}

/** A Host header (`localhost:8787`, `[::1]:8787`, `app.localhost`): its host by the rule above, with any port. */
export function isLoopbackHostHeader(header: string): boolean {
  const host = /^(\[[^\]]*\]|[^:[\]]*)(?::\d+)?$/.exec(header.toLowerCase())?.[1];
  return host !== undefined && (isLoopbackHost(host) || isLocalhostName(host));
}

/** `localhost` and the names under it, which RFC 6761 reserves for loopback (lower-case, without a root dot). */
export function isLocalhostName(name: string): boolean {
  return name === 'localhost' || name.endsWith('.localhost');
}

/**
 * Read by the URL parser rather than ipaddr.js, which takes `::127.0.0.1` (IPv4-compatible) for
 * `::ffff:127.0.0.1` (IPv4-mapped); the URL parser prints the canonical text (RFC 5952) or fails.
 */
function isLoopbackIPv6(address: string): boolean {
  if (!/^[0-9a-f:.]+$/.test(address)) return false;
  let canonical: string;
  try {
    canonical = new URL(`http://[${address}]/`).hostname;
  } catch {
    return false;
  }
  return canonical === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(canonical);
}
