import type { ExplanationEntry } from '../domain/mention';

// "10/10", "3 out of 10", "1/5", "4.5 stars", "zero stars": the reviewer's own verdict as a number.
const OUT_OF = /(?<![\d.])(\d{1,2}(?:\.\d)?)\s*(?:\/|out of)\s*(10|5)(?![\d/])/gi;
const STARS = /(?<![\d.])(\d(?:\.\d)?|zero|one|two|three|four|five)\s*stars?\b/gi;
const WORD_NUMBERS: Readonly<Record<string, number>> = { zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5 };
/** A perfect rating weighs like AFINN's strongest common words (+4), the midpoint nothing. */
const FULL_SCALE = 8;

function ratingWeight(value: number, max: number): number | undefined {
  if (!(value >= 0 && value <= max)) return undefined;
  return Math.round((value / max - 0.5) * FULL_SCALE * 100) / 100;
}

/** Numeric ratings in the text, each as an explanation entry with rule "rating". */
export function findRatings(text: string): ExplanationEntry[] {
  const entries: ExplanationEntry[] = [];
  for (const match of text.matchAll(OUT_OF)) {
    const weight = ratingWeight(Number(match[1]), Number(match[2]));
    if (weight !== undefined && weight !== 0) entries.push({ token: match[0], weight, rule: 'rating' });
  }
  for (const match of text.matchAll(STARS)) {
    const raw = match[1]!.toLowerCase();
    const weight = ratingWeight(WORD_NUMBERS[raw] ?? Number(raw), 5);
    if (weight !== undefined && weight !== 0) entries.push({ token: match[0], weight, rule: 'rating' });
  }
  return entries;
}
