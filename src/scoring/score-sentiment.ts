import type { ExplanationEntry, SentimentLabel, SentimentResult } from '../domain/mention';
import { baseLexiconIndex, buildOverrideIndex, type LexiconIndex } from './build-lexicon-index';
import { detectLanguage } from './detect-language';
import { findLexiconHits, type LexiconHit } from './find-lexicon-hits';
import { findRatings } from './find-ratings';
import { isNegatorAt } from './find-negation';
import { markClauses, type ClauseMark } from './mark-clauses';
import { tokenizeText, type Token } from './tokenize-text';
import { isLikeAsPreposition, weighHit, type WeighedHit } from './weigh-hit';

/**
 * Bump whenever the output for some text can change, or the text a mention is scored by
 * (mention-scoring-text), so stored mentions get re-scored. rules-7 scores every text as rules-6 did;
 * a mention's title no longer counts twice when its body opens with it.
 */
export const SCORER_VERSION = 'earshot-rules-7';

export interface ScoreOptions {
  /** Per-topic lexicon overrides: word or phrase → AFINN-style weight (0 makes it neutral). They win over every lexicon. */
  overrides?: Record<string, number>;
}

/** |score| below this reads as neutral (the same band the evaluation uses for graded ratings). */
export const NEUTRAL_BAND = 0.05;
/** VADER's normalisation constant: s / √(s² + α) maps a sum of weights into (-1, 1). */
const NORMALISATION_ALPHA = 15;
/** Each "!" (up to 4) adds this much emphasis in the direction the text already leans (VADER: 0.292 on its scale). */
const EXCLAMATION_WEIGHT = 0.35;
const MAX_EXCLAMATIONS = 4;
/** Repeated question marks ("really??") add a little emphasis too (VADER: 0.18 each, capped). */
const QUESTION_MARK_WEIGHT = 0.2;
const MAX_QUESTION_MARKS = 3;

/**
 * A negator that negates no sentiment word still leans negative ("it didn't charge", "can't hear
 * anything"): negation is markedly more frequent in negative than positive reviews and posts
 * (Potts 2011, "On the negativity of negation"). A weak cue: alone it gives about -0.04, a lean
 * that stays inside the neutral band, and any real sentiment word outweighs it.
 */
const BARE_NEGATION_WEIGHT = -0.15;
const MAX_BARE_NEGATIONS = 2;

const round = (value: number): number => Math.round(value * 1000) / 1000;

function explain(weighed: WeighedHit, tokensText: string): ExplanationEntry {
  return {
    token: tokensText,
    weight: round(weighed.weight),
    rule: weighed.rules.length > 0 ? weighed.rules.join('+') : 'lexicon',
    source: weighed.hit.entry.source,
  };
}

/** Punctuation emphasis: "!!!" and "??" push the total further in the direction it already has. */
function punctuationEmphasis(text: string, sum: number): ExplanationEntry[] {
  if (sum === 0) return [];
  const entries: ExplanationEntry[] = [];
  const bangs = Math.min(text.split('!').length - 1, MAX_EXCLAMATIONS);
  if (bangs > 0) entries.push({ token: '!'.repeat(bangs), weight: round(Math.sign(sum) * bangs * EXCLAMATION_WEIGHT), rule: 'exclamation' });
  const questions = text.split('?').length - 1;
  if (questions > 1) {
    const marks = Math.min(questions, MAX_QUESTION_MARKS);
    entries.push({ token: '?'.repeat(marks), weight: round(Math.sign(sum) * marks * QUESTION_MARK_WEIGHT), rule: 'question-marks' });
  }
  return entries;
}

/**
 * Interjections ("wow", "omg", "god") and stance adverbs carry the feeling of the words around them,
 * not their own: "Wow, what a bad film" is not praise. They count only in a sentence with no other
 * sentiment word.
 */
const INTERJECTIONS: ReadonlySet<string> = new Set([
  'wow', 'whoa', 'omg', 'gosh', 'god', 'jeez', 'geez', 'man', 'dude', 'oh', 'boy', 'damn', 'yes', 'yeah',
  // Stance adverbs say how sure the writer is, not which way: "definitely did not taste fresh".
  'definitely', 'certainly', 'surely', 'absolutely', 'totally', 'seriously', 'honestly', 'truly', 'literally', 'super', 'pretty',
]);

function dropInterjections(weighed: readonly WeighedHit[], tokens: readonly Token[], marks: readonly ClauseMark[]): WeighedHit[] {
  const isInterjection = (w: WeighedHit) => w.hit.end - w.hit.start === 1 && INTERJECTIONS.has(tokens[w.hit.start]!.norm);
  const sentencesWithContent = new Set(weighed.filter((w) => !isInterjection(w) && w.weight !== 0).map((w) => marks[w.hit.start]?.sentence));
  return weighed.filter((w) => !isInterjection(w) || !sentencesWithContent.has(marks[w.hit.start]?.sentence));
}

/** Negators that neither negate a sentiment word nor belong to a lexicon phrase ("can't wait"). */
function bareNegations(tokens: readonly Token[], hits: readonly LexiconHit[], modifiers: ReadonlySet<number>): ExplanationEntry[] {
  const covered = new Set(hits.flatMap((hit) => Array.from({ length: hit.end - hit.start }, (_, k) => hit.start + k)));
  return tokens
    .map((token, i) => ({ token, i }))
    .filter(({ token, i }) => token.kind === 'word' && isNegatorAt(tokens, i) && !covered.has(i) && !modifiers.has(i))
    .slice(0, MAX_BARE_NEGATIONS)
    .map(({ token }) => ({ token: token.text, weight: BARE_NEGATION_WEIGHT, rule: 'bare-negation' }));
}

function unscored(language: string): SentimentResult {
  return { score: 0, label: 'unscored', explanation: [{ token: language, weight: 0, rule: 'unscored-language' }], version: SCORER_VERSION };
}

/** Scores one mention: lexicon matches weighed by the rules in weigh-hit, summed, normalised into [-1, 1]. */
export function scoreSentiment(text: string, options: ScoreOptions = {}): SentimentResult {
  const tokens = tokenizeText(text);
  const words = tokens.filter((t) => t.kind === 'word').map((t) => t.norm);
  const language = detectLanguage(text, words, (word) => baseLexiconIndex.single.has(word));
  if (language.kind === 'unreadable') return unscored(language.language);
  const indexes: LexiconIndex[] = options.overrides && Object.keys(options.overrides).length > 0
    ? [buildOverrideIndex(options.overrides), baseLexiconIndex]
    : [baseLexiconIndex];
  const hits = findLexiconHits(tokens, indexes).filter((hit) => !isLikeAsPreposition(tokens, hit));
  const inPhrase = new Set(hits.filter((h) => h.end - h.start > 1).flatMap((h) => Array.from({ length: h.end - h.start }, (_, k) => h.start + k)));
  const context = { tokens, marks: markClauses(tokens), mixedCase: /\p{Ll}/u.test(text), inPhrase };
  const weighed = hits.map((hit) => weighHit(hit, context));
  // A negator or degree word that acted on a later word ("no problems", "pretty good") is not scored itself.
  const modifiers = new Set(weighed.flatMap((w) => w.modifierTokens));
  const kept = dropInterjections(
    weighed.filter((w) => !(w.hit.end - w.hit.start === 1 && modifiers.has(w.hit.start))),
    tokens,
    context.marks,
  );
  const explanation = kept
    .filter((w) => w.weight !== 0 || w.hit.entry.source === 'override')
    .map((w) => explain(w, tokens.slice(w.hit.start, w.hit.end).map((t) => t.text).join(' ')));
  explanation.push(...bareNegations(tokens, hits, modifiers), ...findRatings(text));
  const lexicalSum = explanation.reduce((sum, e) => sum + e.weight, 0);
  explanation.push(...punctuationEmphasis(text, lexicalSum));
  const sum = explanation.reduce((total, entry) => total + entry.weight, 0);
  const score = round(sum / Math.sqrt(sum * sum + NORMALISATION_ALPHA));
  return { score, label: labelFor(score), explanation, version: SCORER_VERSION };
}

export function labelFor(score: number): SentimentLabel {
  if (score <= -NEUTRAL_BAND) return 'negative';
  if (score >= NEUTRAL_BAND) return 'positive';
  return 'neutral';
}
