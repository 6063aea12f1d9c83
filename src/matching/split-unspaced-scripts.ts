/** A letter of a script written without spaces between words: Chinese, Japanese (kana, kanji, ー), Korean syllables. */
const cjkLetter = String.raw`(?=[\p{L}\p{N}\p{M}])[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}]`;
/**
 * A letter of a Southeast Asian script written without spaces between words (Thai, Lao, Khmer, Burmese) with
 * the vowel signs and tone marks written on it: a mark belongs to its letter, so a name's letters are
 * found with their marks, not a bare consonant inside another syllable.
 */
const southeastAsianLetter = String.raw`[\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}](?<!\p{M})\p{M}*`;
const unspacedLetter = `(?:${cjkLetter}|${southeastAsianLetter})`;
const pieces = new RegExp(`${unspacedLetter}|(?:(?!${unspacedLetter}).)+`, 'gsu');

/**
 * A word cut into the letters of scripts written without spaces, each its own word, and its other runs.
 * Chinese, Japanese, Thai, Lao, Khmer and Burmese put no space between words (Korean none between a name
 * and its particle), so a run of letters is a whole sentence: "Appleの新製品" was one word, and neither
 * `apple` nor `アップル` matched it. Letter by letter, a query's term in those scripts is a phrase of
 * letters found wherever it is written (as search engines' CJK analysers do; a dictionary segmenter would
 * cut an unknown brand name differently in a query and in a sentence), and a Latin name next to them is a
 * word of its own.
 */
export function splitUnspacedScripts(word: string): string[] {
  return word.match(pieces) ?? [];
}
