import { sql, type Kysely } from 'kysely';

// Frozen once shipped. Until the race fixes of 2 December 2026 (linkToTopics and recountBucket in
// src/storage/mention-store.ts, repointRepeats in source-purge-store.ts), crawls and purges running at
// once could leave a topic with two first links for one story, both counted (a bucket one too many), or
// a link marked counted that its bucket never counted (one short for good). The code no longer does
// either; these statements repair what it left, and change nothing in a database it never hit:
// 1. a first link (duplicate_of null) of a story whose topic has one of a lower mention id repeats that
//    one instead: the rule of selectStoryFirstLink (story-first-link.ts), written out here so that this
//    file stays as it is if the rule changes. It is marked uncounted (counted 0), so the next
//    recountPendingBuckets recomputes its bucket without it;
// 2. links that repeated such a link repeat the story's first instead, as a purge re-points repeats
//    (links a purge has marked, duplicate_of -1, are the purge's to re-point, and are left alone);
// 3. every link of a bucket whose stored count is not the count of its links that count is marked
//    uncounted, for that recount. Only count is compared: a lost or doubled link always changes it, a
//    doubled link hiding a lost one in the same bucket was marked by 1, and sentiment_sum, a float
//    summed in whatever order a plan reads, would not compare equal reliably. Topics being deleted are
//    left out: their purge deletes their buckets, which a recount would write again.
// The numbers themselves are left to the recount every crawl runs, so a bucket has one rule for them.
// Marking every link uncounted instead would need no comparison, but would write every row of the
// biggest table and have the next crawls recount every bucket, 5000 links at a time.
// A second run finds nothing left to change, so a crash anywhere, or two runtimes migrating at once,
// ends as one run does. SQL only, no bound parameters: `npm run d1:migrations` writes it out for wrangler.
// Cost, for D1's 30 s per statement (300000 ms = the 5-minute bucket): 1 reads every link (no index
// holds a null duplicate_of: the partial index has only repeats), with its mention by primary key and
// the lower ids of its story through mentions_canonical_url; 2 reads only the repeats, through
// mention_topics_duplicate_of, each one's target by primary key; 3 reads every bucket once, counting its
// links through mention_topics_timeline. On better-sqlite3 with 1M links, 280k buckets and 1000 of each
// kind of damage: 0.9 s, 0.1 s and 0.6 s (2 Dec 2026, one core of the machine the tests run on).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `update mention_topics set counted = 0, duplicate_of = (
        select c.mention_id from mention_topics c join mentions cm on cm.id = c.mention_id
        where c.topic_id = mention_topics.topic_id and c.duplicate_of is null
          and cm.canonical_url = (select m.canonical_url from mentions m where m.id = mention_topics.mention_id)
        order by cm.id limit 1)
      where duplicate_of is null and exists (
        select 1 from mentions m
          join mentions cm on cm.canonical_url = m.canonical_url and cm.id < m.id
          join mention_topics c on c.mention_id = cm.id and c.topic_id = mention_topics.topic_id and c.duplicate_of is null
        where m.id = mention_topics.mention_id)`,
    )
    .execute(db);
  const target = `select f.duplicate_of from mention_topics f where f.mention_id = mention_topics.duplicate_of and f.topic_id = mention_topics.topic_id`;
  await sql.raw(`update mention_topics set duplicate_of = (${target}) where duplicate_of > 0 and exists (${target} and f.duplicate_of > 0)`).execute(db);
  await sql
    .raw(
      `update mention_topics set counted = 0 where counted = 1 and rowid in (
        select x.rowid from topic_buckets b
          join topics t on t.id = b.topic_id and t.delete_requested_at is null
          join mention_topics x on x.topic_id = b.topic_id and x.bucket_at >= b.bucket_start and x.bucket_at < b.bucket_start + 300000
        where b.count != (select count(*) from mention_topics l where l.topic_id = b.topic_id
          and l.bucket_at >= b.bucket_start and l.bucket_at < b.bucket_start + 300000 and l.duplicate_of is null))`,
    )
    .execute(db);
}
