import { sql, type Kysely } from 'kysely';
import { addColumnIfMissing } from './add-column-if-missing';

// Frozen once shipped. Mean sentiment and engagement per topic bucket (issue 6): each mention keeps
// its engagement as one number (engagementTotal in src/domain/mention.ts), and a bucket keeps how
// many of its counted mentions were scored, the sum of their engagement and how many had any, so
// "unknown" stays apart from 0. Both backfills recompute from stored rows (as the bucket recount
// does), so running them twice, or after a crash halfway, gives the same result.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Null = the source reported no engagement for this mention.
  await addColumnIfMissing(db, 'mentions', 'engagement_total', 'real');
  const bucketColumns: Array<[string, string]> = [
    // Counted mentions whose sentiment is not `unscored`: the denominator of the mean sentiment.
    ['scored', 'integer not null default 0'],
    ['engagement_sum', 'real not null default 0'],
    // Counted mentions with a known engagement: the denominator of engagement per mention.
    ['engagement_known', 'integer not null default 0'],
  ];
  for (const [name, type] of bucketColumns) await addColumnIfMissing(db, 'topic_buckets', name, type);

  // engagementTotal as it was written here: the reported fields added up, null when none is reported.
  const fields = ['likes', 'reposts', 'replies', 'score'].map((name) => `json_extract(engagement, '$.${name}')`);
  const total = `case when coalesce(${fields.join(', ')}) is null then null else ${fields.map((f) => `coalesce(${f}, 0)`).join(' + ')} end`;
  await sql
    .raw(`update mentions set engagement_total = ${total} where engagement is not null and json_valid(engagement) and engagement_total is null`)
    .execute(db);

  // The bucket recount of src/storage/mention-store.ts for the new columns, in one statement for
  // every stored bucket (300000 ms = the 5-minute bucket). Duplicates of a story do not count.
  const counted = (what: string, extra = '') =>
    `(select ${what} from mention_topics mt join mentions m on m.id = mt.mention_id where mt.topic_id = topic_buckets.topic_id` +
    ` and mt.bucket_at >= topic_buckets.bucket_start and mt.bucket_at < topic_buckets.bucket_start + 300000 and mt.duplicate_of is null${extra})`;
  const scored = counted('count(*)', " and m.sentiment_label != 'unscored'");
  const sum = counted('coalesce(sum(m.engagement_total), 0)');
  const known = counted('count(m.engagement_total)');
  await sql.raw(`update topic_buckets set scored = ${scored}, engagement_sum = ${sum}, engagement_known = ${known}`).execute(db);
}
