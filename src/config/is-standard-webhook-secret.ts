import { isWebhookSecret } from '../alerts/sign-webhook';

// Canonical padded base64 in the standard alphabet: what the receiver libraries decode (standardwebhooks
// uses @stablelib/base64, which is stricter than atob about padding and stray characters).
const canonicalBase64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const prefix = 'whsec_';

/**
 * A secret an operator gives us (EARSHOT_CONFIG's secretEnv) must be one both ends can use: Standard
 * Webhooks 1.0 ("Signature scheme") asks for `whsec_` + base64 of 24 to 64 random bytes. The signer's own
 * check (isWebhookSecret) has no upper bound and accepts what atob forgives, so this is stricter on top of it.
 */
export function isStandardWebhookSecret(value: string): boolean {
  if (!value.startsWith(prefix)) return false;
  const body = value.slice(prefix.length);
  if (!canonicalBase64.test(body)) return false;
  const padding = body.endsWith('==') ? 2 : body.endsWith('=') ? 1 : 0;
  const bytes = (body.length / 4) * 3 - padding;
  return bytes >= 24 && bytes <= 64 && isWebhookSecret(value);
}
