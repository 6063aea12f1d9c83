import type { Token } from './tokenize-text';

/** Where a token sits relative to contrast words in its sentence, and whether the sentence asks. */
export interface ClauseMark {
  contrast: 'before-but' | 'after-but' | 'concession' | null;
  question: boolean;
  /** Index of the sentence, counted from 0. */
  sentence: number;
}

/** "but"-like markers: the clause after carries the writer's point (VADER: ×0.5 before, ×1.5 after). */
const BUT_MARKERS: ReadonlySet<string> = new Set(['but', 'however', 'nevertheless', 'nonetheless', 'still', 'anyway']);
/** Concessive openers: the clause they open is conceded, not meant ("although the staff was nice, ..."). */
const CONCESSIVE_MARKERS: ReadonlySet<string> = new Set(['although', 'though', 'despite', 'albeit', 'notwithstanding']);
/** Words before "but" that make it something else: "not only X but also", "anything but", "all but". */
const NOT_CONTRAST_BEFORE: ReadonlySet<string> = new Set(['anything', 'nothing', 'all', 'everything', 'everyone']);

export function isSentenceEnd(token: Token): boolean {
  return token.kind === 'punct' && /[.!?\n]/.test(token.norm);
}

export function isClauseEnd(token: Token): boolean {
  return token.kind === 'punct';
}

function isButMarker(tokens: readonly Token[], i: number): boolean {
  const word = tokens[i]!.norm;
  if (!BUT_MARKERS.has(word)) return false;
  const previous = tokens[i - 1];
  const next = tokens[i + 1];
  if (word === 'but') {
    if (previous && previous.kind === 'word' && NOT_CONTRAST_BEFORE.has(previous.norm)) return false;
    if (next && next.kind === 'word' && next.norm === 'also') return false;
    return true;
  }
  // "still" and "anyway" contrast only as a clause opener set off by a comma ("Pricey. Still, worth it"),
  // not in "Still waiting".
  if (word === 'still' || word === 'anyway') return (previous === undefined || previous.kind === 'punct') && next?.norm === ',';
  return true;
}

function markSentence(tokens: readonly Token[], from: number, to: number, marks: ClauseMark[], sentence: number): void {
  const last = tokens[to - 1];
  const question = last !== undefined && last.kind === 'punct' && last.norm.includes('?');
  for (let i = from; i < to; i++) marks[i] = { contrast: null, question, sentence };
  let but = -1;
  for (let i = from; i < to; i++) {
    const token = tokens[i]!;
    if (token.kind !== 'word') continue;
    if (but < 0 && isButMarker(tokens, i)) but = i;
    const sentenceFinalThough = token.norm === 'though' && (i + 1 >= to || tokens[i + 1]!.kind === 'punct');
    if (sentenceFinalThough && but < 0) {
      // "Great food, slow service though." — the clause before "though" is the reservation that counts.
      let clauseStart = i;
      while (clauseStart > from && tokens[clauseStart - 1]!.kind !== 'punct') clauseStart -= 1;
      for (let k = from; k < clauseStart; k++) marks[k] = { contrast: 'before-but', question, sentence };
      for (let k = clauseStart; k < i; k++) marks[k] = { contrast: 'after-but', question, sentence };
      continue;
    }
    if (CONCESSIVE_MARKERS.has(token.norm)) {
      for (let k = i + 1; k < to && tokens[k]!.kind !== 'punct'; k++) marks[k] = { contrast: 'concession', question, sentence };
    }
  }
  if (but < 0) return;
  for (let i = from; i < to; i++) {
    if (marks[i]!.contrast === 'concession') continue;
    if (i < but) marks[i] = { contrast: 'before-but', question, sentence };
    else if (i > but) marks[i] = { contrast: 'after-but', question, sentence };
  }
}

/** One mark per token: sentences split at . ! ? and line breaks, contrast scoped to the sentence. */
export function markClauses(tokens: readonly Token[]): ClauseMark[] {
  const marks: ClauseMark[] = new Array<ClauseMark>(tokens.length);
  let from = 0;
  let previousFrom = -1;
  let sentence = 0;
  const close = (to: number) => {
    markSentence(tokens, from, to, marks, sentence);
    if (previousFrom >= 0 && tokens[from]?.kind === 'word' && isButMarker(tokens, from)) demotePrevious(marks, previousFrom, from);
    previousFrom = from;
    sentence += 1;
    from = to;
  };
  for (let i = 0; i < tokens.length; i++) if (isSentenceEnd(tokens[i]!)) close(i + 1);
  if (from < tokens.length) close(tokens.length);
  return marks;
}

/** "The food was great. However, the service was awful.": a sentence-opening contrast outweighs the sentence before it. */
function demotePrevious(marks: ClauseMark[], from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const mark = marks[i]!;
    if (mark.contrast === null) marks[i] = { ...mark, contrast: 'before-but' };
  }
}
