import { sql, type Expression, type Kysely } from 'kysely';
import type { ExplanationEntry, SentimentLabel, SentimentResult } from '../domain/mention';
import { applyManualLabel, type EffectiveSentiment } from '../scoring/apply-manual-label';
import type { LexiconOverrides } from '../scoring/merge-topic-overrides';
import type { Database, Db, MentionsTable, TopicsTable } from './database';
import { recountMentionBuckets } from './bucket-recount';
import { listTopicsBehindOverrides, mentionScoredAt, type TopicBehindOverrides } from './overrides-rescore-store';
import { RESCORE_PENDING } from './rescore-pending';

/** The columns migration 0003 adds, typed here so the corrections code stays in one place. */
interface CorrectionTables {
  topics: TopicsTable & { lexicon_overrides: string; overrides_updated_at: number };
  mentions: MentionsTable & {
    scorer_score: number | null;
    scorer_label: string | null;
    manual_label: string | null;
    manual_label_at: number | null;
    sentiment_scored_at: number;
  };
}
type CorrectionsDb = Kysely<Omit<Database, 'topics' | 'mentions'> & CorrectionTables>;
const withCorrections = (db: Db): CorrectionsDb => db as unknown as CorrectionsDb;

/** A topic's overrides; malformed JSON (hand-edited database) reads as none rather than breaking a crawl. */
export function parseOverrides(json: string | null | undefined): Record<string, number> {
  try {
    const value: unknown = JSON.parse(json ?? '{}');
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1])));
  } catch {
    return {};
  }
}

/**
 * Every live topic's overrides. A topic being deleted has none from its request on: a shared mention that
 * the re-score job takes before the topic's link to it goes (markSharedMentionsForRescore marks a chunk,
 * the purge deletes its links next) is scored without them, as it will be once the topic is gone.
 */
export async function loadTopicOverrides(db: Db): Promise<Map<number, Record<string, number>>> {
  const rows = await withCorrections(db).selectFrom('topics').select(['id', 'lexicon_overrides']).where('delete_requested_at', 'is', null).execute();
  return new Map(rows.map((r) => [r.id, parseOverrides(r.lexicon_overrides)]));
}

/** Stores a topic's overrides; the change time moves only when they really change, so re-scoring is not triggered for nothing. */
export async function saveTopicOverrides(db: Db, topicId: number, overrides: LexiconOverrides, now: number): Promise<void> {
  const json = JSON.stringify(Object.fromEntries(Object.entries(overrides).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
  await withCorrections(db)
    .updateTable('topics')
    .set({ lexicon_overrides: json, overrides_updated_at: now })
    .where('id', '=', topicId)
    .where('lexicon_overrides', '!=', json)
    .execute();
}

/**
 * Whether deleting the topic changes the score of a mention it shares: only its lexicon overrides ever
 * did (mergeTopicOverrides). A topic without overrides changed no score, so none is marked.
 */
export async function hasLexiconOverrides(db: Db, topicId: number): Promise<boolean> {
  const topic = await withCorrections(db).selectFrom('topics').select('lexicon_overrides').where('id', '=', topicId).executeTakeFirst();
  return topic !== undefined && Object.keys(parseOverrides(topic.lexicon_overrides)).length > 0;
}

/**
 * Deleting a topic with lexicon overrides: of the mentions in `mentionIds` (a chunk of its links, found
 * by the statement itself), those another topic links too were scored with its overrides merged in, and
 * must be scored with the other topics' alone once its links go ('sick' as praise on a skate brand's topic
 * must not stay positive on a hospital's). They are marked stale, and the re-score job takes them in its
 * bounded runs. Sent right before the same chunk's links are deleted (purgeTopic), never for all of a
 * topic's mentions at once: on D1 that one UPDATE grew with the topic and could outrun the 30 s a
 * statement may take. Safe to repeat: a crash before the delete marks the same chunk again.
 */
export async function markSharedMentionsForRescore(db: Db, topicId: number, mentionIds: Expression<{ mention_id: number }>): Promise<void> {
  await sql`
    update mentions set sentiment_version = ${RESCORE_PENDING}
    where id in (${mentionIds})
      and exists (select 1 from mention_topics other where other.mention_id = mentions.id and other.topic_id != ${topicId})
  `.execute(db);
}

const LINK_CHUNK = 90;

export interface StaleMention {
  id: number;
  title: string | null;
  text: string;
  manualLabel: SentimentLabel | null;
  topicIds: number[];
}

export interface StaleMentions {
  mentions: StaleMention[];
  /** Topics looked into whose every stale mention is in `mentions`: caught up once those are re-scored (markOverridesRescored). */
  caughtUp: TopicBehindOverrides[];
}

/**
 * Mentions whose stored sentiment is stale: scored by another scorer version, or before one of
 * their topics' overrides changed. Version-stale first, each oldest id first, at most `limit`, so a
 * run is bounded.
 */
export async function listStaleMentions(db: Db, version: string, limit: number): Promise<StaleMentions> {
  const cdb = withCorrections(db);
  // Two cheap questions instead of one scan of every mention each tick: the version test is an index
  // range (mentions_sentiment_version), and only the links of topics not caught up with their overrides
  // are read (see overrides-rescore-store.ts): a topic re-scored to its last change costs no row.
  const byVersion = await cdb
    .selectFrom('mentions')
    .select(['id', 'title', 'text', 'manual_label'])
    .where((eb) => eb.or([eb('sentiment_version', '<', version), eb('sentiment_version', '>', version)]))
    .orderBy('id')
    .limit(limit)
    .execute();
  const room = limit - byVersion.length;
  const behind = room > 0 ? await listTopicsBehindOverrides(db, LINK_CHUNK) : [];
  const byOverrides = behind.length === 0
    ? []
    : await cdb
        .selectFrom('mentions as m')
        .innerJoin('mention_topics as mt', 'mt.mention_id', 'm.id')
        .innerJoin('topics as t', 't.id', 'mt.topic_id')
        .select(['m.id', 'm.title', 'm.text', 'm.manual_label'])
        .distinct()
        .where('mt.topic_id', 'in', behind.map((t) => t.topicId))
        .where('m.sentiment_version', '=', version)
        // A crawl loads the overrides after taking its `now` (the mention's fetched_at), so a mention fetched
        // after the change was scored with it. One a crawl that loaded them before the change stores after
        // its topic was marked caught up reopens the topic (reopenOverridesRescore), and is found here.
        .where((eb) => eb('t.overrides_updated_at', '>', mentionScoredAt))
        .orderBy('m.id')
        .limit(room)
        .execute();
  // Fewer than there was room for: every stale mention of the topics looked into is in this batch.
  const caughtUp = byOverrides.length < room ? behind : [];
  const rows = [...byVersion, ...byOverrides];
  if (rows.length === 0) return { mentions: [], caughtUp };
  const links: Array<{ mention_id: number; topic_id: number }> = [];
  // In chunks: D1 binds at most 100 parameters a statement.
  for (let i = 0; i < rows.length; i += LINK_CHUNK) {
    const ids = rows.slice(i, i + LINK_CHUNK).map((r) => r.id);
    links.push(...(await db.selectFrom('mention_topics').select(['mention_id', 'topic_id']).where('mention_id', 'in', ids).execute()));
  }
  const mentions = rows.map((r) => ({
    id: r.id,
    title: r.title,
    text: r.text,
    manualLabel: (r.manual_label as SentimentLabel | null) ?? null,
    topicIds: links.filter((l) => l.mention_id === r.id).map((l) => l.topic_id),
  }));
  return { mentions, caughtUp };
}

/** What counted before and after a write: when it differs, the mention's buckets are recounted. */
export interface SentimentChange {
  before: EffectiveSentiment;
  after: EffectiveSentiment;
}

/** Stores a fresh scorer result; a manual label still wins. Marks the mention's buckets for recount when what counts changed. */
export async function saveRescored(db: Db, mentionId: number, result: SentimentResult, manualLabel: SentimentLabel | null, now: number): Promise<SentimentChange | undefined> {
  const before = await db.selectFrom('mentions').select(['sentiment_score', 'sentiment_label']).where('id', '=', mentionId).executeTakeFirst();
  if (!before) return undefined;
  const after = applyManualLabel(result, manualLabel);
  await withCorrections(db)
    .updateTable('mentions')
    .set({
      sentiment_score: after.score,
      sentiment_label: after.label,
      scorer_score: result.score,
      scorer_label: result.label,
      sentiment_explanation: JSON.stringify(result.explanation),
      sentiment_version: result.version,
      sentiment_scored_at: now,
    })
    .where('id', '=', mentionId)
    .execute();
  const change = { before: { score: before.sentiment_score, label: before.sentiment_label as SentimentLabel }, after };
  if (hasChanged(change)) await markLinksUncounted(db, mentionId);
  return change;
}

/** Sets (or with null clears) a mention's manual label; what counts, and its buckets, follow at once. */
export async function saveManualLabel(db: Db, mentionId: number, label: SentimentLabel | null, now: number): Promise<SentimentChange | undefined> {
  const row = await withCorrections(db)
    .selectFrom('mentions')
    .select(['sentiment_score', 'sentiment_label', 'scorer_score', 'scorer_label'])
    .where('id', '=', mentionId)
    .executeTakeFirst();
  if (!row) return undefined;
  const scored: EffectiveSentiment = {
    score: row.scorer_score ?? row.sentiment_score,
    label: (row.scorer_label ?? row.sentiment_label) as SentimentLabel,
  };
  const after = applyManualLabel(scored, label);
  await withCorrections(db)
    .updateTable('mentions')
    .set({
      manual_label: label,
      manual_label_at: label === null ? null : now,
      sentiment_score: after.score,
      sentiment_label: after.label,
      // Keep the scorer's output beside the label, so clearing the label restores it.
      scorer_score: scored.score,
      scorer_label: scored.label,
    })
    .where('id', '=', mentionId)
    .execute();
  const change = { before: { score: row.sentiment_score, label: row.sentiment_label as SentimentLabel }, after };
  if (hasChanged(change)) {
    await markLinksUncounted(db, mentionId);
    await recountMentionBuckets(db, mentionId);
  }
  return change;
}

function hasChanged({ before, after }: SentimentChange): boolean {
  return before.label !== after.label || before.score !== after.score;
}

/** The next bucket recount (recountPendingBuckets) picks these links up; safe to repeat after a crash. */
async function markLinksUncounted(db: Db, mentionId: number): Promise<void> {
  await db.updateTable('mention_topics').set({ counted: 0 }).where('mention_id', '=', mentionId).execute();
}

export interface MentionSentimentDetail {
  score: number;
  label: SentimentLabel;
  scorerScore: number;
  scorerLabel: SentimentLabel;
  manualLabel: SentimentLabel | null;
  manualLabelAt: number | null;
  explanation: ExplanationEntry[];
  version: string;
}

/** The audit view of a mention's sentiment: what counts, what the scorer said and why, and any manual label. */
export async function getMentionSentiment(db: Db, mentionId: number): Promise<MentionSentimentDetail | undefined> {
  return (await getMentionSentiments(db, [mentionId])).get(mentionId);
}

/** The same for a page of mentions, in one statement (a page is at most 100 ids: D1's parameter limit). */
export async function getMentionSentiments(db: Db, mentionIds: readonly number[]): Promise<Map<number, MentionSentimentDetail>> {
  if (mentionIds.length === 0) return new Map();
  const rows = await withCorrections(db)
    .selectFrom('mentions')
    .select(['id', 'sentiment_score', 'sentiment_label', 'scorer_score', 'scorer_label', 'manual_label', 'manual_label_at', 'sentiment_explanation', 'sentiment_version'])
    .where('id', 'in', [...mentionIds])
    .execute();
  return new Map(rows.map((row) => [row.id, toSentimentDetail(row)]));
}

function toSentimentDetail(row: {
  sentiment_score: number;
  sentiment_label: string;
  scorer_score: number | null;
  scorer_label: string | null;
  manual_label: string | null;
  manual_label_at: number | null;
  sentiment_explanation: string;
  sentiment_version: string;
}): MentionSentimentDetail {
  return {
    score: row.sentiment_score,
    label: row.sentiment_label as SentimentLabel,
    scorerScore: row.scorer_score ?? row.sentiment_score,
    scorerLabel: (row.scorer_label ?? row.sentiment_label) as SentimentLabel,
    manualLabel: (row.manual_label as SentimentLabel | null) ?? null,
    manualLabelAt: row.manual_label_at,
    explanation: parseExplanation(row.sentiment_explanation),
    version: row.sentiment_version,
  };
}

export function parseExplanation(json: string): ExplanationEntry[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as ExplanationEntry[]) : [];
  } catch {
    return [];
  }
}

/** How many mentions are still stale (for reports and the dashboard). */
export async function countStaleByVersion(db: Db, version: string): Promise<number> {
  const row = await db
    .selectFrom('mentions')
    .select(sql<number>`count(*)`.as('n'))
    .where('sentiment_version', '!=', version)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
