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
    .superRefine((value, ctx) => {
      const verdict = checkUrl(value, { allowPrivate: allowPrivateUrls });
      if (verdict.kind === 'refused') {
        const hint = verdict.invalid ? 'must be an absolute http(s) URL' : `is refused: ${verdict.reason}`;
        ctx.addIssue({ code: 'custom', message: hint });
      }
    });
}
