import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/storage/database';
import { recountPendingBuckets } from '../../src/storage/bucket-recount';
import { migrateToLatest, migrations } from '../../src/storage/migrate';
import { requestTopicDeletion } from '../../src/storage/topic-purge-store';
import { seedPurgeScenario } from '../support/purge-scenario';
import { openBefore0014, readBucketCounts, REPAIR_MIGRATION as NAME, repairedBucketCounts, seedStoryCountDamage, snapshotCounts } from '../support/story-count-damage';

async function runAgain(db: Db): Promise<void> {
  await migrations.find(([name]) => name === NAME)![1].up(db as unknown as Kysely<unknown>);
}

describe(`migration ${NAME}`, () => {
  it('makes a story two links counted count once and a bucket left one short count all, through the next recount', async () => {
    const db = await openBefore0014();
    const damage = await seedStoryCountDamage(db);
    const { acme, bolt, blogStory, hnStory, forumStory } = damage;
    expect(await readBucketCounts(db)).toEqual([
      { topic_id: acme, bucket: 0, count: 1, negative: 1 },
      { topic_id: acme, bucket: 1, count: 1, negative: 1 },
      { topic_id: acme, bucket: 2, count: 1, negative: 0 },
      { topic_id: bolt, bucket: 1, count: 1, negative: 1 },
    ]);
    expect((await migrateToLatest(db, 1)).applied).toEqual([NAME]);
    await recountPendingBuckets(db);
    expect(await readBucketCounts(db)).toEqual(repairedBucketCounts(damage));
    // Every repeat of the story points at its first link, the blog's, as a purge leaves them; bolt's stays its own first.
    const links = await db.selectFrom('mention_topics').select(['mention_id', 'topic_id', 'duplicate_of', 'counted']).where('mention_id', 'in', [blogStory, hnStory, forumStory]).orderBy('topic_id').orderBy('mention_id').execute();
    expect(links).toEqual([
      { mention_id: blogStory, topic_id: acme, duplicate_of: null, counted: 1 },
      { mention_id: hnStory, topic_id: acme, duplicate_of: blogStory, counted: 1 },
      { mention_id: forumStory, topic_id: acme, duplicate_of: blogStory, counted: 1 },
      { mention_id: hnStory, topic_id: bolt, duplicate_of: null, counted: 1 },
    ]);
    // Run again (a second runtime, a crash before its bookkeeping): nothing more to change.
    const repaired = await snapshotCounts(db);
    await runAgain(db);
    expect(await snapshotCounts(db)).toEqual(repaired);
    await db.destroy();
  });

  it.each([
    { name: 'shared stories in two topics', seed: async (db: Db) => void (await seedPurgeScenario(db)) },
    {
      name: 'a topic being deleted, its buckets wrong',
      seed: async (db: Db) => {
        const { topicB } = await seedPurgeScenario(db);
        await requestTopicDeletion(db, topicB, 1);
        // Its purge deletes its buckets: a recount would write one again, and it needs no repair.
        await db.updateTable('topic_buckets').set({ count: 0 }).where('topic_id', '=', topicB).execute();
      },
    },
    { name: 'an empty database', seed: async () => {} },
  ])('leaves a database the races never hit as it was: $name', async ({ seed }) => {
    const db = await openBefore0014();
    await seed(db);
    const before = await snapshotCounts(db);
    expect((await migrateToLatest(db, 1)).applied).toEqual([NAME]);
    expect(await snapshotCounts(db)).toEqual(before);
    await db.destroy();
  });
});
