import type { Deps } from '../src/runtime/deps';
import { mergeTopicOverrides } from '../src/scoring/merge-topic-overrides';
import { mentionScoringText } from '../src/scoring/mention-scoring-text';
import { SCORER_VERSION, scoreSentiment } from '../src/scoring/score-sentiment';
import { recountEveryPendingBucket, recountPendingBuckets } from '../src/storage/bucket-recount';
import { markOverridesRescored } from '../src/storage/overrides-rescore-store';
import { listStaleMentions, loadTopicOverrides, saveRescored } from '../src/storage/sentiment-store';

export interface RescoreOptions {
  /** Mentions per run; the rest wait for the next run, so one run stays short on Workers too. */
  limit?: number;
  /**
   * D1 statements the bucket recount may send (Workers: worker-budget.ts); what it leaves waits for the next
   * run. Without it, the run recounts until no bucket is pending: Node has no per-run cap.
   */
  recountStatements?: number;
}

export interface RescoreReport {
  rescored: number;
  /** Mentions whose counted sentiment changed, so their buckets were recounted. */
  changed: number;
  /** The run hit its limit: more stale mentions are waiting. */
  more: boolean;
  /** Topics whose buckets changed: the detector looks at these. */
  touchedTopicIds: number[];
  /** The recount ran out of statements: buckets still wait for it, and the next run goes on. */
  recountPending: boolean;
}

export const DEFAULT_RESCORE_LIMIT = 500;

/**
 * Re-scores stored mentions that are stale — scored by another SCORER_VERSION, or before one of
 * their topics' lexicon overrides changed — oldest first and bounded per run. A manual label is
 * kept and still wins; buckets of mentions whose counted sentiment changed are recounted, and so
 * are any others left pending (a crash, a recount that ran out of statements), on every run. Safe to
 * repeat after a crash: a mention is stale until its new score is written, and recounts are
 * recomputed from the links, never incremented. A topic whose last stale mentions a run re-scored is
 * marked caught up with its overrides, and later runs read none of its links until they change again.
 */
export async function runRescore(deps: Deps, now: number, options: RescoreOptions = {}): Promise<RescoreReport> {
  const limit = options.limit ?? DEFAULT_RESCORE_LIMIT;
  const { mentions: stale, caughtUp } = await listStaleMentions(deps.db, SCORER_VERSION, limit);
  let changed = 0;
  if (stale.length > 0) {
    const overridesByTopic = await loadTopicOverrides(deps.db);
    for (const mention of stale) {
      const overrides = mergeTopicOverrides(mention.topicIds.map((id) => ({ id, lexiconOverrides: overridesByTopic.get(id) ?? {} })));
      // The same text the crawl scored: title and body.
      const text = mentionScoringText(mention.title, mention.text);
      const change = await saveRescored(deps.db, mention.id, scoreSentiment(text, { overrides }), mention.manualLabel, now);
      if (change && (change.before.label !== change.after.label || change.before.score !== change.after.score)) changed += 1;
    }
  }
  // Only once their last stale mentions are written: a run cut off before leaves the topics to be looked into again.
  await markOverridesRescored(deps.db, SCORER_VERSION, caughtUp);
  const { recountStatements } = options;
  const recount = recountStatements === undefined ? await recountEveryPendingBucket(deps.db) : await recountPendingBuckets(deps.db, { left: recountStatements });
  if (changed > 0) deps.log.info('rescored mentions', { rescored: stale.length, changed, version: SCORER_VERSION });
  if (recount.more) deps.log.info('bucket recount left buckets for the next run', { recountStatements: options.recountStatements });
  return { rescored: stale.length, changed, more: stale.length === limit, touchedTopicIds: recount.touchedTopicIds, recountPending: recount.more };
}
