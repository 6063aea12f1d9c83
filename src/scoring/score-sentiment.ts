import Sentiment from 'sentiment';
import type { SentimentLabel, SentimentResult } from '../domain/mention';

export const SCORER_VERSION = 'afinn-0';

export interface ScoreOptions {
  /** Per-topic lexicon overrides: word → AFINN-style weight (0 makes a word neutral). */
  overrides?: Record<string, number>;
}

const analyzer = new Sentiment();
/** |score| below this reads as neutral. */
const NEUTRAL_BAND = 0.05;

/** First scorer: AFINN-165 sum squashed into [-1, 1] the way VADER normalises (s / √(s² + 15)). */
export function scoreSentiment(text: string, options: ScoreOptions = {}): SentimentResult {
  const result = analyzer.analyze(text, options.overrides ? { extras: options.overrides } : undefined);
  const score = result.score / Math.sqrt(result.score * result.score + 15);
  return {
    score,
    label: labelFor(score),
    explanation: result.calculation.flatMap((entry) =>
      Object.entries(entry).map(([token, weight]) => ({ token, weight })),
    ),
    version: SCORER_VERSION,
  };
}

export function labelFor(score: number): SentimentLabel {
  if (score <= -NEUTRAL_BAND) return 'negative';
  if (score >= NEUTRAL_BAND) return 'positive';
  return 'neutral';
}
