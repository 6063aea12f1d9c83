import Parser from 'rss-parser';
import { escapeMarkupText } from './escape-markup-text';
import type { FeedItem, ParsedFeed } from './parsed-feed';
import { FeedParseError } from './parsed-feed';
import { inlineXhtmlText } from './inline-xhtml-text';
import { repairHtmlEntities } from './repair-html-entities';

/** Text of one element beyond this is cut before rss-parser sees it: the "huge single item" cap. */
const maxValueChars = 512 * 1024;

/** Placeholders stand in for every value holding markup; these private-use characters delimit them. */
const open = '\uE000';
const close = '\uE001';
const placeholderPattern = /\uE000(\d+)\uE001/g;
const markerPattern = /[\uE000\uE001]/g;

/** Date elements rss-parser feeds to `new Date(...).toISOString()`, which throws on an invalid date. */
const dateElements = new Set(['published', 'updated', 'pubDate', 'dc:date', 'lastBuildDate']);

/**
 * RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom through rss-parser's `parseString`, with its traps disarmed:
 * - it runs a quadratic tag-stripping regex over every description and content (80 KB of `<` takes
 *   seconds): values that hold `<` are swapped for short placeholders during XML parsing (an xml2js
 *   value processor) and swapped back afterwards, so its regex only ever sees placeholders;
 * - it throws on Atom `published`/`updated` values that are not dates: those are blanked, the item kept;
 * - it has no size cap: each value is cut at 512 KB, and the caller caps the document and item count;
 * - it scrambles Atom `type="xhtml"` text (see inline-xhtml-text.ts): that is escaped to HTML first.
 * The XML parser (sax, strict) never expands DTD entities nor fetches external ones: billion-laughs and
 * XXE documents fail as parse errors.
 */
export async function parseXmlFeed(xml: string): Promise<ParsedFeed> {
  const values: string[] = [];
  const parser = new Parser<Record<string, unknown>, Record<string, unknown>>({
    // A <rss> without a version attribute is read as RSS 2.0 instead of refused.
    defaultRSS: 2,
    // Media RSS: YouTube channel feeds carry the video's description only in media:group. The
    // attributes (`$`) carry Atom's xml:base, which rss-parser does not apply; the whole guid element
    // carries isPermaLink, which it drops.
    customFields: {
      // rss-parser's types name feed fields only; its code reads [from, to, options] for them as for items.
      feed: [['$', 'attributes', { keepArray: true }]] as unknown as string[],
      item: [['media:group', 'mediaGroup'], ['media:description', 'mediaDescription'], ['$', 'attributes', { keepArray: true }], ['guid', 'guidElement', { keepArray: true }]],
    },
    xml2js: {
      valueProcessors: [(value: string, name: string) => neutralizeValue(value, name, values)],
      attrValueProcessors: [(value: string) => value.replace(markerPattern, '')],
    },
  });
  let output: Parser.Output<Record<string, unknown>>;
  try {
    output = await parser.parseString(inlineXhtmlText(repairHtmlEntities(xml.trimStart())));
  } catch (error) {
    throw new FeedParseError(`not a readable RSS, RDF or Atom document: ${messageOf(error)}`);
  }
  const restore = (value: unknown): string | null => restoreValue(textOf(value), values);
  return {
    title: restore(output.title),
    link: restore(output.link),
    ttlMinutes: parseTtl(restore((output as { ttl?: unknown }).ttl)),
    base: xmlBaseOf((output as { attributes?: unknown }).attributes),
    items: (output.items ?? []).map((item) => toFeedItem(item as Record<string, unknown>, restore)),
  };
}

function neutralizeValue(value: unknown, name: string, values: string[]): unknown {
  if (typeof value !== 'string') return value;
  const capped = value.length > maxValueChars ? value.slice(0, maxValueChars) : value;
  if (dateElements.has(name) && Number.isNaN(Date.parse(capped.trim()))) return '';
  if (!capped.includes('<') && !markerPattern.test(capped)) return capped;
  markerPattern.lastIndex = 0;
  values.push(capped);
  return `${open}${values.length - 1}${close}`;
}

/**
 * A value exactly one placeholder gets its original back; placeholders inside markup rss-parser rebuilt
 * (Atom `type="xhtml"` content) are text nodes there, so their originals go back XML-escaped.
 */
function restoreValue(value: string | null, values: string[]): string | null {
  if (value === null) return null;
  const whole = /^\uE000(\d+)\uE001$/.exec(value);
  if (whole) return values[Number(whole[1])] ?? '';
  return value.replace(placeholderPattern, (_match, index: string) => escapeMarkupText(values[Number(index)] ?? ''));
}

function toFeedItem(item: Record<string, unknown>, restore: (value: unknown) => string | null): FeedItem {
  const isoDate = textOf(item.isoDate);
  const publishedAt = isoDate === null ? null : Date.parse(isoDate);
  return {
    guid: restore(item.guid) ?? restore(item.id) ?? restore(item['rdf:about']),
    link: restore(item.link) ?? permalinkGuid(item.guidElement, restore),
    title: restore(item.title),
    html: restore(item['content:encoded']) ?? restore(item.content) ?? restore(item.summary) ?? mediaDescription(item, restore),
    author: restore(item.creator) ?? restore(item.author) ?? restore(item['dc:creator']),
    publishedAt: publishedAt === null || Number.isNaN(publishedAt) ? null : publishedAt,
    base: xmlBaseOf(item.attributes),
  };
}

/**
 * An RSS guid that is the item's permalink (RSS 2.0: unless isPermaLink="false"), as its link when it
 * states no <link>. Feeds that give only the guid had mentions with no link: nothing to open, and no
 * story key to meet the same post seen through another source, so it counted twice.
 */
function permalinkGuid(element: unknown, restore: (value: unknown) => string | null): string | null {
  const guid: unknown = Array.isArray(element) ? element[0] : undefined;
  const attributes = typeof guid === 'object' && guid !== null && '$' in guid ? (guid.$ as Record<string, unknown>) : {};
  if (String(attributes.isPermaLink ?? 'true').trim().toLowerCase() === 'false') return null;
  const text = restore(guid)?.trim() ?? '';
  return /^https?:\/\//i.test(text) ? text : null;
}

/** `xml:base` from an element's attributes (xml2js's `$`). */
function xmlBaseOf(attributes: unknown): string | null {
  const base = typeof attributes === 'object' && attributes !== null ? (attributes as Record<string, unknown>)['xml:base'] : undefined;
  return typeof base === 'string' && base.trim() !== '' ? base.trim() : null;
}

/** Media RSS description is plain text; escaped so the HTML-to-text step keeps its `<` and line breaks as text. */
function mediaDescription(item: Record<string, unknown>, restore: (value: unknown) => string | null): string | null {
  const group = item.mediaGroup;
  const inGroup = typeof group === 'object' && group !== null ? (group as Record<string, unknown>)['media:description'] : undefined;
  const text = restore(Array.isArray(inGroup) ? inGroup[0] : undefined) ?? restore(item.mediaDescription);
  return text === null ? null : escapeMarkupText(text).replace(/\r?\n/g, '<br>');
}

/** rss-parser hands back strings, or xml2js objects `{ _: text, $: attributes }` when an element has attributes. */
function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && '_' in value && typeof value._ === 'string') return value._;
  return null;
}

function parseTtl(value: string | null): number | null {
  const minutes = Number(value?.trim());
  return value !== null && Number.isInteger(minutes) && minutes > 0 ? minutes : null;
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]?.slice(0, 200) ?? 'unknown error';
}
