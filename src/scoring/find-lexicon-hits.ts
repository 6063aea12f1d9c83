import type { LexiconEntry, LexiconIndex } from './build-lexicon-index';
import type { Token } from './tokenize-text';

export interface LexiconHit {
  /** First token of the match. */
  start: number;
  /** One past the last token of the match. */
  end: number;
  entry: LexiconEntry;
}

/** Inflections to try when a word is not in any lexicon: "disappointingly" → "disappointing", "stopped" → "stop". */
// Plain "-er"/"-est" are left out on purpose: "number" → "numb", "banner" → "ban", "cheaper" → "cheap"
// do more harm than "louder" → "loud" does good; the common comparatives are lexicon entries anyway.
const SUFFIX_RULES: ReadonlyArray<readonly [suffix: string, replacement: string]> = [
  ['ly', ''], ['ily', 'y'], ['ed', ''], ['ed', 'e'], ['ied', 'y'], ['ing', ''], ['ing', 'e'], ['s', ''], ['es', ''],
  ['ies', 'y'], ['ness', ''], ['iness', 'y'], ['ier', 'y'], ['iest', 'y'], ['er', 'e'], ['est', 'e'],
];

function lookupSingle(word: string, indexes: readonly LexiconIndex[]): LexiconEntry | undefined {
  for (const index of indexes) {
    const hit = index.single.get(word);
    if (hit) return hit;
  }
  return undefined;
}

/** "un-" before a lexicon word reverses and damps it: "unremarkable", "uninspiring", "unafraid". */
const UN_PREFIX_FACTOR = -0.8;
/** "un" words whose rest is a different word, not a negation: "unlike" is not "not like". */
const NOT_UN_PREFIXED: ReadonlySet<string> = new Set(['unlike', 'unless', 'until', 'unto', 'under', 'uniform', 'union', 'unit', 'unity', 'universe', 'universal', 'universally', 'unique', 'uniquely']);

function lookupUnPrefixed(word: string, indexes: readonly LexiconIndex[]): LexiconEntry | undefined {
  if (!word.startsWith('un') || word.length < 7 || NOT_UN_PREFIXED.has(word)) return undefined;
  const base = lookupWord(word.slice(2), false, indexes);
  if (!base || base.source === 'emoji' || base.source === 'emoticon') return undefined;
  return { ...base, words: [word], weight: base.weight * UN_PREFIX_FACTOR, rule: 'un-prefix' };
}

/** A word's entry, trying squeezed spellings ("goood" → "good") and common inflections. */
function lookupWord(word: string, elongated: boolean, indexes: readonly LexiconIndex[]): LexiconEntry | undefined {
  const squeezed = elongated ? lookupSingle(word.replace(/(\p{L})\1+/gu, '$1'), indexes) : undefined;
  const direct = lookupSingle(word, indexes) ?? squeezed;
  if (direct || word.length < 5) return direct;
  for (const [suffix, replacement] of SUFFIX_RULES) {
    if (!word.endsWith(suffix)) continue;
    const stem = word.slice(0, -suffix.length) + replacement;
    const found = lookupSingle(stem, indexes) ?? lookupSingle(stem.replace(/(\p{L})\1$/u, '$1'), indexes);
    if (found && found.source !== 'emoji' && found.source !== 'emoticon') return found;
  }
  return undefined;
}

function matchPhrase(tokens: readonly Token[], start: number, indexes: readonly LexiconIndex[]): LexiconHit | undefined {
  const first = tokens[start]?.norm;
  if (first === undefined) return undefined;
  for (const index of indexes) {
    for (const entry of index.phrases.get(first) ?? []) {
      const fits = entry.words.every((word, k) => {
        const token = tokens[start + k];
        return token !== undefined && token.kind === 'word' && token.norm === word;
      });
      if (fits) return { start, end: start + entry.words.length, entry };
    }
  }
  return undefined;
}

/**
 * "too" before a word that carries no sentiment of its own says there is too much of it: "too
 * long", "too many close-ups", "way too salty". Matched as a weak negative on "too" itself, so
 * negation still applies ("not too sweet"). "me too" and "too good" are left alone.
 */
const EXCESS: LexiconEntry = { words: ['too'], weight: -1.5, source: 'review', rule: 'excess' };

function excessAt(tokens: readonly Token[], i: number, indexes: readonly LexiconIndex[]): LexiconEntry | undefined {
  if (tokens[i]!.norm !== 'too') return undefined;
  const next = tokens[i + 1];
  if (!next || next.kind !== 'word') return undefined;
  return lookupWord(next.norm, next.elongated, indexes) ? undefined : EXCESS;
}

/** Every lexicon match, left to right, longest phrase first; a token belongs to at most one match. */
export function findLexiconHits(tokens: readonly Token[], indexes: readonly LexiconIndex[]): LexiconHit[] {
  const hits: LexiconHit[] = [];
  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i]!;
    if (token.kind === 'punct') {
      i += 1;
      continue;
    }
    const phrase = token.kind === 'word' ? matchPhrase(tokens, i, indexes) : undefined;
    if (phrase) {
      hits.push(phrase);
      i = phrase.end;
      continue;
    }
    const entry = token.kind === 'word'
      ? lookupWord(token.norm, token.elongated, indexes) ?? lookupUnPrefixed(token.norm, indexes) ?? excessAt(tokens, i, indexes)
      : lookupSingle(token.norm, indexes);
    if (entry) hits.push({ start: i, end: i + 1, entry });
    i += 1;
  }
  return hits;
}
