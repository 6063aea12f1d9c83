import { francAll } from 'franc-min';

export type LanguageVerdict = { kind: 'english' } | { kind: 'unreadable'; language: string };

/**
 * Frequent English function words. Short posts give a trigram model too little to go on ("Great
 * product" comes back as Scots or Tagalog), so English is first recognised by these; the model is
 * only asked when they are missing.
 */
const ENGLISH_WORDS: ReadonlySet<string> = new Set([
  'the', 'a', 'an', 'and', 'or', 'but', 'is', 'are', 'was', 'were', 'be', 'been', 'it', "it's", 'its', 'this', 'that',
  'i', "i'm", 'my', 'me', 'you', 'your', 'we', 'our', 'they', 'their', 'he', 'she', 'his', 'her', 'of', 'to', 'in', 'on',
  'for', 'with', 'at', 'by', 'from', 'not', 'no', "don't", "can't", 'just', 'so', 'very', 'what', 'when', 'how', 'why',
  'all', 'have', 'has', 'had', 'do', 'does', 'did', 'will', 'would', 'can', 'could', 'should', 'get', 'got', 'if',
  'about', 'out', 'up', 'too', 'than', 'then', 'there', 'here', 'who', 'which', 'one', 'more', 'really', 'good',
  'great', 'bad', 'love', 'like', 'new', 'now', 'again', 'ever', 'never', 'after', 'before', 'still', 'even', 'much',
]);

const MIN_WORDS_FOR_MODEL = 5;
/** franc's best non-English guess must beat English by this much (its scores are 0..1, 1 = best). */
const MARGIN_OVER_ENGLISH = 0.15;

/** English (scored) unless the text is clearly in another language or script. */
export function detectLanguage(text: string, words: readonly string[], isKnownWord: (word: string) => boolean = () => false): LanguageVerdict {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters === 0) return { kind: 'english' };
  const latin = text.match(/\p{Script=Latin}/gu)?.length ?? 0;
  // Sentiment-lexicon words count as English evidence too: "Excellent dual-purpose headset" has no function word.
  const english = words.filter((w) => ENGLISH_WORDS.has(w) || isKnownWord(w)).length;
  if (latin / letters >= 0.5) {
    if (words.length < MIN_WORDS_FOR_MODEL || english / words.length >= 0.25) return { kind: 'english' };
  } else if (english >= 2) {
    return { kind: 'english' };
  }
  const ranked = francAll(text, { minLength: 1 });
  const [best, bestScore] = ranked[0] ?? ['und', 0];
  // A script the lexicons do not cover is unreadable whatever the model guesses.
  if (latin / letters < 0.5) return { kind: 'unreadable', language: best };
  if (best === 'eng' || best === 'sco' || best === 'und') return { kind: 'english' };
  const englishScore = ranked.find(([code]) => code === 'eng')?.[1] ?? 0;
  if (bestScore - englishScore < MARGIN_OVER_ENGLISH) return { kind: 'english' };
  return { kind: 'unreadable', language: best };
}
