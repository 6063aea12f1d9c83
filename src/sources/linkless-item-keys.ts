import { z } from 'zod';
import type { MentionDraft } from '../domain/mention';
import { storyKey } from './canonical-url';
import { contentHash } from './dedup-key';

/**
 * How long a linkless item's key is remembered after its feed last showed it. Within it, a post with
 * the same title and content is the same post; after it, a new one (a status feed posting "API
 * degraded" again a month later).
 */
const rememberForMs = 7 * 24 * 60 * 60 * 1000;
/** The most recently seen are kept: rss-source's own cap on the items one document gives. */
const maxRemembered = 500;

/**
 * Hex digits of the content hash kept as an item's id: 64 bits, so ids of one feed's few hundred items
 * do not collide, at a quarter of the hash's room in a cursor the sources API returns.
 */
const idLength = 16;

/** The item's id (see idLength), the key it was stored under, when the feed last showed it (epoch ms). */
const entrySchema = z.tuple([z.string(), z.string(), z.number()]);
const cursorSchema = z.object({ linkless: z.array(entrySchema) });
type Entry = z.infer<typeof entrySchema>;

/**
 * Gives a feed item that links no story (no link, or a bare front page, which every post of a site may
 * link) the key it was stored under when the feed showed it before, matched by title and content, and
 * remembers the keys for the next fetch in the source's cursor.
 *
 * The dedup chain (guid, else link, else a hash of title and content) trusts the guid, and some
 * generators mint a new one on every render (a timestamp, a random UUID). An item with a link is
 * found again by the store among its source's mentions with that link (insertMentions' keysMayChange);
 * without one, or with a front page, there is no story to look it up by, and every fetch stored the
 * same post again as a new mention. So such an item whose title and content are those of an
 * item the feed showed within `rememberForMs` takes that item's key, and the store, unique by
 * (source, key), counts it once. Title and content both: a "Daily digest" with new content each day is
 * a new post each day. Within one document the guids are taken as they are (two identical posts with
 * two guids are two posts), and the n-th item with a given content takes the key of the n-th the feed
 * showed before, so they stay two posts, not one and not four.
 *
 * Kept in the cursor rather than looked up among stored mentions: it costs no statement, needs no
 * column or index on D1, and the period runs from when the feed last showed the item, so a post that
 * stays in a feed for months is still one post. Only contents a later fetch could not key again by
 * itself are written: items without a guid are already keyed by their content hash or link.
 */
export async function carryLinklessItemKeys(drafts: MentionDraft[], cursor: string | null, now: number): Promise<{ drafts: MentionDraft[]; cursor: string | null }> {
  const remembered = groupById(readEntries(cursor).filter(([, , seenAt]) => now - seenAt < rememberForMs));
  const shownTimes = new Map<string, number>();
  const shown: Entry[] = [];
  const keyed: MentionDraft[] = [];
  const keys = new Set<string>();
  const derivable = new Set<Entry>();
  for (const draft of drafts) {
    const hash = !isStoryLink(draft.url) && draft.text !== '' ? await contentHash(draft.title, draft.text) : null;
    let dedupKey = draft.dedupKey;
    if (hash !== null) {
      const id = hash.slice(0, idLength);
      const times = shownTimes.get(id) ?? 0;
      dedupKey = remembered.get(id)?.[times]?.[1] ?? dedupKey;
      shownTimes.set(id, times + 1);
      const entry: Entry = [id, dedupKey, now];
      shown.push(entry);
      if (isKeyedByDocument(dedupKey, draft.url)) derivable.add(entry);
    }
    // A remembered key can meet an item's own: the first is the one kept, as in rss-source's toDrafts.
    if (keys.has(dedupKey)) continue;
    keys.add(dedupKey);
    keyed.push(dedupKey === draft.dedupKey ? draft : { ...draft, dedupKey });
  }
  const notShown = [...remembered.values()].flat().filter(([id]) => !shownTimes.has(id));
  const entries = [...groupById(shown).values()].filter((group) => !group.every((entry) => derivable.has(entry))).flat().concat(notShown).slice(0, maxRemembered);
  return { drafts: keyed, cursor: entries.length === 0 ? null : JSON.stringify({ linkless: entries }) };
}

/**
 * A link the store can find the post again by (insertMentions' keysMayChange): anything but none or a
 * bare front page, which every post of a site may link (storyKey).
 */
function isStoryLink(url: string | null): boolean {
  return url !== null && storyKey(url) !== null;
}

/**
 * Keyed without a guid (by its content hash, its link, or both: dedup-key.ts): the next fetch derives
 * that key again from the document by itself, so it need not be remembered.
 */
function isKeyedByDocument(key: string, url: string | null): boolean {
  return key.startsWith('sha256:') || (url !== null && (key === url || key.startsWith(`${url}#sha256:`)));
}

function groupById(entries: Entry[]): Map<string, Entry[]> {
  const groups = new Map<string, Entry[]>();
  for (const entry of entries) groups.set(entry[0], [...(groups.get(entry[0]) ?? []), entry]);
  return groups;
}

/** The remembered entries; none from a cursor this did not write (a source stored before it, or damaged). */
function readEntries(cursor: string | null): Entry[] {
  if (cursor === null) return [];
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(cursor));
    return parsed.success ? parsed.data.linkless : [];
  } catch {
    return [];
  }
}
