import { z } from 'zod';
import { escapeMarkupText } from './escape-markup-text';
import type { FeedItem, ParsedFeed } from './parsed-feed';
import { FeedParseError } from './parsed-feed';

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1), read leniently: 1.0's `author`, numeric ids. */
const looseText = z.union([z.string(), z.number().transform(String)]).optional().catch(undefined);
const authorSchema = z.object({ name: looseText }).optional().catch(undefined);
const itemSchema = z.object({
  id: looseText,
  url: looseText,
  external_url: looseText,
  title: looseText,
  content_html: looseText,
  content_text: looseText,
  summary: looseText,
  date_published: looseText,
  date_modified: looseText,
  authors: z.array(authorSchema).optional().catch(undefined),
  author: authorSchema,
});
const feedSchema = z.object({
  version: z.string().startsWith('https://jsonfeed.org/version/'),
  title: looseText,
  home_page_url: looseText,
  items: z.array(z.unknown()).catch([]),
});

/** A JSON Feed document; an item that is not an object is skipped, a document that is not a JSON Feed is a parse error. */
export function parseJsonFeed(text: string): ParsedFeed {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FeedParseError(`not valid JSON: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`);
  }
  const feed = feedSchema.safeParse(json);
  if (!feed.success) throw new FeedParseError('JSON document is not a JSON Feed (no jsonfeed.org version)');
  const items = feed.data.items.flatMap((raw) => {
    const item = itemSchema.safeParse(raw);
    return item.success ? [toFeedItem(item.data)] : [];
  });
  return { title: feed.data.title ?? null, link: feed.data.home_page_url ?? null, items, ttlMinutes: null, base: null };
}

function toFeedItem(item: z.infer<typeof itemSchema>): FeedItem {
  const date = item.date_published ?? item.date_modified;
  const publishedAt = date === undefined ? NaN : Date.parse(date);
  const html = item.content_html ?? (item.content_text === undefined ? undefined : escapeMarkupText(item.content_text)) ?? item.summary;
  return {
    guid: item.id ?? null,
    link: item.url ?? item.external_url ?? null,
    title: item.title ?? null,
    html: html ?? null,
    author: item.authors?.find((author) => author?.name)?.name ?? item.author?.name ?? null,
    publishedAt: Number.isNaN(publishedAt) ? null : publishedAt,
    base: null,
  };
}
