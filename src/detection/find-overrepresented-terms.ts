// The words that set a surge apart from the topic's ordinary talk: weighted log-odds with an
// informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words"), which, unlike raw
// frequency ratios, does not crown a word seen twice in the surge and never before.
// Pure: the caller supplies the texts (surge window vs a baseline sample).

import { tokenizeTerms } from '../domain/mention-text';

export interface OverrepresentedTerm {
  term: string;
  surgeCount: number;
  baselineCount: number;
  /** log-odds ratio divided by its standard error; > 1.96 is "clearly over-represented". */
  z: number;
}

function countTerms(texts: readonly string[]): { counts: Map<string, number>; total: number } {
  const counts = new Map<string, number>();
  let total = 0;
  for (const text of texts) {
    for (const term of tokenizeTerms(text)) {
      counts.set(term, (counts.get(term) ?? 0) + 1);
      total++;
    }
  }
  return { counts, total };
}

export function findOverrepresentedTerms(
  surgeTexts: readonly string[],
  baselineTexts: readonly string[],
  options: { limit?: number; minZ?: number; priorWeight?: number } = {},
): OverrepresentedTerm[] {
  const { limit = 10, minZ = 1.96, priorWeight = 50 } = options;
  const surge = countTerms(surgeTexts);
  const baseline = countTerms(baselineTexts);
  const pooledTotal = surge.total + baseline.total;
  if (surge.total === 0 || pooledTotal === 0) return [];
  const terms: OverrepresentedTerm[] = [];
  for (const [term, y1] of surge.counts) {
    if (y1 < 2) continue;
    const y2 = baseline.counts.get(term) ?? 0;
    // Prior proportional to the pooled frequency: common words need more evidence to stand out.
    const alpha = (priorWeight * (y1 + y2)) / pooledTotal;
    const logOdds1 = Math.log((y1 + alpha) / (surge.total + priorWeight - y1 - alpha));
    const logOdds2 = Math.log((y2 + alpha) / (baseline.total + priorWeight - y2 - alpha));
    const z = (logOdds1 - logOdds2) / Math.sqrt(1 / (y1 + alpha) + 1 / (y2 + alpha));
    if (z >= minZ) terms.push({ term, surgeCount: y1, baselineCount: y2, z: Math.round(z * 100) / 100 });
  }
  return terms.sort((a, b) => b.z - a.z || a.term.localeCompare(b.term)).slice(0, limit);
}
