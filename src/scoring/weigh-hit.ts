import type { LexiconHit } from './find-lexicon-hits';
import { findNegation, NEGATION_SCOPE } from './find-negation';
import { findPolarityShift } from './find-polarity-shift';
import { diminishers, intensifiers, isNegator } from './lexicons/modifier-words';
import type { ClauseMark } from './mark-clauses';
import type { Token } from './tokenize-text';

export interface WeighedHit {
  hit: LexiconHit;
  weight: number;
  /** Rules applied, in order: "negated", "intensified", "after-but", ... ; empty for the plain lexicon weight. */
  rules: string[];
  /** Tokens that acted on this hit (negators, intensifiers); they carry no weight of their own then. */
  modifierTokens: number[];
}

export interface HitContext {
  tokens: readonly Token[];
  marks: readonly ClauseMark[];
  /** The text has lower-case letters, so an ALL-CAPS word is emphasis, not the writer's habit. */
  mixedCase: boolean;
  /** Tokens inside multi-word lexicon matches. */
  inPhrase: ReadonlySet<number>;
}

/** Farther modifiers count less (VADER's 1, 0.95, 0.9). */
const DISTANCE_DECAY = [1, 0.95, 0.9];
/** How far back a clause is searched for raised negation and unmet expectations; bounds the work on unpunctuated text. */
const CLAUSE_LOOKBACK = 40;
/** Degree words act on the next word or the one after ("really very good"). */
const DEGREE_SCOPE = 2;
/** "not good" is bad, but "not bad" is only fair: flipping damps more for negative words (SO-CAL's asymmetry). */
const NEGATE_POSITIVE = -0.8;
const NEGATE_NEGATIVE = -0.5;
const CAPS_FACTOR = 1.3;
/** "couldn't be happier", "never seen such a mess": the negator sharpens instead of flipping. */
const EMPHASIS_FACTOR = 1.3;
const ELONGATED_FACTOR = 1.2;
const CONTRAST_FACTOR = { 'before-but': 0.5, 'after-but': 1.5, concession: 0.5 } as const;
/**
 * People use positive words more often and more loosely than negative ones (the Pollyanna
 * hypothesis, Boucher & Osgood 1969), so a lexicon that rates both on one scale leans positive.
 * SO-CAL's answer (Taboada et al. 2011, "Lexicon-based methods for sentiment analysis",
 * Computational Linguistics 37(2)): every negative expression weighs 50 % more once all the other
 * rules have acted. Words only: emoji scores are measured from tweets' labels already.
 */
const NEGATIVE_WEIGHTING = 1.5;
/** A sentiment word inside a question is asked about, not asserted ("is it any good?"). */
const QUESTION_FACTOR = 0.6;
/** Words after "like" that show a preposition ("looks like a toy"), not the verb ("I like it"). */
const LIKE_AS_VERB_BEFORE: ReadonlySet<string> = new Set([
  'i', 'you', 'we', 'they', 'really', 'do', 'did', 'does', 'would', "i'd", "we'd", "you'd", 'also', 'still', 'always',
  'actually', 'totally', 'genuinely', 'to', 'kids', 'people', 'everyone', 'who', 'definitely', 'truly', 'both',
]);

/** Shorthand that is written in capitals anyway: "LOL" or "RIP" is not shouting. */
const USUALLY_CAPITALISED: ReadonlySet<string> = new Set(['lol', 'lmao', 'lmfao', 'rofl', 'omg', 'wtf', 'smh', 'fml', 'ffs', 'rip', 'ok', 'tbh', 'imo', 'goat', 'xd']);

function isAllCaps(text: string): boolean {
  return /\p{Lu}{2,}/u.test(text) && !/\p{Ll}/u.test(text);
}

/** Indexes of the word tokens before `start` in the same clause, nearest first. */
function scopeBefore(tokens: readonly Token[], start: number, size: number): number[] {
  const scope: number[] = [];
  for (let i = start - 1; i >= 0 && scope.length < size; i--) {
    const token = tokens[i]!;
    if (token.kind === 'punct') break;
    if (token.kind === 'word') scope.push(i);
  }
  return scope;
}

/** "like" preceded by a subject or auxiliary is the verb; otherwise it compares and carries nothing. */
export function isLikeAsPreposition(tokens: readonly Token[], hit: LexiconHit): boolean {
  if (hit.end - hit.start !== 1 || tokens[hit.start]!.norm !== 'like') return false;
  // A verb needs a subject before it: clause-initial "like" is a filler or a preposition ("Like, whatever").
  const previous = tokens[hit.start - 1];
  if (!previous || previous.kind !== 'word') return true;
  return !LIKE_AS_VERB_BEFORE.has(previous.norm) && !isNegator(previous.norm);
}

/** Size adjectives read as degree before a negative word: "a great disappointment", "total waste", "big mistake". */
const MAGNITUDE_ADJECTIVES: ReadonlySet<string> = new Set(['great', 'big', 'huge', 'total', 'complete', 'real', 'major', 'utter', 'absolute', 'massive', 'serious']);
const MAGNITUDE_VALUE = 0.3;
const DETERMINERS_OF_KIND: ReadonlySet<string> = new Set(['a', 'any', 'other', 'what', 'this', 'that', 'some', 'the', 'every', 'each', 'no', 'which', 'same', 'one', 'another']);
/** "more annoying than funny": the word after "than" is what the thing is not, so it counts for little. */
const COMPARED_FACTOR = 0.3;

function degreeAt(tokens: readonly Token[], i: number, weight: number, adjacent: boolean): { value: number; width: number } | undefined {
  const word = tokens[i]!.norm;
  if (MAGNITUDE_ADJECTIVES.has(word)) return weight < 0 && adjacent ? { value: MAGNITUDE_VALUE, width: 1 } : undefined;
  const pair = i > 0 ? `${tokens[i - 1]!.norm} ${word}` : '';
  // "kind of good" hedges; "any other kind of humor" names a kind.
  const nounSense = DETERMINERS_OF_KIND.has(tokens[i - 2]?.norm ?? '');
  if (pair && diminishers[pair] !== undefined && !nounSense) return { value: diminishers[pair], width: 2 };
  const single = intensifiers[word] ?? diminishers[word];
  return single === undefined ? undefined : { value: single, width: 1 };
}



/** A hit's weight as the rules scale it, with the rule names and the tokens that acted on it. */
interface Weighing {
  weight: number;
  rules: string[];
  modifierTokens: number[];
}

function scale(weighing: Weighing, factor: number, rule: string): void {
  weighing.weight *= factor;
  weighing.rules.push(rule);
}

/** The degree words right before a hit, multiplied ("really very good"). */
function findDegree(tokens: readonly Token[], scope: readonly number[], weight: number): { factor: number; rule: string; tokens: number[] } | undefined {
  let factor = 1;
  let rule: string | undefined;
  const used: number[] = [];
  for (let k = 0; k < Math.min(DEGREE_SCOPE, scope.length); k++) {
    const at = degreeAt(tokens, scope[k]!, weight, k === 0);
    if (!at) continue;
    factor *= 1 + at.value * DISTANCE_DECAY[k]!;
    rule = at.value > 0 ? 'intensified' : 'diminished';
    for (let w = 0; w < at.width; w++) used.push(scope[k]! - w);
  }
  return rule ? { factor, rule, tokens: used } : undefined;
}

/** Negation, counterfactuals and unmet expectations: at most one of them changes the direction. */
function applyPolarityRules(weighing: Weighing, hit: LexiconHit, context: HitContext, clause: readonly number[], scope: readonly number[]): void {
  const { tokens } = context;
  const negation = findNegation(tokens, hit, clause, context.inPhrase);
  if (negation.kind === 'emphasised') {
    weighing.modifierTokens.push(negation.at);
    scale(weighing, EMPHASIS_FACTOR, 'negated-emphasis');
  } else if (negation.kind === 'negated') {
    weighing.modifierTokens.push(negation.at);
    scale(weighing, weighing.weight > 0 ? NEGATE_POSITIVE : NEGATE_NEGATIVE, 'negated');
  } else {
    const shift = findPolarityShift(tokens, hit, clause, scope, weighing.weight);
    if (shift?.modifier !== undefined) weighing.modifierTokens.push(shift.modifier);
    if (shift) scale(weighing, shift.factor, shift.rule);
  }
}

/** ALL-CAPS (on the word or on its negator/degree word) and elongated spelling. */
function applyEmphasis(weighing: Weighing, hit: LexiconHit, context: HitContext): void {
  const tokensOfHit = context.tokens.slice(hit.start, hit.end);
  const capsModifier = weighing.modifierTokens.some((i) => isAllCaps(context.tokens[i]!.text));
  const shouted = tokensOfHit.some((t) => t.kind === 'word' && isAllCaps(t.text) && !USUALLY_CAPITALISED.has(t.norm));
  if (context.mixedCase && (shouted || capsModifier)) scale(weighing, CAPS_FACTOR, 'caps');
  if (tokensOfHit.some((t) => t.elongated)) scale(weighing, ELONGATED_FACTOR, 'elongated');
}

/** A word right after "than" (or "than" + one word) is the yardstick, not the verdict. */
function isComparedAgainst(tokens: readonly Token[], scope: readonly number[]): boolean {
  return scope.slice(0, 2).some((i) => tokens[i]!.norm === 'than');
}


/** Contrast ("but", "although") and questions, from the hit's place in its sentence. */
function applyClauseMark(weighing: Weighing, mark: ClauseMark | undefined): void {
  if (mark?.contrast) scale(weighing, CONTRAST_FACTOR[mark.contrast], mark.contrast);
  if (mark?.question) scale(weighing, QUESTION_FACTOR, 'question');
}

/** Applies negation, degree words, counterfactuals, caps, elongation, contrast, questions and negative weighting to one match. */
export function weighHit(hit: LexiconHit, context: HitContext): WeighedHit {
  const { tokens, marks } = context;
  const weighing: Weighing = { weight: hit.entry.weight, rules: hit.entry.rule ? [hit.entry.rule] : [], modifierTokens: [] };
  if (weighing.weight === 0) return { hit, ...weighing };
  if (tokens[hit.start]!.kind !== 'word') {
    // Emoji and emoticons state the writer's own feeling: negators and degree words do not reach them, contrast does.
    applyClauseMark(weighing, marks[hit.start] && { ...marks[hit.start]!, question: false });
    return { hit, ...weighing };
  }
  const clause = scopeBefore(tokens, hit.start, CLAUSE_LOOKBACK);
  const scope = clause.slice(0, NEGATION_SCOPE + 1);
  const degree = findDegree(tokens, scope, weighing.weight);
  applyPolarityRules(weighing, hit, context, clause, scope);
  if (degree) {
    weighing.modifierTokens.unshift(...degree.tokens);
    scale(weighing, degree.factor, degree.rule);
  }
  if (isComparedAgainst(tokens, scope)) scale(weighing, COMPARED_FACTOR, 'compared');
  applyEmphasis(weighing, hit, context);
  applyClauseMark(weighing, marks[hit.start]);
  if (weighing.weight < 0) scale(weighing, NEGATIVE_WEIGHTING, 'negative-weighting');
  return { hit, ...weighing };
}
