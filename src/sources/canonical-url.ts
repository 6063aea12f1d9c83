import { isGoogleHost } from './unwrap-redirect-link';

/**
 * Query parameters that identify a click, a campaign or a share, never the page. Lists compiled from
 * ClearURLs, miniflux's tracker list and the ad platforms' own docs.
 */
const trackingParameters = new Set([
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'li_fat_id',
  'igshid', 'igsh', 'mc_cid', 'mc_eid', 'mkt_tok', '_hsenc', '_hsmi', '__hssc', '__hstc', '__hsfp', 'hsctatracking',
  'oly_anon_id', 'oly_enc_id', 'rb_clickid', 's_cid', 'vero_conv', 'vero_id', 'wickedid', 'ref_src', 'ref_url',
  'cmpid', 'icid', 'ocid', 'ncid', 'sr_share', 'at_medium', 'at_campaign', 'at_custom1', 'spm', 'scm',
  '_ga', '_gl', '_openstat', 'guccounter', 'guce_referrer', 'guce_referrer_sig', 'amp', 'amp_js_v', 'usqp',
  'si', 'feature', 'smid', 'smtyp', 'cvid',
]);
const trackingPrefixes = ['utm_', 'pk_', 'mtm_', 'hsa_', 'ga_', 'stm_'];

/** Google's AMP viewer and cache wrap the publisher's URL: `/amp/s/host/path`, `host-with-dashes.cdn.ampproject.org/c/s/host/path`. */
function unwrapAmpCache(url: URL): URL {
  const match =
    url.hostname.endsWith('.cdn.ampproject.org') ? /^\/[a-z]\/(s\/)?(.+)$/.exec(url.pathname)
    : isGoogleHost(url.hostname) ? /^\/amp\/(s\/)?(.+)$/.exec(url.pathname)
    : null;
  if (!match?.[2]) return url;
  try {
    return new URL(`${match[1] ? 'https' : 'http'}://${match[2]}${url.search}`);
  } catch {
    return url;
  }
}

/**
 * The form of a post's URL that two sources agree on, for counting one story once: https, no `www.`/`m.`/
 * `amp.` host prefix, no default port, no fragment, no tracking parameters (remaining ones sorted), no AMP
 * path or cache wrapper, no trailing slash. A key for comparison, not a URL to fetch: null for anything
 * not http(s).
 */
export function canonicalUrl(input: string): string | null {
  let url: URL;
  try {
    url = unwrapAmpCache(new URL(input.trim()));
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const port = url.port === '80' || url.port === '443' ? '' : url.port;
  const host = url.hostname.replace(/\.$/, '').replace(/^(www\d?|m|mobile|amp)\./, '');
  const path = canonicalPath(url.pathname);
  const query = canonicalQuery(url.searchParams);
  return `https://${host}${port ? `:${port}` : ''}${path}${query}`;
}

/**
 * The key two mentions are one story by: the canonical URL of a particular page. A site's front page
 * (no path, no query) is no story: a feed whose every item links home (a status page, a forum's digest)
 * and two posts that each link a brand's homepage are different posts, and keyed by it every one after
 * the first would count for nothing.
 */
export function storyKey(input: string): string | null {
  const canonical = canonicalUrl(input);
  return canonical === null || (new URL(canonical).pathname === '/' && !canonical.includes('?')) ? null : canonical;
}

function canonicalPath(pathname: string): string {
  const path = pathname
    .replace(/\/amp\/?$/, '/')
    .replace(/^\/amp\//, '/')
    .replace(/\.amp(\.html?)?$/, (_match, extension?: string) => extension ?? '')
    .replace(/\/{2,}/g, '/');
  return path.length > 1 ? path.replace(/\/+$/, '') : '/';
}

function canonicalQuery(parameters: URLSearchParams): string {
  const kept = [...parameters].filter(([name]) => {
    const lower = name.toLowerCase();
    return !trackingParameters.has(lower) && !trackingPrefixes.some((prefix) => lower.startsWith(prefix));
  });
  if (kept.length === 0) return '';
  kept.sort(([a, aValue], [b, bValue]) => (a === b ? aValue.localeCompare(bValue) : a < b ? -1 : 1));
  return `?${new URLSearchParams(kept).toString()}`;
}
