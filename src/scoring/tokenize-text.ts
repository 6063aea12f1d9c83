import { emoticonLexicon } from './lexicons/emoticon-lexicon';

export type TokenKind = 'word' | 'emoji' | 'emoticon' | 'punct';

export interface Token {
  kind: TokenKind;
  /** As written (case kept, so ALL-CAPS emphasis can be seen). */
  text: string;
  /** Lower case, curly apostrophe straightened, letter runs of 3+ squeezed to 2 ("soooo" → "soo"). */
  norm: string;
  /** Written with a run of 3+ repeated letters: "sooo good", "nooo". */
  elongated: boolean;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Longest first so ":-))" wins over ":-)". Emoticons must stand alone, so "f(x):" is not a frown.
const EMOTICONS = Object.keys(emoticonLexicon).sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');

// One alternation, tried left to right at each position: what we skip first (URLs, @handles),
// then emoticons, words (with apostrophes), emoji and punctuation that carries meaning.
const TOKEN = new RegExp(
  [
    String.raw`(?<skip>https?:\/\/\S+|www\.\S+|@\w+)`,
    String.raw`(?<emoticon>(?<![\p{L}\p{N}])(?:${EMOTICONS})(?![\p{L}\p{N}]))`,
    String.raw`#?(?<word>[\p{L}\p{N}]+(?:['’][\p{L}]+)*)`,
    String.raw`(?<emoji>\p{Extended_Pictographic})`,
    String.raw`(?<punct>[!?]+|[.;:,]+|\s[-–—]+\s|\n)`,
  ].join('|'),
  'giu',
);

function wordToken(text: string): Token {
  const lower = text.toLowerCase().replace(/’/g, "'");
  const norm = lower.replace(/(\p{L})\1{2,}/gu, '$1$1');
  return { kind: 'word', text, norm, elongated: norm !== lower };
}

/** Splits social text into words, emoji, emoticons and clause punctuation. Hyphens split words ("rip-off" → rip, off). */
export function tokenizeText(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const groups = match.groups ?? {};
    if (groups.word !== undefined) {
      // "#BoycottAcme" and "#NeverAgain" are phrases: split camel-cased hashtags into their words.
      const parts = match[0].startsWith('#') ? groups.word.split(/(?<=\p{Ll})(?=\p{Lu})/u) : [groups.word];
      for (const part of parts) tokens.push(wordToken(part));
    } else if (groups.emoticon !== undefined) {
      tokens.push({ kind: 'emoticon', text: groups.emoticon, norm: groups.emoticon.toLowerCase(), elongated: false });
    } else if (groups.emoji !== undefined) {
      tokens.push({ kind: 'emoji', text: groups.emoji, norm: groups.emoji, elongated: false });
    } else if (groups.punct !== undefined) {
      const mark = groups.punct.trim() || '\n';
      tokens.push({ kind: 'punct', text: mark, norm: mark.startsWith('-') || mark.startsWith('–') || mark.startsWith('—') ? ',' : mark, elongated: false });
    }
  }
  return tokens;
}
