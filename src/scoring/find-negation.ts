import type { LexiconHit } from './find-lexicon-hits';
import { isNegator } from './lexicons/modifier-words';
import type { Token } from './tokenize-text';

/** How a sentiment word is affected by a negator before it. */
export type Negation =
  | { kind: 'none' }
  /** Flip and damp: "not good", "never disappointed". */
  | { kind: 'negated'; at: number }
  /** A negated ceiling or a never-seen-such: praise or blame made stronger, not flipped. */
  | { kind: 'emphasised'; at: number };

/** How far back negators reach (VADER: 3 words; 4 catches "never had any big problems"), never across punctuation. */
export const NEGATION_SCOPE = 4;
/** Verbs that raise negation to the whole clause: "I don't think it was helpful" negates "helpful". */
const NEG_RAISING_VERBS: ReadonlySet<string> = new Set([
  'think', 'believe', 'seem', 'seems', 'feel', 'suppose', 'find', 'say', 'consider', 'see',
]);
/** What follows a negator and cancels it: "not only", "not just", "nothing short of", "never fails to". */
const CANCELLING_NEXT: ReadonlySet<string> = new Set(['only', 'just', 'short', 'fail', 'fails', 'failed', 'cease', 'ceases', 'ceased']);
/** Negators that make a comparative a ceiling: "couldn't be happier", "can't get any better". */
const CEILING_NEGATORS: ReadonlySet<string> = new Set(["can't", 'cannot', 'cant', "couldn't", 'couldnt', 'never', "haven't", 'havent']);
/** Experience verbs of "I've never seen such a mess" / "never had a better meal". */
const EXPERIENCE_VERBS: ReadonlySet<string> = new Set(['seen', 'had', 'tasted', 'eaten', 'experienced', 'met', 'heard', 'read', 'watched', 'been', 'found', 'used', 'owned']);
const EQUATIVES: ReadonlySet<string> = new Set(['such', 'so', 'as', 'more', 'a', 'this']);

/** Words that open a noun phrase of its own: "can't get past the atrocious service" negates the verb, not "atrocious". */
const DEFINITE_DETERMINERS: ReadonlySet<string> = new Set(['the', 'this', 'that', 'these', 'those', 'my', 'your', 'his', 'her', 'their', 'our', 'its']);
const LINKING_WORDS: ReadonlySet<string> = new Set(['be', 'been', 'being', 'is', 'was', 'were', 'are', 'am', 'even', 'really', 'quite', 'exactly', 'very', 'so', 'too', 'all', 'that']);

/** The negator acts on a verb and the hit sits in that verb's object ("didn't finish the awful meal"). */
function isInObjectPhrase(tokens: readonly Token[], hit: LexiconHit, negator: number): boolean {
  for (let k = negator + 2; k < hit.start; k++) {
    if (!DEFINITE_DETERMINERS.has(tokens[k]!.norm)) continue;
    const between = tokens.slice(negator + 1, k).map((t) => t.norm);
    if (between.some((w) => !LINKING_WORDS.has(w))) return true;
  }
  return false;
}

/** A negator at token i, with "far from" counted as one ("far from the best"). */
export function isNegatorAt(tokens: readonly Token[], i: number): boolean {
  const word = tokens[i]!.norm;
  if (word === 'from') return tokens[i - 1]?.norm === 'far';
  return isNegator(word) && !CANCELLING_NEXT.has(tokens[i + 1]?.norm ?? '');
}

function isComparative(tokens: readonly Token[], hit: LexiconHit): boolean {
  return /(?:er|est)$/.test(tokens[hit.end - 1]!.norm) || tokens[hit.start - 1]?.norm === 'more';
}

function isEmphasis(tokens: readonly Token[], hit: LexiconHit, negator: number): boolean {
  const between = tokens.slice(negator + 1, hit.start).map((t) => t.norm);
  const experienced = between.some((w) => EXPERIENCE_VERBS.has(w));
  if (experienced && (isComparative(tokens, hit) || EQUATIVES.has(tokens[hit.start - 1]?.norm ?? '') || EQUATIVES.has(tokens[hit.start - 2]?.norm ?? ''))) {
    return true;
  }
  const neg = tokens[negator]!.norm;
  const modal = CEILING_NEGATORS.has(neg) || (neg === 'not' && ['could', 'can'].includes(tokens[negator - 1]?.norm ?? ''));
  return modal && isComparative(tokens, hit) && hit.entry.weight > 0;
}

/**
 * The negation acting on a hit. `clause` holds the word tokens before the hit in its clause,
 * nearest first; negators inside a lexicon phrase ("no doubt", "can't wait") are the phrase's own.
 */
export function findNegation(tokens: readonly Token[], hit: LexiconHit, clause: readonly number[], inPhrase: ReadonlySet<number>): Negation {
  const free = clause.filter((i) => !inPhrase.has(i));
  const near = free.slice(0, NEGATION_SCOPE).find((i) => isNegatorAt(tokens, i) && !isInObjectPhrase(tokens, hit, i));
  const raised = near ?? free.find((i) => isNegator(tokens[i]!.norm) && NEG_RAISING_VERBS.has(tokens[i + 1]?.norm ?? ''));
  if (raised === undefined) return { kind: 'none' };
  return isEmphasis(tokens, hit, raised) ? { kind: 'emphasised', at: raised } : { kind: 'negated', at: raised };
}
