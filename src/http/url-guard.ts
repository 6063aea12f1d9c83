import ipaddr from 'ipaddr.js';

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
  /** Operator setting EARSHOT_ALLOW_PRIVATE_URLS: lets loopback/private/link-local/CGNAT/ULA through. */
  allowPrivate: boolean;
  /**
   * When set together with allowPrivate, only these private addresses or CIDR ranges are let through
   * (tests allow `127.0.0.1` so that a loopback alias such as `127.0.0.2` proves the guard refuses).
   */
  privateAllowList?: readonly string[];
}

export type GuardVerdict = { kind: 'allowed'; url: URL } | { kind: 'refused'; reason: string; invalid?: boolean };

/**
 * Addresses and names refused even when private addresses are allowed: cloud metadata services
 * (AWS/GCP/Azure/OpenStack 169.254.169.254, AWS IPv6 fd00:ec2::254, Alibaba 100.100.100.200) hold
 * instance credentials, and an operator who allows a home-network feed never means them.
 */
const metadataAddresses = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200', '169.254.170.2']);
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
  const isLocalName = host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local');
  if (isLocalName && !policy.allowPrivate) return `${host} is a local name`;
  return null;
}

/**
 * Why this address must not be connected to, or null when it may be.
 * Only globally routable unicast passes without allowPrivate: IPv4-mapped, NAT64, 6to4 and Teredo
 * IPv6 forms embed an IPv4 address the kernel may route to, so they are refused as a whole.
 */
export function checkAddress(address: string, policy: GuardPolicy): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return `not an IP address: ${address}`;
  }
  const normalized = parsed.toString();
  if (metadataAddresses.has(normalized)) return `${normalized} is a cloud metadata address`;
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    const embedded = (parsed as ipaddr.IPv6).toIPv4Address().toString();
    if (metadataAddresses.has(embedded)) return `${normalized} maps to a cloud metadata address`;
    if (!policy.allowPrivate) return `${normalized} is an IPv4-mapped IPv6 address`;
    return checkAddress(embedded, policy);
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
