import type { Kysely } from 'kysely';
import { addColumnIfMissing } from './add-column-if-missing';

// Frozen once shipped. Sentiment corrections (issue 5): per-topic lexicon overrides, a manual
// label per mention that wins over the scorer, and what the re-score job needs to know which
// mentions are stale. Columns that exist already (a racing runtime migrated first) are skipped.
export async function up(db: Kysely<unknown>): Promise<void> {
  const topicColumns: Array<[string, string]> = [
    // JSON object word/phrase → AFINN-style weight; '{}' = no overrides.
    ['lexicon_overrides', "text not null default '{}'"],
    // When the overrides last changed: mentions scored before this are re-scored.
    ['overrides_updated_at', 'integer not null default 0'],
  ];
  for (const [name, type] of topicColumns) await addColumnIfMissing(db, 'topics', name, type);

  const mentionColumns: Array<[string, string]> = [
    // The scorer's own output; sentiment_score/sentiment_label hold what counts (a manual label wins).
    // Null on rows from before this migration and on fresh inserts: then they equal sentiment_*.
    ['scorer_score', 'real'],
    ['scorer_label', 'text'],
    // A person's label: positive, negative, neutral or unscored. Kept when the scorer changes.
    ['manual_label', 'text'],
    ['manual_label_at', 'integer'],
    // When the stored sentiment was computed; 0 = at insert, by the crawl.
    ['sentiment_scored_at', 'integer not null default 0'],
  ];
  for (const [name, type] of mentionColumns) await addColumnIfMissing(db, 'mentions', name, type);
  await db.schema.createIndex('mentions_sentiment_version').ifNotExists().on('mentions').columns(['sentiment_version', 'id']).execute();
}
