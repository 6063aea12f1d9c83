import { beforeAll, describe, expect, it } from 'vitest';
import { BUCKET_MS } from '../../src/domain/bucket';
import { createTestApi, seedMentions, T0, type TestApi } from './api-test-app';

const HOUR = 3600_000;
let api: TestApi;

beforeAll(async () => {
  api = await createTestApi();
  await api.call('POST', '/api/topics', { name: 'Acme', query: 'acme' });
  await api.call('POST', '/api/topics', { name: 'Quiet', query: 'quiet' });
  await api.call('POST', '/api/sources', { kind: 'rss', url: 'https://blog.example/feed' });
  await seedMentions(api.db, 1, [
    { key: 'a', label: 'negative', topicIds: [1], at: T0 },
    { key: 'b', label: 'negative', topicIds: [1], at: T0 + 60_000 },
    { key: 'c', label: 'positive', topicIds: [1], at: T0 + BUCKET_MS },
    // Text the scorer cannot read: counted, but not in the mean sentiment (0.5, not 0.25).
    { key: 'e', label: 'unscored', topicIds: [1], at: T0 + BUCKET_MS + 1 },
    { key: 'd', label: 'neutral', topicIds: [1], at: T0 + HOUR + 1 },
  ]);
});

describe('GET /api/topics/:id/series', () => {
  it('answers contiguous 5-minute buckets with counts and mean sentiment over scored mentions', async () => {
    const { status, json } = await api.call('GET', `/api/topics/1/series?from=${T0}&to=${T0 + 3 * BUCKET_MS}`);
    expect(status).toBe(200);
    expect(json).toEqual({
      topicId: 1,
      interval: '5m',
      from: T0,
      to: T0 + 3 * BUCKET_MS,
      buckets: [
        { start: T0, count: 2, negative: 2, positive: 0, sentimentSum: -1, meanSentiment: -0.5 },
        { start: T0 + BUCKET_MS, count: 2, negative: 0, positive: 1, sentimentSum: 0.5, meanSentiment: 0.5 },
        { start: T0 + 2 * BUCKET_MS, count: 0, negative: 0, positive: 0, sentimentSum: 0, meanSentiment: null },
      ],
    });
  });

  it.each([
    ['hourly', `from=${T0}&to=${T0 + 2 * HOUR}&interval=1h`, [4, 1]],
    ['hourly with unaligned edges widened to whole hours', `from=${T0 + 10 * 60_000}&to=${T0 + HOUR + 5}&interval=1h`, [4, 1]],
    ['daily', `from=2026-11-30&to=2026-12-02&interval=1d`, [5, 0]],
    ['ISO bounds', `from=2026-11-30T12:00:00Z&to=2026-11-30T12:10:00Z`, [2, 2]],
  ])('aggregates %s', async (_name, query, counts) => {
    const { status, json } = await api.call('GET', `/api/topics/1/series?${query}`);
    expect(status).toBe(200);
    expect(json.buckets.map((b: { count: number }) => b.count)).toEqual(counts);
  });

  it('defaults to the last 24 hours of 5-minute buckets', async () => {
    const { json } = await api.call('GET', '/api/topics/2/series');
    expect(json.buckets).toHaveLength(288);
    expect(json.to).toBe(T0);
    expect(json.buckets.every((b: { count: number }) => b.count === 0)).toBe(true);
  });

  it('accepts a range of exactly 31 days of 5-minute buckets', async () => {
    const { status, json } = await api.call('GET', `/api/topics/1/series?from=${T0}&to=${T0 + 31 * 24 * HOUR}`);
    expect(status).toBe(200);
    expect(json.buckets).toHaveLength(31 * 288);
  });

  it('answers 404 for a missing topic', async () => {
    expect((await api.call('GET', '/api/topics/9/series')).status).toBe(404);
  });
});
