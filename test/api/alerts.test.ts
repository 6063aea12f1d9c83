import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, seedAlert, T0, type TestApi } from './api-test-app';

let api: TestApi;

// Alerts 1..25: topic 1 gets the odd ones; every fifth is resolved, every seventh acknowledged.
beforeAll(async () => {
  api = await createTestApi();
  await api.call('POST', '/api/topics', { name: 'Acme', query: 'acme' });
  await api.call('POST', '/api/topics', { name: 'Globex', query: 'globex' });
  for (let i = 1; i <= 25; i += 1) {
    await seedAlert(api.db, i % 2 === 1 ? 1 : 2, i % 5 === 0 ? 'resolved' : i % 7 === 0 ? 'acknowledged' : 'open', {
      topMentions: [{ id: i, url: null, title: `evidence ${i}`, excerpt: 'awful', sentimentScore: -0.8, publishedAt: T0 }],
      sentiment: { before: 0.1, during: -0.5 },
      engagement: { perMentionBefore: null, perMentionDuring: 12.5, totalDuring: 50, knownShare: 0.4 },
    });
  }
});

describe('GET /api/alerts', () => {
  it('answers alerts newest first with their evidence', async () => {
    const { json } = await api.call('GET', '/api/alerts?limit=1');
    expect(json.alerts).toEqual([
      {
        id: 25,
        topicId: 1,
        kind: 'backlash',
        status: 'resolved',
        severity: 'warning',
        openedAt: T0,
        updatedAt: T0,
        acknowledgedAt: null,
        resolvedAt: T0,
        evidence: expect.objectContaining({
          observed: 12,
          expected: 2,
          topMentions: [expect.objectContaining({ title: 'evidence 25' })],
          sentiment: { before: 0.1, during: -0.5 },
          engagement: { perMentionBefore: null, perMentionDuring: 12.5, totalDuring: 50, knownShare: 0.4 },
        }),
      },
    ]);
    expect(json.nextCursor).toEqual(expect.any(String));
  });

  it("leaves the per-bucket usual level out of a list (the overview polls it), and keeps it in the alert's own answer", async () => {
    const series = [{ from: T0 - 3_600_000, bucketMinutes: 5, counts: Array(12).fill(1.5) }];
    const id = await seedAlert(api.db, 2, 'open', { expectedByBucket: series });
    const listed = (await api.call('GET', '/api/alerts?topic=2&limit=1')).json.alerts[0];
    expect(listed.id).toBe(id);
    expect(listed.evidence).not.toHaveProperty('expectedByBucket');
    expect(listed.evidence).toMatchObject({ observed: 12, expected: 2 });
    expect((await api.call('GET', `/api/alerts/${id}`)).json.evidence.expectedByBucket).toEqual(series);
    await api.db.deleteFrom('alerts').where('id', '=', id).execute();
  });

  it.each([
    ['everything', '', 25],
    ['a topic', 'topic=1', 13],
    ['open ones', 'status=open', 17],
    ['resolved ones', 'status=resolved', 5],
    ['acknowledged ones of a topic', 'topic=1&status=acknowledged', 2],
  ])('pages through %s without duplicates or gaps', async (_name, query, expected) => {
    const ids: number[] = [];
    let cursor: string | null = null;
    do {
      const { status, json } = await api.call('GET', `/api/alerts?${query}&limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(status).toBe(200);
      ids.push(...json.alerts.map((a: { id: number }) => a.id));
      cursor = json.nextCursor;
    } while (cursor);
    expect(ids).toHaveLength(expected);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    expect(new Set(ids).size).toBe(expected);
  });

  it('GET /api/alerts/:id answers one alert', async () => {
    expect((await api.call('GET', '/api/alerts/3')).json).toMatchObject({ id: 3, topicId: 1, status: 'open' });
  });
});

describe('POST /api/alerts/:id/ack', () => {
  it('acknowledges an open alert once; a second ack keeps the first time', async () => {
    const first = await api.call('POST', '/api/alerts/1/ack');
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ id: 1, status: 'acknowledged', acknowledgedAt: T0 });
    const again = await api.call('POST', '/api/alerts/1/ack');
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    expect((await api.call('GET', '/api/alerts?status=open&topic=1&limit=100')).json.alerts.map((a: { id: number }) => a.id)).not.toContain(1);
  });

  it('refuses a resolved alert with 409', async () => {
    const response = await api.call('POST', '/api/alerts/5/ack');
    expect(response.status).toBe(409);
    expect(response.json.error.code).toBe('conflict');
  });

  // It used to ignore a body: a client sending { note } or { status: 'resolved' } believed it was kept or done.
  it('takes no body but {}, and refuses one it would not read', async () => {
    const refused = await api.call('POST', '/api/alerts/2/ack', { note: 'on it' });
    expect(refused.status).toBe(400);
    expect(refused.json.error.details).toEqual([{ path: 'body', message: expect.stringContaining('takes no body') }]);
    expect((await api.call('GET', '/api/alerts/2')).json.status).toBe('open');
    expect((await api.call('POST', '/api/alerts/2/ack', {})).status).toBe(200);
  });
});
