import type { ParsedFeed } from './parsed-feed';
import { parseXmlFeed } from './parse-xml-feed';

/** Any feed document, by what it looks like: XML goes to rss-parser; JSON Feed comes with phase 2. */
export async function parseFeedDocument(text: string, _contentType: string | null): Promise<ParsedFeed> {
  return parseXmlFeed(text);
}
