import { describe, expect, it } from 'vitest';
import { BUCKET_MS } from '../../src/domain/bucket';
import type { MentionDraft } from '../../src/domain/mention';
import { BoundParameterLimitError } from '../../src/storage/bound-parameter-limit';
import { listTopicBuckets } from '../../src/storage/bucket-store';
import { bucketTimeFor, insertMentions, listMentions, recountPendingBuckets, type ScoredDraft } from '../../src/storage/mention-store';
import { createSource } from '../../src/storage/source-store';
import { createTopic } from '../../src/storage/topic-store';
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
