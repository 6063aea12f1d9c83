import { describe, expect, it } from 'vitest';
import type { MentionDraft } from '../../src/domain/mention';
import { deriveDedupKey } from '../../src/sources/dedup-key';
import { carryLinklessItemKeys } from '../../src/sources/linkless-item-keys';

const now = Date.parse('2026-11-30T10:00:00Z');

/** A draft as rss-source makes it: keyed by the dedup chain. */
async function item(guid: string | null, text: string, url: string | null = null): Promise<MentionDraft> {
  return { dedupKey: await deriveDedupKey({ guid, url, title: 'Acme', text }), url, author: null, title: 'Acme', text, publishedAt: null };
}

/** The keys the second of two fetches hands over, the first fetch's cursor carried to it an hour later. */
async function secondKeys(first: MentionDraft[], second: MentionDraft[], cursor = (carried: string | null) => carried): Promise<string[]> {
  const fetched = await carryLinklessItemKeys(first, null, now);
  return (await carryLinklessItemKeys(second, cursor(fetched.cursor), now + 60 * 60_000)).drafts.map((d) => d.dedupKey);
}

describe('carrying the keys of linkless feed items', () => {
  it.each([
    {
      name: 'two identical posts with fresh guids stay two, keyed as before',
      first: () => Promise.all([item('a1', 'same'), item('a2', 'same')]),
      second: () => Promise.all([item('b1', 'same'), item('b2', 'same')]),
      keys: ['a1', 'a2'],
    },
    {
      name: 'a third identical post is a new one',
      first: () => Promise.all([item('a1', 'same'), item('a2', 'same')]),
      second: () => Promise.all([item('b0', 'same'), item('b1', 'same'), item('b2', 'same')]),
      keys: ['a1', 'a2', 'b2'],
    },
    {
      name: 'an item with a link keeps its own key (the story dedup covers it)',
      first: () => Promise.all([item('a1', 'same', 'https://example.com/1')]),
      second: () => Promise.all([item('b1', 'same', 'https://example.com/1')]),
      keys: ['b1'],
    },
    {
      name: 'an item linking a bare front page is matched like one with no link (no story to find it by)',
      first: () => Promise.all([item('a1', 'same', 'https://status.example.com/'), item('a2', 'other', 'https://status.example.com/')]),
      second: () => Promise.all([item('b1', 'same', 'https://status.example.com/'), item('b2', 'new', 'https://status.example.com/')]),
      keys: ['a1', 'b2'],
    },
  ])('$name', async ({ first, second, keys }) => {
    expect(await secondKeys(await first(), await second())).toEqual(keys);
  });

  it.each([
    { name: 'a cursor this did not write', cursor: '{"since":"12"}' },
    { name: 'a damaged cursor', cursor: '{"linkless":[["x"' },
  ])('starts afresh from $name', async ({ cursor }) => {
    expect(await secondKeys([await item('a1', 'same')], [await item('b1', 'same')], () => cursor)).toEqual(['b1']);
  });

  it.each([
    { name: 'no link', url: null },
    { name: 'a front-page link', url: 'https://status.example.com/' },
  ])('writes no cursor when every such item has no guid, so its key comes from the document anyway: $name', async ({ url }) => {
    expect((await carryLinklessItemKeys([await item(null, 'no guid', url)], null, now)).cursor).toBeNull();
  });
});
