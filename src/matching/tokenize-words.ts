/**
 * Words for matching: lowercase runs of letters, digits and marks. Everything else separates words,
 * so "Acme's", "#acme" and "@acme" all contain the word "acme", and "node.js" is the phrase "node js".
 */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

export function tokenizeWords(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(WORD) ?? [];
}
