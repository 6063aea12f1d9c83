import type { ParsedFeed } from './parsed-feed';
import { parseJsonFeed } from './parse-json-feed';
import { parseXmlFeed } from './parse-xml-feed';

/**
 * Any feed document, by what it is: JSON Feed when the server says JSON or the text opens with `{`,
 * else XML (RSS 0.9x/2.0, RDF, Atom). Content-Type alone is not trusted: many servers send
 * `text/html` or `application/octet-stream` for perfectly good feeds.
 */
export async function parseFeedDocument(text: string, contentType: string | null): Promise<ParsedFeed> {
  const start = text.trimStart();
  const saysJson = /\bjson\b/i.test(contentType ?? '');
  if (start.startsWith('{') || (saysJson && !start.startsWith('<'))) return parseJsonFeed(start);
  return parseXmlFeed(start);
}
