import { beforeAll, describe, expect, it } from 'vitest';
import { BUCKET_MS } from '../../src/domain/bucket';
import type { SentimentLabel } from '../../src/domain/mention';
import { requestTopicDeletion } from '../../src/storage/topic-purge-store';
import { createTestApi, seedMentions, T0, type TestApi } from './api-test-app';

const labels: SentimentLabel[] = ['negative', 'neutral', 'positive'];
let api: TestApi;

// 60 mentions: every third label, spread over 20 buckets with three mentions sharing each bucket
// (so pages must break ties on id), even ones about topic 1, odd ones about topic 2, some about both.
beforeAll(async () => {
  api = await createTestApi();
  await api.call('POST', '/api/topics', { name: 'Acme', query: 'acme' });
  await api.call('POST', '/api/topics', { name: 'Globex', query: 'globex' });
  const source = await api.call('POST', '/api/sources', { kind: 'rss', url: 'https://blog.example/feed' });
  await seedMentions(
    api.db,
    source.json.id,
    Array.from({ length: 60 }, (_, i) => ({
      key: `m${i}`,
      label: labels[i % 3]!,
      topicIds: i % 10 === 0 ? [1, 2] : [i % 2 === 0 ? 1 : 2],
      at: T0 + Math.floor(i / 3) * BUCKET_MS,
    })),
  );
});

async function collect(query: string, limit: number): Promise<{ ids: number[]; pages: number }> {
  const ids: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = query ? '&' : '';
    const response = await api.call('GET', `/api/mentions?${query}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(response.status).toBe(200);
    expect(response.json.mentions.length).toBeLessThanOrEqual(limit);
    ids.push(...response.json.mentions.map((m: { id: number }) => m.id));
    cursor = response.json.nextCursor;
    if (cursor !== null) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    pages += 1;
  } while (cursor !== null && pages < 100);
  return { ids, pages };
}

describe('GET /api/mentions', () => {
  it('answers camelCase mentions, newest first, with their topics', async () => {
    const { json } = await api.call('GET', '/api/mentions?limit=2');
    expect(json.mentions[0]).toMatchObject({
      id: 60,
      sourceId: 1,
      title: 'post m59',
      text: 'text of m59',
      url: 'https://blog.example/m59',
      publishedAt: T0 + 19 * BUCKET_MS,
      bucketAt: T0 + 19 * BUCKET_MS,
      sentimentScore: 0.5,
      sentimentLabel: 'positive',
      topicIds: [2],
    });
    expect(json.mentions[1].id).toBe(59);
  });

  it.each([
    ['pages of 7 over everything', '', 7, 60, 9],
    ['pages of 1 over everything', '', 1, 60, 60],
    ['one page of 100', '', 100, 60, 1],
    ['exactly full pages end without an empty page', '', 20, 60, 3],
    ['a topic', 'topic=1', 4, 30, 8],
    ['a topic shared with another', 'topic=2', 4, 36, 9],
    ['a sentiment', 'sentiment=negative', 6, 20, 4],
    ['a topic and a sentiment', 'topic=2&sentiment=positive', 3, 12, 4],
  ])('%s: no duplicates, no gaps', async (_name, query, limit, expected, pages) => {
    const all = await collect(query, limit);
    expect(all.ids).toHaveLength(expected);
    expect(new Set(all.ids).size).toBe(expected);
    expect(all.pages).toBe(pages);
    const single = await collect(query, 100);
    expect(all.ids).toEqual(single.ids);
  });

  it.each([
    ['epoch milliseconds', `from=${T0 + 5 * BUCKET_MS}&to=${T0 + 7 * BUCKET_MS}`, 6],
    ['ISO dates with a zone', `from=${new Date(T0 + 5 * BUCKET_MS).toISOString()}&to=${new Date(T0 + 7 * BUCKET_MS).toISOString()}`, 6],
    ['ISO with an offset', `from=${encodeURIComponent('2026-11-30T13:25:00+01:00')}&to=${encodeURIComponent('2026-11-30T13:35:00+01:00')}`, 6],
    ['only from', `from=${T0 + 18 * BUCKET_MS}`, 6],
    ['only to', `to=${T0 + BUCKET_MS}`, 3],
    ['whole days', `from=2026-11-30&to=2026-12-01`, 60],
    ['a range before everything', `to=2026-01-01`, 0],
  ])('filters by time: %s', async (_name, query, expected) => {
    const { status, json } = await api.call('GET', `/api/mentions?${query}&limit=100`);
    expect(status).toBe(200);
    expect(json.mentions).toHaveLength(expected);
  });

  it('a topic that does not exist has no mentions', async () => {
    expect((await api.call('GET', '/api/mentions?topic=999')).json).toEqual({ mentions: [], nextCursor: null });
  });

  it('keeps pages stable when newer mentions arrive between pages', async () => {
    const first = await api.call('GET', '/api/mentions?topic=2&limit=5');
    await seedMentions(api.db, 1, [{ key: 'late', label: 'negative', topicIds: [2], at: T0 + 100 * BUCKET_MS }]);
    const rest = await collect(`topic=2&cursor=${first.json.nextCursor}`, 50);
    const ids = [...first.json.mentions.map((m: { id: number }) => m.id), ...rest.ids];
    expect(new Set(ids).size).toBe(36);
    expect(ids).not.toContain(61);
  });
});

describe('GET /api/mentions while a topic is being deleted', () => {
  it('shows no mention only that topic links, and no longer names it on the mentions it shares', async () => {
    const own = await createTestApi();
    await own.call('POST', '/api/topics', { name: 'Acme', query: 'acme' });
    await own.call('POST', '/api/topics', { name: 'Globex', query: 'globex' });
    const source = await own.call('POST', '/api/sources', { kind: 'rss', url: 'https://blog.example/feed' });
    await seedMentions(own.db, source.json.id, [
      { key: 'acme-only', label: 'negative', topicIds: [1], at: T0 },
      { key: 'both', label: 'neutral', topicIds: [1, 2], at: T0 + BUCKET_MS },
      { key: 'globex-only', label: 'positive', topicIds: [2], at: T0 + 2 * BUCKET_MS },
    ]);
    // What DELETE leaves while the topic's purge is still running (202).
    await requestTopicDeletion(own.db, 1, T0);
    const all = (await own.call('GET', '/api/mentions')).json.mentions as Array<{ topicIds: number[] }>;
    expect(all.map((m) => m.topicIds)).toEqual([[2], [2]]);
    expect((await own.call('GET', '/api/mentions?topic=1')).json.mentions).toEqual([]);
    expect((await own.call('GET', '/api/mentions?topic=2')).json.mentions).toHaveLength(2);
  });
});
