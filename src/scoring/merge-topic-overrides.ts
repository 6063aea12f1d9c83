/** A topic's lexicon overrides: word or phrase → AFINN-style weight, 0 to make it neutral. */
export type LexiconOverrides = Readonly<Record<string, number>>;

/**
 * One mention is stored once but may match several topics: it is scored with the union of their
 * overrides. When two topics disagree on a word, the topic with the lower id wins, so the result
 * does not depend on the order topics matched in.
 */
export function mergeTopicOverrides(topics: ReadonlyArray<{ id: number; lexiconOverrides: LexiconOverrides }>): Record<string, number> {
  const merged: Record<string, number> = {};
  for (const topic of [...topics].sort((a, b) => b.id - a.id)) {
    for (const [word, weight] of Object.entries(topic.lexiconOverrides)) merged[word.trim().toLowerCase()] = weight;
  }
  return merged;
}
