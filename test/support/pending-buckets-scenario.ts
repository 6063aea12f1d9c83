// Buckets waiting for a recount, as a big re-score or a repair leaves them: every link uncounted (some
// still holding the claim of a recount that crashed) and no bucket stored. For the tests that recount
// them within a statement budget, on better-sqlite3 and on D1.
import { BUCKET_MS } from '../../src/domain/bucket';
import type { Db } from '../../src/storage/database';
import { insertMentions, type ScoredDraft } from '../../src/storage/mention-store';
import { createSource } from '../../src/storage/source-store';
import { createTopic } from '../../src/storage/topic-store';
import { snapshotPurgeState, type PurgeSnapshot } from './purge-scenario';

export const PENDING_T0 = Date.UTC(2026, 10, 30, 12, 0, 0);

const LABELS = ['negative', 'positive', 'neutral'] as const;

/**
 * `buckets` pending buckets over two topics, one or two mentions each, of every label, scored by
 * `version`. Returns the buckets as an uninterrupted recount leaves them.
 */
export async function seedPendingBuckets(db: Db, buckets: number, version = 't'): Promise<PurgeSnapshot['buckets']> {
  const a = (await createTopic(db, { name: 'pending a', query: 'pendinga' }, PENDING_T0))!.id;
  const b = (await createTopic(db, { name: 'pending b', query: 'pendingb' }, PENDING_T0))!.id;
  const source = (await createSource(db, { kind: 'rss', url: 'https://pending.example/feed' }, PENDING_T0))!.id;
  const mention = (key: string, i: number, topicId: number, labelAt = i): ScoredDraft => {
    const label = LABELS[labelAt % LABELS.length]!;
    const score = label === 'negative' ? -0.5 : label === 'positive' ? 0.5 : 0;
    // Items 2k and 2k+1 share five minutes, one per topic: each item its own (topic, bucket).
    const publishedAt = PENDING_T0 - Math.floor(i / 2) * BUCKET_MS;
    return {
      draft: { dedupKey: key, url: null, author: null, title: null, text: `post ${key}`, publishedAt },
      sentiment: { score, label, explanation: [], version },
      topicIds: [topicId],
    };
  };
  const items: ScoredDraft[] = [];
  for (let i = 0; i < buckets; i += 1) {
    const topicId = i % 2 === 0 ? a : b;
    items.push(mention(`m${i}`, i, topicId));
    if (i % 3 === 0) items.push(mention(`m${i}-again`, i, topicId, i + 1));
  }
  await insertMentions(db, source, items, PENDING_T0);
  const expected = (await snapshotPurgeState(db)).buckets;
  await db.deleteFrom('topic_buckets').execute();
  await db.updateTable('mention_topics').set({ counted: 0 }).execute();
  // A recount that crashed after its claim left its own mark on these: still uncounted.
  await db.updateTable('mention_topics').set({ counted: -7 }).where('topic_id', '=', b).execute();
  return expected;
}

/** Links not yet counted in their bucket. */
export async function countPendingLinks(db: Db): Promise<number> {
  return (await db.selectFrom('mention_topics').select('mention_id').where('counted', '<', 1).execute()).length;
}

/** The stored buckets that hold a link marked counted: each must be as a full recount computes it. */
export async function listBucketsOfCountedLinks(db: Db): Promise<PurgeSnapshot['buckets']> {
  const counted = await db.selectFrom('mention_topics').select(['topic_id', 'bucket_at']).where('counted', '=', 1).execute();
  const keys = new Set(counted.map((l) => `${l.topic_id}:${l.bucket_at - (l.bucket_at % BUCKET_MS)}`));
  return (await snapshotPurgeState(db)).buckets.filter((bucket) => keys.has(`${bucket.topic_id}:${bucket.bucket_start}`));
}
