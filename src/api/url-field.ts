import { z } from 'zod';
import { checkUrl } from '../http/url-guard';

/**
 * An http(s) URL for something Earshot will fetch or post to. The literal host is checked against
 * the URL guard here so an obvious private address is a clear 400 now rather than a "blocked"
 * source error later; names are resolved and checked again at fetch time (DNS rebinding).
 */
export function outboundUrl(allowPrivateUrls: boolean) {
  return z
    .string()
    .trim()
    .max(2048, 'must be at most 2048 characters')
    .transform((value, ctx) => {
      const verdict = checkUrl(value, { allowPrivate: allowPrivateUrls });
      if (verdict.kind === 'refused') {
        const hint = verdict.invalid ? 'must be an absolute http(s) URL' : `is refused: ${verdict.reason}`;
        ctx.addIssue({ code: 'custom', message: hint });
        return z.NEVER;
      }
      // Stored as the URL parser writes it, without a fragment (never sent to a server): HTTP://Host/feed
      // and http://host/feed#top are the same source, and a duplicate is found as one.
      // A bare origin keeps the form Earshot has always stored ("https://mastodon.social", no slash).
      const url = verdict.url; // checkUrl parsed it from this string: ours to change
      url.hash = '';
      return url.pathname === '/' && url.search === '' ? url.origin : url.href;
    });
}
