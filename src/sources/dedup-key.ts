/** Keys longer than this are stored as their hash: a hostile feed's 1 MB guid must not become an index entry. */
const maxKeyLength = 256;

export interface DedupParts {
  guid: string | null;
  url: string | null;
  title: string | null;
  text: string;
}

/**
 * The key a mention is unique by within its source — miniflux's chain: the guid the feed states, else the
 * item's URL, else a SHA-256 of title and content (so an item without either still dedups on re-fetch).
 */
export async function deriveDedupKey(parts: DedupParts): Promise<string> {
  const stated = nonEmpty(parts.guid) ?? nonEmpty(parts.url);
  if (stated !== null) return stated.length <= maxKeyLength ? stated : `sha256:${await sha256Hex(stated)}`;
  return `sha256:${await contentHash(parts.title, parts.text)}`;
}

/**
 * The key of an item with no guid whose link other items of its document share (a changelog page every
 * release note links): the link and 16 hex digits of its title and content's hash, so each post is
 * its own and a repeat of one is still one.
 */
export async function sharedLinkKey(url: string, title: string | null, text: string): Promise<string> {
  const key = `${url}#sha256:${(await contentHash(title, text)).slice(0, 16)}`;
  return key.length <= maxKeyLength ? key : `sha256:${await sha256Hex(key)}`;
}

/** The hex SHA-256 of an item's title and content: the chain's last resort, and what linkless-item-keys.ts matches items by. */
export async function contentHash(title: string | null, text: string): Promise<string> {
  return sha256Hex(`${title ?? ''}\u0000${text}`);
}

/** Hex SHA-256 via Web Crypto, which Node 20 and Workers both provide as the global `crypto`. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function nonEmpty(value: string | null): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}
