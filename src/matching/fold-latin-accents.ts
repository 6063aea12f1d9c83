/** Combining marks on a Latin letter: the accents of é, ñ, ü, and the dot of Turkish İ. */
const LATIN_ACCENTS = /(?<=\p{Script=Latin})\p{M}+/gu;

/**
 * The text with the accents of Latin letters taken off ("Nestlé" → "Nestle"), for matching only.
 * People write brand names with and without them, and Hacker News search ignores them (Algolia strips
 * diacritics at index and query time by default): a hit it found for `nestle` in a post about "Nestlé"
 * was then dropped by a matcher that did not.
 * Marks in other scripts are left alone: there (Devanagari vowel signs, Arabic harakat) they are
 * letters of the word, not decoration. Letters that are not a base plus a mark (ß, ø, ł) stay as they are.
 */
export function foldLatinAccents(text: string): string {
  return text.normalize('NFKD').replace(LATIN_ACCENTS, '').normalize('NFC');
}
