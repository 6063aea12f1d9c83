import type { MentionDraft } from '../src/domain/mention';
import type { Source } from '../src/domain/source';
import type { Topic } from '../src/domain/topic';
import { isBackfilling } from '../src/detection/is-backfilling';
import { compileTopics, matchTopics, type CompiledTopic } from '../src/matching/match-topics';
import { requestsPerHost } from '../src/http/limit-per-host';
import type { Deps } from '../src/runtime/deps';
import { mergeTopicOverrides } from '../src/scoring/merge-topic-overrides';
import { mentionScoringText, mentionTextParts } from '../src/scoring/mention-scoring-text';
import { scoreSentiment } from '../src/scoring/score-sentiment';
import type { FetchOutcome, SourceFailure } from '../src/sources/source-adapter';
import { createCrawlQueue } from '../src/sources/crawl-queue';
import { sourceAdapters } from '../src/sources/source-adapters';
import { recordCrawlStatus } from '../src/storage/crawl-status-store';
import { insertMentions, type InsertMentionsResult, type ScoredDraft } from '../src/storage/mention-store';
import { loadTopicOverrides } from '../src/storage/sentiment-store';
import { listDueSources, recordSourceFailure, recordSourceSuccess } from '../src/storage/source-store';
import { listTopics } from '../src/storage/topic-store';

export interface CrawlOptions {
  /** Treat every enabled source as due (a server's Retry-After still holds: see isHeldByRetryAfter). */
  force?: boolean;
  /** Sources fetched at once. */
  concurrency?: number;
  /** At most this many sources per run; the rest stay due for the next run. */
  limit?: number;
  /** Crawl these (claimed by the caller) instead of the sources due now. */
  sources?: Source[];
  /** Statements each store may spend on buckets others left pending (insertMentions); without, all of them. */
  recountStatements?: number;
  /**
   * Told a source's matched topics before its items are stored: a run cut off while storing (a Worker out of
   * statements) loses its report, yet those topics have just got news.
   */
  onMatched?: (topicIds: number[]) => void;
}

export interface CrawlReport {
  sources: number;
  succeeded: number;
  notModified: number;
  failed: number;
  inserted: number;
  touchedTopicIds: number[];
}

/** How often a healthy source is checked, unless it says otherwise (Cache-Control, rate budgets). */
export const DEFAULT_CHECK_INTERVAL_MS = 10 * 60 * 1000;
const MAX_BACKOFF_MS = 24 * 60 * 60 * 1000;

/** Crawl step of the flow: fetch due sources, match, score, store; the cursor advances only after the store. */
export async function runCrawl(deps: Deps, now: number, options: CrawlOptions = {}): Promise<CrawlReport> {
  const topics = await listTopics(deps.db, { enabledOnly: true });
  const compiled = compileTopics(topics);
  const overrides = await loadTopicOverrides(deps.db);
  const due = (options.sources ?? (await listDueSources(deps.db, now, { force: options.force, limit: options.limit }))).filter(
    (source) => !options.force || !isHeldByRetryAfter(source, now),
  );
  const report: CrawlReport = { sources: due.length, succeeded: 0, notModified: 0, failed: 0, inserted: 0, touchedTopicIds: [] };
  const touched = new Set<number>();
  const queue = createCrawlQueue(due, requestsPerHost);
  const worker = async () => {
    for (let next = queue.take(); next; next = queue.take()) {
      const { source, done } = next;
      const outcome = await fetchSource(deps, source, topics, now).finally(done);
      const result = await storeOutcome(deps, source, outcome, compiled, now, { overrides, recountStatements: options.recountStatements, onMatched: options.onMatched });
      report[result.status] += 1;
      report.inserted += result.inserted;
      result.touchedTopicIds.forEach((id) => touched.add(id));
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, due.length) }, worker));
  report.touchedTopicIds = [...touched];
  return report;
}

/** A forced crawl still respects a server that asked us to wait (429/503 Retry-After). */
function isHeldByRetryAfter(source: Source, now: number): boolean {
  return source.state.lastErrorKind === 'rate-limited' && source.state.nextCheckAt > now;
}

async function fetchSource(deps: Deps, source: Source, topics: Topic[], now: number): Promise<FetchOutcome> {
  try {
    return await sourceAdapters[source.kind].fetchMentions(source, {
      fetch: deps.fetch,
      now,
      topics,
      credentials: deps.settings.credentials,
    });
  } catch (error) {
    // Adapters return expected failures as values; a throw is a bug, but one source's bug must not stop the others.
    deps.log.error('source adapter threw', { sourceId: source.id, kind: source.kind, error: String(error) });
    return { kind: 'failed', error: { kind: 'parse', message: `adapter error: ${String(error)}` } };
  }
}

async function storeOutcome(
  deps: Deps,
  source: Source,
  outcome: FetchOutcome,
  topics: CompiledTopic[],
  now: number,
  store: { overrides: TopicOverrides; recountStatements?: number; onMatched?: (topicIds: number[]) => void },
): Promise<{ status: 'succeeded' | 'notModified' | 'failed'; inserted: number; touchedTopicIds: number[] }> {
  if (outcome.kind === 'failed') {
    await recordCrawlFailure(deps, source, outcome.error, now);
    deps.log.warn('source failed', { sourceId: source.id, errorKind: outcome.error.kind, error: outcome.error.message });
    return { status: 'failed', inserted: 0, touchedTopicIds: [] };
  }
  const nextCheckAt = now + (outcome.nextCheckInMs ?? DEFAULT_CHECK_INTERVAL_MS);
  if (outcome.kind === 'not-modified') {
    await recordCrawlStatus(deps.db, source.id, 'ok', now);
    await recordSourceSuccess(deps.db, source.id, outcome.next, nextCheckAt, now);
    return { status: 'notModified', inserted: 0, touchedTopicIds: [] };
  }
  const scored = scoreAndMatch(outcome.drafts, source, topics, store.overrides);
  store.onMatched?.([...new Set(scored.flatMap((item) => item.topicIds))]);
  const stored = await insertMentions(deps.db, source.id, scored, now, { keysMayChange: sourceAdapters[source.kind].keysMayChange === true, recountStatements: store.recountStatements });
  // Posts a late sweep heard revise their buckets; only the rest can make this crawl a backfill.
  const news = newsSinceLastSuccess(stored, source.state.lastSuccessAt).filter((at) => outcome.revisesUpTo === undefined || at > outcome.revisesUpTo);
  const backfilling = isBackfilling({ at: now, previousSuccessAt: source.state.lastSuccessAt, itemTimes: news });
  // A backfill is partial coverage too, and detect treats it specially (buckets before it are not revised in).
  await recordCrawlStatus(deps.db, source.id, backfilling ? 'backfilling' : outcome.partial?.coverageLost ? 'partial' : 'ok', now);
  await recordSourceSuccess(deps.db, source.id, outcome.next, nextCheckAt, now, outcome.partial?.message ?? null);
  if (outcome.partial) deps.log.warn('source answered in part', { sourceId: source.id, coverageLost: outcome.partial.coverageLost, error: outcome.partial.message });
  return { status: 'succeeded', inserted: stored.inserted, touchedTopicIds: stored.touchedTopicIds };
}

/**
 * The times of the items stored since the source last succeeded: this crawl's new ones, and those a
 * crawl cut off after storing them (a crash, a Worker out of time) left without a status. Judged by
 * this crawl's new ones only, the retry of a cut-off backfill stored nothing new, recorded `ok`, and
 * detection learned from the weeks of old posts it had put in past buckets as if they were full coverage.
 */
function newsSinceLastSuccess(stored: InsertMentionsResult, lastSuccessAt: number | null): number[] {
  const unrecorded = stored.storedBefore.filter((item) => lastSuccessAt === null || item.fetchedAt > lastSuccessAt);
  return [...stored.insertedTimes, ...unrecorded.map((item) => item.bucketAt)];
}

/** Lexicon overrides by topic id (topics.lexicon_overrides). */
type TopicOverrides = ReadonlyMap<number, Record<string, number>>;

/**
 * Mentions that match no topic are not kept; a per-topic search source still has to match its topic's query.
 * A mention is scored with the lexicon overrides of the topics it matched (see mergeTopicOverrides).
 */
export function scoreAndMatch(drafts: MentionDraft[], source: Source, topics: CompiledTopic[], overrides: TopicOverrides = new Map()): ScoredDraft[] {
  const candidates = source.topicId === null ? topics : topics.filter((t) => t.id === source.topicId);
  return drafts.flatMap((draft) => {
    const text = mentionScoringText(draft.title, draft.text);
    const topicIds = matchTopics(mentionTextParts(draft.title, draft.text), candidates);
    if (topicIds.length === 0) return [];
    const merged = mergeTopicOverrides(topicIds.map((id) => ({ id, lexiconOverrides: overrides.get(id) ?? {} })));
    return [{ draft, sentiment: scoreSentiment(text, { overrides: merged }), topicIds }];
  });
}

/**
 * A failed attempt: the source's error streak and next check, and its crawl status for the coverage
 * of its topics' buckets (rate-limited when the service asked us to wait, else failed). Also used by
 * the Workers tick for a source it had to cut off.
 */
export async function recordCrawlFailure(deps: Deps, source: Source, failure: SourceFailure, now: number): Promise<void> {
  await recordCrawlStatus(deps.db, source.id, failure.kind === 'rate-limited' ? 'rate-limited' : 'failed', now);
  await recordSourceFailure(deps.db, source.id, failure, nextCheckAfterFailure(source, failure, now), now);
}

/** Exponential backoff from the check interval, capped at a day; a server's Retry-After wins when longer. */
export function nextCheckAfterFailure(source: Source, failure: SourceFailure, now: number): number {
  const backoff = Math.min(DEFAULT_CHECK_INTERVAL_MS * 2 ** Math.min(source.state.errorCount, 16), MAX_BACKOFF_MS);
  return now + Math.max(backoff, failure.retryAfterMs ?? 0);
}
