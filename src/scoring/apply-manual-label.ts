import type { SentimentLabel } from '../domain/mention';
import { labelFor } from './score-sentiment';

export interface EffectiveSentiment {
  score: number;
  label: SentimentLabel;
}

/** The score a human label stands for when the scorer disagrees with it. */
const LABEL_SCORE: Readonly<Record<SentimentLabel, number>> = { positive: 1, negative: -1, neutral: 0, unscored: 0 };

/**
 * What buckets, filters and alerts count for a mention. Precedence: a manual label wins over the
 * scorer (which already applied the topic's overrides). When the scorer's own label agrees, its
 * score is kept, so confirming a label does not distort averages; when it disagrees, the label's
 * full-strength score stands in (positive 1, negative -1, neutral and unscored 0).
 */
export function applyManualLabel(scored: EffectiveSentiment, manualLabel: SentimentLabel | null): EffectiveSentiment {
  if (manualLabel === null || manualLabel === scored.label) return scored;
  const keepsScore = manualLabel !== 'unscored' && labelFor(scored.score) === manualLabel && scored.label !== 'unscored';
  return { score: keepsScore ? scored.score : LABEL_SCORE[manualLabel], label: manualLabel };
}
