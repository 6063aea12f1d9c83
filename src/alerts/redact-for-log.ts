/**
 * Error text as it may be stored, shown and logged: every URL is cut to its origin (webhook URLs carry
 * their credential in the path: Slack's /services/T…/B…/token, Discord's /api/webhooks/id/token), the
 * endpoint's own path is removed wherever it appears, and anything shaped like a signing secret is masked.
 */
export function redactForLog(text: string, endpointUrl?: string): string {
  let out = text;
  if (endpointUrl) {
    const path = pathOf(endpointUrl);
    out = out.split(endpointUrl).join(originOf(endpointUrl));
    if (path !== null && path.length > 1) out = out.split(path).join('/[redacted]');
  }
  out = out.replace(/\bhttps?:\/\/[^\s"'<>]+/gi, (url) => `${originOf(url)}/[redacted]`);
  return out.replace(/whsec_[A-Za-z0-9+/=]+/g, 'whsec_[redacted]');
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '[url]';
  }
}

function pathOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return null;
  }
}
