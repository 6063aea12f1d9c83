// Keys made from a mention's text: the words that carry its meaning (the story's terms, compared
// across windows and sources) and what makes two texts copies of each other. Both the detector and the
// alert renderers use them, so they live with the domain rather than in either.

import { eng } from 'stopword';

/**
 * Words that say nothing about a story: the `stopword` package's English list (function words, and
 * adverbs such as "still" that every complaint uses: "still broken", "still no refund"), plus the
 * link and social-post words of scraped mentions and a few it lacks.
 */
const STOPWORDS = new Set([
  ...eng,
  ...'not one will when just its why http https www com amp via'.split(' '),
]);

export function tokenizeTerms(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'-]*[\p{L}\p{N}]/gu) ?? []).filter(
    (t) => t.length >= 3 && !STOPWORDS.has(t) && !/^\d+$/.test(t),
  );
}

/**
 * What makes two texts copies: the same words in the same order once case, links, "RT @name:"
 * prefixes, punctuation and spacing are set aside (a shared text posted with each account's own
 * short link is still one text). A text that is nothing but a link is its own group.
 */
export function copyKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/^\s*rt\s+@[\p{L}\p{N}_.]+:?/u, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
