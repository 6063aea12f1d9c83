/** A feed as the parsers hand it over: every format (RSS, RDF, Atom, JSON Feed) ends in this shape. */
export interface ParsedFeed {
  title: string | null;
  link: string | null;
  items: FeedItem[];
  /** RSS `<ttl>`: minutes the publisher says the feed may be cached. */
  ttlMinutes: number | null;
  /** The root's `xml:base` as written (Atom, RFC 4287 §2): what its relative links resolve against. */
  base: string | null;
}

export interface FeedItem {
  guid: string | null;
  link: string | null;
  /** May hold markup; turned into text by the source. */
  title: string | null;
  /** Content or summary, HTML as the feed gives it. */
  html: string | null;
  author: string | null;
  /** Epoch ms; null when the item states no date or one that does not parse. */
  publishedAt: number | null;
  /** The item's own `xml:base` as written, relative to the feed's; null when it has none. */
  base: string | null;
}

/** The document is not a feed we can read: stored on the source as a `parse` error. */
export class FeedParseError extends Error {
  override name = 'FeedParseError';
}
