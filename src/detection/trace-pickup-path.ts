// The pickup path: how a story reached a topic, as its first mentions in time order with their
// sources (a blog, then Hacker News, then Reddit). An alert's window (an hour, six) also holds the
// topic's ordinary talk from before the story broke, so "the window's first mentions" would mostly
// be that talk. The story is told by its words instead: the terms over-represented in the surge.
// Pure: the caller supplies the candidates (mentions from some hours before the alert that contain
// one of the words).
import { copyKey, tokenizeTerms } from '../domain/mention-text';
import type { OverrepresentedTerm } from './find-overrepresented-terms';

export interface PickupCandidateText {
  id: number;
  /** Bucket start; `publishedAt` orders within it where known. */
  at: number;
  publishedAt: number | null;
  title: string | null;
  text: string;
  /** Where it was posted: the same text again from the same source is a repost, shown once. */
  source?: { name: string };
}

/**
 * The candidates that carry the story, in time order (repeats, by id, once, and a source's reposts of
 * a text it already posted once), at most `limit`. A
 * mention carries it when it uses a word of the story not in `usedBefore` (the topic's words before
 * the story: those it lacks are the story's own, and the first post that used them is where it
 * started), or two of its words that no text before the story used together (`pairsUsedBefore`,
 * from storyPairsUsedIn): one common word alone, "support", is ordinary talk as often as not, and so
 * is a pair the topic says every day ("refund" with "delayed" for an airline), which on a busy topic
 * would start the path hours before the story. Empty when no candidate does, or the surge has no
 * words of its own: the caller then shows the window's first mentions.
 */
export function tracePickupPath<M extends PickupCandidateText>(
  candidates: readonly M[],
  story: readonly OverrepresentedTerm[],
  usedBefore: ReadonlySet<string>,
  limit: number,
  pairsUsedBefore: ReadonlySet<string> = new Set(),
): M[] {
  const fresh = new Set(story.filter((t) => !usedBefore.has(t.term)).map((t) => t.term));
  const known = new Set(story.map((t) => t.term));
  const inTimeOrder = [...new Map(candidates.map((m) => [m.id, m])).values()].sort((a, b) => a.at - b.at || (a.publishedAt ?? a.at) - (b.publishedAt ?? b.at) || a.id - b.id);
  const path: M[] = [];
  const reposts = new Set<string>();
  for (const mention of inTimeOrder) {
    if (path.length >= limit) break;
    const text = `${mention.title ?? ''} ${mention.text}`;
    const words = storyWordsIn(text, known);
    if (!words.some((w) => fresh.has(w)) && !pairsOf(words).some((pair) => !pairsUsedBefore.has(pair))) continue;
    // A text another source picked up is the story travelling; the same source posting it again is not.
    const repost = `${mention.source?.name ?? ''}\n${copyKey(text)}`;
    if (mention.source !== undefined && reposts.has(repost)) continue;
    reposts.add(repost);
    path.push(mention);
  }
  return path;
}

/** The pairs of the story's words that some of `texts` (the topic's talk before the story) used together. */
export function storyPairsUsedIn(texts: readonly string[], story: readonly OverrepresentedTerm[]): Set<string> {
  const known = new Set(story.map((t) => t.term));
  return new Set(texts.flatMap((text) => pairsOf(storyWordsIn(text, known))));
}

/** The story's words in a text, each once, sorted (so a pair has one key). */
function storyWordsIn(text: string, known: ReadonlySet<string>): string[] {
  return [...new Set(tokenizeTerms(text).filter((w) => known.has(w)))].sort();
}

function pairsOf(sortedWords: readonly string[]): string[] {
  return sortedWords.flatMap((a, i) => sortedWords.slice(i + 1).map((b) => `${a} ${b}`));
}
