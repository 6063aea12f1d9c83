import { copyKey } from '../domain/mention-text';

/**
 * A pile-on is often one text posted by many accounts ("Boycott Acme. Share this."), and a mention
 * list that shows those words five times shows one voice five times. Copies are grouped under their
 * first mention, with their count, so an alert's evidence shows the different things being said and
 * how often each was said.
 */
export interface CopiedMentionGroup<M> {
  /** The first of the copies in the given order (the strongest in the alert's tone). */
  mention: M;
  copies: number;
  /** The rows were cut at a limit inside this group: there may be more copies than counted. */
  copiesAtLeast: boolean;
}

/**
 * Groups copies among `ordered` (already in the order the evidence shows them) and returns the first
 * `limit` groups in that order. `truncated`: `ordered` was cut at a row limit, so the group holding
 * its last row may have more copies beyond it. Identical texts score identically and so sit next to
 * each other in a score order; only that last group can be cut.
 */
export function groupCopiedMentions<M extends { text: string }>(ordered: readonly M[], limit: number, truncated: boolean): CopiedMentionGroup<M>[] {
  const groups = new Map<string, CopiedMentionGroup<M>>();
  const last = ordered[ordered.length - 1];
  ordered.forEach((mention, i) => {
    const text = copyKey(mention.text);
    const key = text === '' ? `\u0000${i}` : text;
    const group = groups.get(key);
    if (group) group.copies += 1;
    else groups.set(key, { mention, copies: 1, copiesAtLeast: false });
    if (truncated && mention === last) (group ?? groups.get(key)!).copiesAtLeast = true;
  });
  return [...groups.values()].slice(0, limit);
}
