import type { LexiconHit } from './find-lexicon-hits';
import type { Token } from './tokenize-text';

/** A reversal that is not negation: what is wished for, hoped for or taken away is the opposite of what is. */
export interface PolarityShift {
  rule: 'resolved' | 'counterfactual' | 'unmet-expectation';
  factor: number;
  /** The token that caused it, which then carries no weight of its own ("solved" in "solved my issue"). */
  modifier?: number;
}

/** "fixes all the problems", "solved my issue": a problem that is taken away is good news. */
const RESOLVING_VERBS: ReadonlySet<string> = new Set([
  'fix', 'fixes', 'fixed', 'solve', 'solves', 'solved', 'resolve', 'resolves', 'resolved', 'eliminate', 'eliminates',
  'eliminated', 'prevent', 'prevents', 'prevented', 'cure', 'cures', 'cured', 'removes', 'removed', 'reduces', 'reduced',
]);
/** "should have been better": the wished-for state is the opposite of what happened. */
const MODALS: ReadonlySet<string> = new Set(['would', 'could', 'should', 'might', "would've", "could've", "should've", "might've"]);
/** Verbs of hoping and expecting: a positive word after them in the past is a wish that was not met. */
const UNMET_EXPECTATION_VERBS: ReadonlySet<string> = new Set(['expected', 'hoped', 'hoping', 'wanted', 'wished', 'expecting']);
const PAST_AUXILIARIES: ReadonlySet<string> = new Set(['was', 'were', 'had', "i'd", 'really', 'so']);
const SHIFT_FACTOR = -0.5;

function hasCounterfactual(tokens: readonly Token[], hit: LexiconHit, scope: readonly number[]): boolean {
  // "could be better", "might be worse": a comparative after "could/might be" names what is missing.
  const comparative = /(?:er|est)$/.test(tokens[hit.end - 1]!.norm) || tokens[hit.start - 1]?.norm === 'more';
  const couldBe = scope.length >= 2 && tokens[scope[0]!]!.norm === 'be' && ['could', 'might'].includes(tokens[scope[1]!]!.norm);
  if (comparative && couldBe) return true;
  return scope.some((i, k) => {
    const word = tokens[i]!.norm;
    if (word.endsWith("'ve") && MODALS.has(word)) return true;
    const after = scope[k - 1];
    return MODALS.has(word) && after !== undefined && tokens[after]!.norm === 'have';
  });
}

/** "I expected better", "I was hoping for more": a hope in the past tense is one that was not met. */
function isUnmetExpectation(tokens: readonly Token[], hit: LexiconHit, clause: readonly number[]): boolean {
  if (clause.some((i) => UNMET_EXPECTATION_VERBS.has(tokens[i]!.norm))) return true;
  if (!UNMET_EXPECTATION_VERBS.has(tokens[hit.start]!.norm)) return false;
  return clause.slice(0, 2).some((i) => PAST_AUXILIARIES.has(tokens[i]!.norm));
}

/**
 * The reversal acting on a hit that no negator reached. `clause` holds the word tokens before the
 * hit in its clause, nearest first; `scope` its first few.
 */
export function findPolarityShift(tokens: readonly Token[], hit: LexiconHit, clause: readonly number[], scope: readonly number[], weight: number): PolarityShift | undefined {
  const resolver = weight < 0 ? scope.slice(0, 3).find((i) => RESOLVING_VERBS.has(tokens[i]!.norm)) : undefined;
  if (resolver !== undefined) return { rule: 'resolved', factor: SHIFT_FACTOR, modifier: resolver };
  if (hasCounterfactual(tokens, hit, scope)) return { rule: 'counterfactual', factor: SHIFT_FACTOR };
  if (weight > 0 && isUnmetExpectation(tokens, hit, clause)) return { rule: 'unmet-expectation', factor: SHIFT_FACTOR };
  return undefined;
}
