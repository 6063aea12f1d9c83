import ipaddr from 'ipaddr.js';
import { isLocalhostName } from './loopback-host';

/**
 * The URL guard: which URLs and which resolved addresses Earshot may connect to.
 * Pure and runtime-agnostic; Node applies `checkAddress` again at connect time (DNS rebinding),
 * Workers apply `checkUrl` to every redirect hop's literal host.
 *
 * Numeric tricks (`http://2130706433/`, `0x7f.1`, `017700000001`, `127.1`, full-width digits,
 * percent-encoded digits) need no code of our own: the WHATWG URL parser canonicalises every IPv4
 * spelling to dotted decimal before we look at the host, so the address checks below see `127.0.0.1`.
 */
export interface GuardPolicy {
  /** Operator setting EARSHOT_ALLOW_PRIVATE_URLS: lets loopback/private/CGNAT/ULA and IPv6 link-local through. */
  allowPrivate: boolean;
  /**
   * When set together with allowPrivate, only these private addresses or CIDR ranges are let through
   * (tests allow `127.0.0.1` so that a loopback alias such as `127.0.0.2` proves the guard refuses).
   */
  privateAllowList?: readonly string[];
}

export type GuardVerdict = { kind: 'allowed'; url: URL } | { kind: 'refused'; reason: string; invalid?: boolean };

/**
 * Addresses and names refused even when private addresses are allowed: cloud metadata services hold
 * instance credentials, and an operator who allows a home-network feed never means them. IPv4
 * link-local as a whole, not address by address: AWS/GCP/Azure/OpenStack 169.254.169.254, ECS
 * 169.254.170.2, EKS Pod Identity 169.254.170.23 and Tencent 169.254.0.23 all sit there, and a feed or
 * webhook never does. AWS serves the same over IPv6 from fd00:ec2::/32 (::254, ::23); Alibaba at 100.100.100.200.
 */
const metadataRanges = [
  { cidr: ipaddr.parseCIDR('169.254.0.0/16'), name: 'IPv4 link-local, where clouds serve instance metadata' },
  { cidr: ipaddr.parseCIDR('fd00:ec2::/32'), name: 'AWS instance metadata' },
  { cidr: ipaddr.parseCIDR('100.100.100.200/32'), name: 'Alibaba Cloud instance metadata' },
];
const metadataHostnames = new Set(['metadata.google.internal', 'metadata', 'metadata.goog', 'instance-data']);

/** Ranges that are never a web server: no allowPrivate turns these on. */
const neverRanges = new Set(['unspecified', 'broadcast', 'multicast']);

/** Checks a URL's scheme, credentials and literal host. A hostname still needs `checkAddress` once resolved. */
export function checkUrl(input: string | URL, policy: GuardPolicy): GuardVerdict {
  let url: URL;
  try {
    url = typeof input === 'string' ? new URL(input) : input;
  } catch {
    return { kind: 'refused', reason: 'not a valid URL', invalid: true };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { kind: 'refused', reason: `scheme ${url.protocol} is not http(s)` };
  }
  // Credentials in a URL end up in logs and Referer headers; sources carry credentials in config instead.
  if (url.username !== '' || url.password !== '') {
    return { kind: 'refused', reason: 'credentials in the URL are not accepted' };
  }
  const host = hostOf(url);
  if (host === '') return { kind: 'refused', reason: 'URL has no host', invalid: true };
  const literal = parseIpLiteral(host);
  if (literal !== null) {
    const reason = checkAddress(literal, policy);
    return reason === null ? { kind: 'allowed', url } : { kind: 'refused', reason };
  }
  const nameReason = checkHostname(host, policy);
  return nameReason === null ? { kind: 'allowed', url } : { kind: 'refused', reason: nameReason };
}

/** The URL's host without IPv6 brackets or a trailing root dot, lower-cased. */
export function hostOf(url: URL): string {
  let host = url.hostname.toLowerCase();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  while (host.endsWith('.')) host = host.slice(0, -1);
  return host;
}

/** An IPv4 (dotted decimal, as the URL parser leaves it) or IPv6 literal, or null for a name. */
export function parseIpLiteral(host: string): string | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(host)) return host;
  if (host.includes(':') && ipaddr.IPv6.isValid(host)) return host;
  return null;
}

function checkHostname(host: string, policy: GuardPolicy): string | null {
  if (metadataHostnames.has(host)) return `${host} is a cloud metadata service`;
  // A name made only of digits, dots and hex markers that the URL parser did not turn into an address
  // is some numeric spelling we do not understand; refuse rather than let a resolver interpret it.
  if (/^[0-9.]+$/.test(host) || /^0x[0-9a-f.x]*$/i.test(host)) return `ambiguous numeric host ${host}`;
  const isLocalName = isLocalhostName(host) || host.endsWith('.local');
  if (isLocalName && !policy.allowPrivate) return `${host} is a local name`;
  return null;
}

/**
 * Why this address must not be connected to, or null when it may be.
 * Only globally routable unicast passes without allowPrivate. IPv6 forms that carry an IPv4 address
 * (mapped, IPv4-compatible, NAT64, 6to4, Teredo) can reach it through the kernel or a translator on
 * the route, so without allowPrivate they are refused as a whole, and with it they are judged by the
 * IPv4 address they carry: a NAT64 spelling of 169.254.169.254 is the metadata service all the same.
 */
export function checkAddress(address: string, policy: GuardPolicy): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return `not an IP address: ${address}`;
  }
  const normalized = parsed.toString();
  const metadata = metadataRangeOf(parsed);
  if (metadata !== null) return `${normalized} is ${metadata}`;
  const carried = parsed.kind() === 'ipv6' ? carriedIPv4(parsed as ipaddr.IPv6) : null;
  if (carried !== null) {
    const carriedMetadata = metadataRangeOf(ipaddr.parse(carried.address));
    if (carriedMetadata !== null) return `${normalized} carries ${carried.address}, ${carriedMetadata}`;
    if (!policy.allowPrivate) return `${normalized} is an ${carried.form} address`;
    return checkAddress(carried.address, policy);
  }
  const range = parsed.range();
  if (range === 'unicast') return null;
  if (neverRanges.has(range)) return `${normalized} is ${range}`;
  if (!policy.allowPrivate) return `${normalized} is ${range}`;
  if (policy.privateAllowList && !isInAllowList(parsed, policy.privateAllowList)) {
    return `${normalized} is ${range} and not in the private allow-list`;
  }
  return null;
}

/**
 * The IPv4 address an IPv6 address carries, and in which form. ipaddr.js names most of these ranges
 * but calls IPv4-compatible addresses (::a.b.c.d, deprecated yet still parsed by every stack) plain
 * unicast, and they are where a guard that trusts "unicast" is bypassed: [::127.0.0.1] is loopback.
 */
function carriedIPv4(v6: ipaddr.IPv6): { address: string; form: string } | null {
  const p = v6.parts;
  const v4 = (high: number, low: number) => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
  const zeros = (from: number, to: number) => p.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && p[5] === 0xffff) return { address: v4(p[6]!, p[7]!), form: 'IPv4-mapped IPv6' };
  if (zeros(0, 4) && p[4] === 0xffff && p[5] === 0) return { address: v4(p[6]!, p[7]!), form: 'IPv4-translated IPv6' };
  // ::/96 less :: and ::1, which keep their own names (unspecified, loopback) below.
  if (zeros(0, 6) && (p[6] !== 0 || p[7]! > 1)) return { address: v4(p[6]!, p[7]!), form: 'IPv4-compatible IPv6' };
  if (p[0] === 0x64 && p[1] === 0xff9b && (zeros(2, 6) || p[2] === 1)) return { address: v4(p[6]!, p[7]!), form: 'NAT64' };
  if (p[0] === 0x2002) return { address: v4(p[1]!, p[2]!), form: '6to4' };
  if (p[0] === 0x2001 && p[1] === 0) return { address: v4(p[6]! ^ 0xffff, p[7]! ^ 0xffff), form: 'Teredo' };
  return null;
}

function metadataRangeOf(address: ipaddr.IPv4 | ipaddr.IPv6): string | null {
  const found = metadataRanges.find(({ cidr: [range, bits] }) => range.kind() === address.kind() && address.match(range, bits));
  return found?.name ?? null;
}

function isInAllowList(address: ipaddr.IPv4 | ipaddr.IPv6, allowList: readonly string[]): boolean {
  return allowList.some((entry) => {
    try {
      const [range, bits] = entry.includes('/') ? ipaddr.parseCIDR(entry) : [ipaddr.parse(entry), undefined];
      if (range.kind() !== address.kind()) return false;
      const prefix = bits ?? (range.kind() === 'ipv4' ? 32 : 128);
      return address.match(range, prefix);
    } catch {
      return false;
    }
  });
}
