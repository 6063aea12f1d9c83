import { francAll } from 'franc-min';
import { englishFunctionWords, foreignFunctionWords } from './lexicons/function-words';

export type LanguageVerdict = { kind: 'english' } | { kind: 'unreadable'; language: string };

/**
 * Short posts give a trigram model too little to go on ("Great product" comes back as Scots or
 * Tagalog), so English is first recognised by its function words and sentiment words; the model is
 * asked only when they are missing, and its guess must then be backed by that language's own words.
 */
const MIN_WORDS_FOR_MODEL = 5;
/** A Latin-script language we keep no function words for is believed on longer text only. */
const LONG_TEXT_WORDS = 12;
/** franc's best non-English guess must beat English by this much (its scores are 0..1, 1 = best). */
const MARGIN_OVER_ENGLISH = 0.15;

/** English (scored) unless the text is clearly in another language or script. */
export function detectLanguage(text: string, words: readonly string[], isKnownWord: (word: string) => boolean = () => false): LanguageVerdict {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters === 0) return { kind: 'english' };
  const latin = text.match(/\p{Script=Latin}/gu)?.length ?? 0;
  // Sentiment-lexicon words count as English evidence too: "Excellent dual-purpose headset" has no function word.
  const english = words.filter((w) => englishFunctionWords.has(w) || isKnownWord(w)).length;
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
  return usesOwnFunctionWords(best, words) ? { kind: 'unreadable', language: best } : { kind: 'english' };
}

/** The guessed language's own small words must show up, or the guess is not believed (see function-words.ts). */
function usesOwnFunctionWords(language: string, words: readonly string[]): boolean {
  const own = foreignFunctionWords[language];
  if (!own) return words.length >= LONG_TEXT_WORDS;
  const hits = words.filter((w) => own.has(w)).length;
  return hits >= 2 || hits / words.length >= 0.2;
}
