/** A letter of a script written without spaces between words: Chinese, Japanese (kana, kanji, ー), Korean syllables. */
const unspacedLetter = String.raw`(?=[\p{L}\p{N}\p{M}])[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}]`;
const pieces = new RegExp(`${unspacedLetter}|(?:(?!${unspacedLetter}).)+`, 'gsu');

/**
 * A word cut into its Chinese, Japanese and Korean letters, each its own word, and its other runs.
 * Those scripts put no space between words (Korean none between a name and its particle), so a run
 * of letters is a whole sentence: "Appleの新製品" was one word, and neither `apple` nor `アップル`
 * matched it. Letter by letter, a query's CJK term is a phrase of letters found wherever it is written
 * (as search engines' CJK analysers do), and a Latin name next to them is a word of its own.
 */
export function splitUnspacedScripts(word: string): string[] {
  return word.match(pieces) ?? [];
}
