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
    // The error keeps up to 200 characters of the receiver's answer, and a receiver (or a proxy before it)
    // may echo its URL in a form the splits above miss: JSON with escaped slashes, percent-encoded, or the
    // token alone. Each credential-shaped piece of the endpoint's path and query is masked wherever it is.
    for (const piece of credentialPiecesOf(endpointUrl)) out = out.split(piece).join('[redacted]');
  }
  // "https:\/\/host\/path" is a URL as JSON may escape it; cut to its origin all the same.
  out = out.replace(/\bhttps?:(?:\\?\/){2}[^\s"'<>]+/gi, (url) => `${originOf(url.replace(/\\\//g, '/'))}/[redacted]`);
  return out.replace(/whsec_[A-Za-z0-9+/=]+/g, 'whsec_[redacted]');
}

/**
 * The path segments and query values of a URL that may be a credential, as written and decoded (Slack's
 * team, hook and token, Discord's hook id and token, a `?token=` value): ten characters or more, or six
 * with a digit. Shorter words such as "services" or "webhooks" stay, so the error remains readable.
 */
function credentialPiecesOf(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const raw = [...parsed.pathname.split('/'), ...parsed.search.replace(/^\?/, '').split('&').map((pair) => pair.slice(pair.indexOf('=') + 1))];
  const pieces = raw.flatMap((piece) => [piece, safeDecode(piece)]).filter((piece) => piece.length >= 10 || (piece.length >= 6 && /\d/.test(piece)));
  // Longest first: a piece that contains another is masked whole.
  return [...new Set(pieces)].sort((a, b) => b.length - a.length);
}

function safeDecode(piece: string): string {
  try {
    return decodeURIComponent(piece);
  } catch {
    return piece;
  }
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
