import { describe, expect, it } from 'vitest';
import { BUCKET_MS } from '../../src/domain/bucket';
import type { MentionDraft } from '../../src/domain/mention';
import { BoundParameterLimitError } from '../../src/storage/bound-parameter-limit';
import { recountPendingBuckets } from '../../src/storage/bucket-recount';
import { listTopicBuckets } from '../../src/storage/bucket-store';
import { bucketTimeFor, insertMentions, listMentions, type ScoredDraft } from '../../src/storage/mention-store';
import { createSource } from '../../src/storage/source-store';
import { createTopic } from '../../src/storage/topic-store';
import { recordingStatements } from '../support/statements-sent';
import { countPendingLinks, seedPendingBuckets } from '../support/pending-buckets-scenario';
import { snapshotPurgeState } from '../support/purge-scenario';
import { createTestDb } from '../support/test-db';

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);

function scored(key: string, label: 'negative' | 'positive' | 'neutral', topicIds: number[], publishedAt: number | null = T0): ScoredDraft {
  const draft: MentionDraft = { dedupKey: key, url: `https://blog.example/${key}`, author: null, title: key, text: `text ${key}`, publishedAt };
  const score = label === 'negative' ? -0.6 : label === 'positive' ? 0.6 : 0;
  return { draft, sentiment: { score, label, explanation: [], version: 't' }, topicIds };
}

async function setup() {
  const db = await createTestDb();
  const a = (await createTopic(db, { name: 'a', query: 'a' }, T0))!;
  const b = (await createTopic(db, { name: 'b', query: 'b' }, T0))!;
  const source = (await createSource(db, { kind: 'rss', url: 'https://blog.example/feed' }, T0))!;
  return { db, a, b, source };
}

describe('insertMentions', () => {
  it('stores a mention once, linked to every topic it matches, and keeps buckets current', async () => {
    const { db, a, b, source } = await setup();
    const items = [scored('1', 'negative', [a.id, b.id]), scored('2', 'positive', [a.id]), scored('3', 'neutral', [])];
    const first = await insertMentions(db, source.id, items, T0);
    expect(first.inserted).toBe(2);
    expect(first.touchedTopicIds.sort()).toEqual([a.id, b.id].sort());
    const second = await insertMentions(db, source.id, items, T0 + 1000);
    expect(second.inserted).toBe(0);
    const [bucketA] = await listTopicBuckets(db, a.id, T0, T0 + BUCKET_MS);
    expect(bucketA).toMatchObject({ count: 2, negative: 1, positive: 1 });
    const [bucketB] = await listTopicBuckets(db, b.id, T0, T0 + BUCKET_MS);
    expect(bucketB).toMatchObject({ count: 1, negative: 1, positive: 0 });
  });

  it.each([
    ['a Slack channel ping', '!channel', null],
    ['a script', 'javascript:alert(document.cookie)', null],
    ['a relative path', '/t/1', null],
    ['a URL with a line break and spaces', ' https://blog.example/a\n[Reset your password](https://evil.example/x ', 'https://blog.example/a[Reset%20your%20password](https://evil.example/x'],
    ['an upper-case scheme and host', 'HTTPS://Blog.Example/Post', 'https://blog.example/Post'],
  ])('stores a link only when it is http(s), as the URL parser writes it: %s', async (_case, url, stored) => {
    const { db, a, source } = await setup();
    const item = scored('1', 'negative', [a.id]);
    await insertMentions(db, source.id, [{ ...item, draft: { ...item.draft, url } }], T0);
    const { mentions } = await listMentions(db, { limit: 10 });
    expect(mentions.map((m) => m.url)).toEqual([stored]);
  });

  it('repairs links and buckets lost in a crash between the mention row and its bucket', async () => {
    const { db, a, source } = await setup();
    await insertMentions(db, source.id, [scored('1', 'negative', [a.id])], T0);
    // Simulate the crash: the bucket row never got written and the link was never counted.
    await db.deleteFrom('topic_buckets').execute();
    await db.updateTable('mention_topics').set({ counted: 0 }).execute();
    await recountPendingBuckets(db);
    const [bucket] = await listTopicBuckets(db, a.id, T0, T0 + BUCKET_MS);
    expect(bucket).toMatchObject({ count: 1, negative: 1 });
  });

  // A big re-score or a repair leaves buckets pending. On a Worker the re-score step recounts them within its
  // budget: a crawl that took them on was cut off at its statement cap and recorded as too large.
  it.each([
    { name: 'on a Worker, none of the buckets others left, and no statement for them', recountStatements: 0, statements: 7, pendingLeft: true },
    { name: 'on Node, every one of them', recountStatements: undefined, statements: 7 + 1 + 40 * 3, pendingLeft: false },
  ])('counts what a crawl stored, with 40 buckets pending: $name', async ({ recountStatements, statements, pendingLeft }) => {
    const { db, a, source } = await setup();
    const expected = await seedPendingBuckets(db, 40);
    const recording = recordingStatements(db);
    const result = await insertMentions(recording.db, source.id, [scored('new', 'negative', [a.id])], T0, { recountStatements });
    expect(result.touchedTopicIds).toContain(a.id);
    expect(await listTopicBuckets(db, a.id, T0, T0 + BUCKET_MS)).toMatchObject([{ count: 1, negative: 1 }]);
    // Look-up, mention, link, the overrides reopening (reopenOverridesRescore), its bucket's recount (3); then, on
    // Node, the look-up of what is pending and 3 a bucket.
    expect(recording.sent().length).toBe(statements);
    expect((await countPendingLinks(db)) > 0).toBe(pendingLeft);
    if (!pendingLeft) expect((await snapshotPurgeState(db)).buckets.filter((b) => b.topic_id !== a.id)).toEqual(expected);
  });

  // An undated item counts when it was first fetched; a later fetch that links it must not move it.
  it.each([
    { name: 'links lost in a crash, restored by the next fetch', crash: true, topics: (a: number) => [a] },
    { name: 'a topic it starts to match later', crash: false, topics: (a: number, b: number) => [a, b] },
  ])('links a stored undated mention at the time it counts at: $name', async ({ crash, topics }) => {
    const { db, a, b, source } = await setup();
    await insertMentions(db, source.id, [scored('1', 'negative', [a.id], null)], T0);
    if (crash) await db.deleteFrom('mention_topics').execute();
    const later = T0 + 3_600_000;
    await insertMentions(db, source.id, [scored('1', 'negative', topics(a.id, b.id), null)], later);
    const links = await db.selectFrom('mention_topics').select(['topic_id', 'bucket_at']).orderBy('topic_id').execute();
    expect(links.map((l) => l.bucket_at)).toEqual(topics(a.id, b.id).map(() => T0));
    for (const topicId of topics(a.id, b.id)) {
      expect((await listTopicBuckets(db, topicId, T0, later + BUCKET_MS)).filter((bucket) => bucket.count > 0).map((bucket) => bucket.bucketStart)).toEqual([T0]);
    }
  });

  it('counts late items at their published time and future dates at fetch time', async () => {
    expect(bucketTimeFor(T0 - 3 * 86_400_000, T0)).toBe(T0 - 3 * 86_400_000);
    expect(bucketTimeFor(T0 + 86_400_000, T0)).toBe(T0);
    expect(bucketTimeFor(null, T0)).toBe(T0);
    // A placeholder date (epoch 0, year 1) is no date: it counts when fetched.
    expect(bucketTimeFor(0, T0)).toBe(T0);
    expect(bucketTimeFor(Date.UTC(1, 0, 1), T0)).toBe(T0);
    expect(bucketTimeFor(Date.UTC(2003, 5, 1), T0)).toBe(Date.UTC(2003, 5, 1));
  });

  it.each([
    { name: 'a placeholder date (epoch 0) as unknown', stated: 0, stored: null },
    { name: 'a date in year 9999 as unknown', stated: Date.UTC(9999, 11, 31), stored: null },
    { name: 'a date an hour ahead (clock skew, local time as UTC) as stated', stated: T0 + 3_600_000, stored: T0 + 3_600_000 },
    { name: 'a date in the past as stated', stated: T0 - 3_600_000, stored: T0 - 3_600_000 },
  ])('stores $name, and counts the mention at its time or else when it was fetched', async ({ stated, stored }) => {
    const { db, a, source } = await setup();
    await insertMentions(db, source.id, [scored('1', 'negative', [a.id], stated)], T0);
    const { mentions } = await listMentions(db, { limit: 10 });
    const at = stored === null || stored > T0 ? T0 : stored;
    expect(mentions.map((m) => [m.publishedAt, m.bucketAt])).toEqual([[stored, at - (at % BUCKET_MS)]]);
  });

  it('skips items already stored and linked with one look-up per chunk, but links a newly matching topic', async () => {
    const { db, a, b, source } = await setup();
    const items = Array.from({ length: 150 }, (_, i) => scored(`k${i}`, 'neutral', [a.id]));
    await insertMentions(db, source.id, items, T0);
    let statements = 0;
    const counting = db.withPlugin({
      transformQuery: (args) => ((statements += 1), args.node),
      transformResult: async (args) => args.result,
    });
    const again = await insertMentions(counting, source.id, items, T0 + 1000);
    expect(again.inserted).toBe(0);
    // Two chunked look-ups for 150 keys and the pending-bucket check; no per-item statements.
    expect(statements).toBeLessThanOrEqual(3);
    const widened = await insertMentions(db, source.id, [scored('k0', 'neutral', [a.id, b.id])], T0 + 2000);
    expect(widened.touchedTopicIds).toEqual([b.id]);
  });

  it('counts one story seen through two sources once in the topic buckets', async () => {
    const { db, a, source } = await setup();
    const hn = (await createSource(db, { kind: 'rss', url: 'https://hn.example/rss' }, T0))!;
    const blog = scored('post', 'negative', [a.id]);
    blog.draft.url = 'https://www.blog.example/acme-recall?utm_source=rss#comments';
    const submission = scored('hn-1', 'negative', [a.id]);
    submission.draft.url = 'https://blog.example/acme-recall';
    await insertMentions(db, source.id, [blog], T0);
    await insertMentions(db, hn.id, [submission], T0);
    await insertMentions(db, hn.id, [submission], T0);
    const [bucket] = await listTopicBuckets(db, a.id, T0, T0 + BUCKET_MS);
    expect(bucket).toMatchObject({ count: 1, negative: 1 });
    expect((await listMentions(db, { topicId: a.id, limit: 10 })).mentions).toHaveLength(2);
  });

  it.each([
    ['both link the front page', 'https://www.acme.example/', 'https://acme.example', 2],
    ['both link the front page with a query', 'https://acme.example/?p=42', 'https://acme.example/?p=42&utm_source=x', 1],
    ['both link one post', 'https://acme.example/news/recall', 'https://www.acme.example/news/recall/', 1],
  ])('counts two posts that %s (%s, %s) as %i stor(ies)', async (_case, first, second, count) => {
    const { db, a, source } = await setup();
    const forum = (await createSource(db, { kind: 'rss', url: 'https://forum.example/rss' }, T0))!;
    const one = scored('one', 'negative', [a.id]);
    one.draft.url = first;
    const other = scored('other', 'negative', [a.id]);
    other.draft.url = second;
    await insertMentions(db, source.id, [one], T0);
    await insertMentions(db, forum.id, [other], T0);
    const [bucket] = await listTopicBuckets(db, a.id, T0, T0 + BUCKET_MS);
    expect(bucket).toMatchObject({ count, negative: count });
  });

  const post = (key: string, change: Partial<MentionDraft> = {}): ScoredDraft => {
    const item = scored(key, 'negative', [1]);
    return { ...item, draft: { ...item.draft, url: 'https://forum.example/t/lid-snapped/812', title: 'Lid snapped', text: 'The hinge snapped on day seven.', ...change } };
  };
  it.each([
    { name: 'the same link, title and text: the same post', again: post('render-2'), stored: 1 },
    { name: 'the same post from a source whose keys never change (a platform id): a new post', again: post('render-2'), stored: 2, keysMayChange: false },
    { name: 'another title (an aggregator item linking the same thread)', again: post('render-2', { title: 'Lid thread' }), stored: 2 },
    { name: 'another text (an edited post)', again: post('render-2', { text: 'The hinge snapped on day eight.' }), stored: 2 },
    { name: 'the link written another way, with a tracking parameter minted per render', again: post('render-2', { url: 'https://www.forum.example/t/lid-snapped/812/?utm_source=rss&utm_campaign=1764496800' }), stored: 1 },
    { name: 'another page', again: post('render-2', { url: 'https://forum.example/t/lid-snapped/813' }), stored: 2 },
    { name: 'a link to a front page (no story to look it up by)', first: { url: 'https://forum.example/' }, again: post('render-2', { url: 'https://forum.example/' }), stored: 2 },
  ])('takes an item with a new key as a stored post of its source when its keys may change: $name', async ({ first, again, stored, keysMayChange }) => {
    const { db, a, source } = await setup();
    const withTopic = (item: ScoredDraft): ScoredDraft => ({ ...item, topicIds: [a.id] });
    await insertMentions(db, source.id, [withTopic(post('render-1', first))], T0, { keysMayChange: true });
    const result = await insertMentions(db, source.id, [withTopic(again)], T0 + 900_000, { keysMayChange: keysMayChange ?? true });
    expect(result.inserted).toBe(stored - 1);
    expect((await listMentions(db, { topicId: a.id, limit: 10 })).mentions).toHaveLength(stored);
  });

  it('matches re-rendered posts one to one: two identical posts stay two, and one another source stored is not taken', async () => {
    const { db, a, b, source } = await setup();
    const other = (await createSource(db, { kind: 'rss', url: 'https://mirror.example/rss' }, T0))!;
    const twin = (key: string, topicIds = [a.id]): ScoredDraft => ({ ...post(key), topicIds });
    const options = { keysMayChange: true };
    await insertMentions(db, other.id, [twin('mirror-1')], T0, options);
    expect(await insertMentions(db, source.id, [twin('r1-a'), twin('r1-b')], T0, options)).toMatchObject({ inserted: 2 });
    // Next render: one of the two keeps its guid, the other gets a new one, and a third copy appears.
    expect(await insertMentions(db, source.id, [twin('r1-a'), twin('r2-b'), twin('r2-c')], T0 + 900_000, options)).toMatchObject({ inserted: 1 });
    expect(await insertMentions(db, source.id, [twin('r3-a'), twin('r3-b'), twin('r3-c')], T0 + 1_800_000, options)).toMatchObject({ inserted: 0 });
    // A topic that starts matching the post links the stored mention, under its stored key.
    const widened = await insertMentions(db, source.id, [twin('r4-a', [a.id, b.id])], T0 + 2_700_000, options);
    expect(widened).toMatchObject({ inserted: 0, touchedTopicIds: [b.id] });
    expect((await listMentions(db, { topicId: b.id, limit: 10 })).mentions.map((m) => m.id)).toHaveLength(1);
  });

  it('pages mentions newest first without gaps or repeats', async () => {
    const { db, a, source } = await setup();
    const items = Array.from({ length: 25 }, (_, i) => scored(`m${i}`, 'neutral', [a.id], T0 - (i % 7) * 60_000));
    await insertMentions(db, source.id, items, T0);
    const seen: number[] = [];
    let after: { bucketAt: number; id: number } | undefined;
    for (let page = 0; page < 10; page += 1) {
      const result = await listMentions(db, { topicId: a.id, limit: 10, after });
      seen.push(...result.mentions.map((m) => m.id));
      if (!result.next) break;
      after = result.next;
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
  });

  it('refuses a statement over D1’s 100 bound parameters on Node too', async () => {
    const { db } = await setup();
    const ids = Array.from({ length: 101 }, (_, i) => i);
    await expect(db.selectFrom('mentions').selectAll().where('id', 'in', ids).execute()).rejects.toThrow(BoundParameterLimitError);
  });
});
