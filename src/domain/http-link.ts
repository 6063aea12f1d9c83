/**
 * A URL from a source, as a link Earshot may show or send: http(s) only, in the URL parser's own
 * serialisation (no newline, space or control character survives it), at most 4,096 characters;
 * null otherwise. Scraped links are untrusted: a feed's `<link>` of "javascript:…" or "!channel" must
 * never become a link in the dashboard, a Slack message (`<!channel|…>` pings a channel) or Discord.
 */
export function httpLink(input: string | null | undefined): string | null {
  const trimmed = input?.trim() ?? '';
  if (trimmed === '') return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return url.href.length <= 4_096 ? url.href : null;
}
