/**
 * Google Alerts links every item through `https://www.google.com/url?…&url=<target>`: the mention's URL is
 * the target, not Google's click tracker (and two alerts for one story then share a key). Only Google's
 * own redirector is unwrapped, and only to an http(s) target.
 */
export function unwrapRedirectLink(link: string): string {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return link;
  }
  const isGoogleRedirect = isGoogleHost(url.hostname) && url.pathname === '/url';
  if (!isGoogleRedirect) return link;
  const target = url.searchParams.get('url') ?? url.searchParams.get('q');
  if (target === null || !/^https?:\/\//i.test(target)) return link;
  try {
    return new URL(target).href;
  } catch {
    return link;
  }
}

/** google.com, google.de, google.co.uk, google.com.au — not google.evil.example. */
export function isGoogleHost(hostname: string): boolean {
  return /^(www\.)?google\.(com|[a-z]{2}|co\.[a-z]{2}|com\.[a-z]{2})$/.test(hostname);
}
