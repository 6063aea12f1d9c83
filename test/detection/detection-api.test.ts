// The detector's API: per-topic settings, and the replay of stored history with candidate settings.
import { beforeAll, describe, expect, it } from 'vitest';
import type { SentimentLabel } from '../../src/domain/mention';
import { runDetect } from '../../jobs/detect';
import { listReplayBuckets } from '../../src/api/detection-routes';
import { parseDetectorSettings } from '../../src/detection/detector-settings';
import { replayHistory } from '../../src/detection/replay-history';
import { BUCKET_MS } from '../../src/domain/bucket';
import { listAlerts } from '../../src/storage/alert-store';
import { insertMentions, type ScoredDraft } from '../../src/storage/mention-store';
import { createSource, recordSourceSuccess } from '../../src/storage/source-store';
import { createTopic } from '../../src/storage/topic-store';
import { createTestApi, seedMentions, T0, type TestApi } from '../api/api-test-app';
import { createTestDeps } from '../support/test-deps';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const surgeAt = T0 + 6 * HOUR;
let api: TestApi;

beforeAll(async () => {
  api = await createTestApi();
  await api.call('POST', '/api/topics', { name: 'Acme', query: 'acme' });
  await api.call('POST', '/api/sources', { kind: 'rss', url: 'https://blog.example/feed' });
  const items: { key: string; label: SentimentLabel; topicIds: number[]; at: number }[] = [];
  // Three days of ordinary talk (a mention every 10 minutes, one in five negative), then 40 minutes of anger.
  for (let t = T0 - 3 * 24 * HOUR, i = 0; t < T0 + 12 * HOUR; t += 10 * MIN, i++) items.push({ key: `q${i}`, label: i % 5 === 0 ? 'negative' : 'neutral', topicIds: [1], at: t });
  for (let t = surgeAt, i = 0; t < surgeAt + 40 * MIN; t += MIN / 2, i++) items.push({ key: `s${i}`, label: 'negative', topicIds: [1], at: t });
  await seedMentions(api.db, 1, items);
});

describe('GET /api/topics/:id/replay', () => {
  it('lists the backlash the detector would have fired, with its events and evidence', async () => {
    const { status, json } = await api.call('GET', `/api/topics/1/replay?from=${T0}&to=${T0 + 12 * HOUR}`);
    expect(status).toBe(200);
    expect(json.alerts).toHaveLength(1);
    const [alert] = json.alerts;
    expect(alert).toMatchObject({ kind: 'backlash', resolvedAt: expect.any(Number) });
    expect(alert.openedAt).toBeGreaterThanOrEqual(surgeAt);
    expect(alert.openedAt).toBeLessThan(surgeAt + 15 * MIN);
    expect(alert.events[0]).toMatchObject({ type: 'opened', notify: true, evidence: { share: { of: 'negative' } } });
    expect(alert.events.at(-1)).toMatchObject({ type: 'resolved', recovery: { minutesToVolume: expect.any(Number) } });
  });

  it('takes candidate settings from the query: a low sensitivity and a high minimum count fire nothing', async () => {
    const { status, json } = await api.call('GET', `/api/topics/1/replay?from=${T0}&to=${T0 + 12 * HOUR}&minCount=500`);
    expect(status).toBe(200);
    expect(json.alerts).toEqual([]);
    expect(json.settings).toMatchObject({ minCount: 500 });
  });

  it('takes every setting from the query, so a whole settings form can be previewed', async () => {
    const query = `from=${T0}&to=${T0 + 12 * HOUR}&warmupHours=1.5&utcOffsetMinutes=-300&quietHours=22:00-07:00&kinds=backlash,silence`;
    const { status, json } = await api.call('GET', `/api/topics/1/replay?${query}`);
    expect(status).toBe(200);
    expect(json.settings).toMatchObject({ warmupHours: 1.5, utcOffsetMinutes: -300, quietHours: { start: '22:00', end: '07:00' }, kinds: ['backlash', 'silence'] });
    const off = await api.call('GET', `/api/topics/1/replay?from=${T0}&to=${T0 + HOUR}&quietHours=off`);
    expect(off.json.settings.quietHours).toBeNull();
    const zoned = await api.call('GET', `/api/topics/1/replay?from=${T0}&to=${T0 + HOUR}&timeZone=America%2FNew_York`);
    expect(zoned.json.settings).toMatchObject({ timeZone: 'America/New_York', utcOffsetMinutes: 0 });
    expect((await api.call('GET', `/api/topics/1/replay?from=${T0}&to=${T0 + HOUR}&timeZone=off`)).json.settings.timeZone).toBeNull();
  });

  it.each([
    { name: 'a bad setting', query: `from=${T0}&to=${T0 + HOUR}&cooldownMinutes=1`, message: 'query.cooldownMinutes: must be at least 5' },
    { name: 'a malformed quiet-hours range', query: `from=${T0}&to=${T0 + HOUR}&quietHours=22:00`, message: 'query.quietHours: must be HH:MM-HH:MM' },
    { name: 'a bad quiet-hours time', query: `from=${T0}&to=${T0 + HOUR}&quietHours=25:00-07:00`, message: 'query.quietHours.start: must be a time of day' },
    { name: 'an offset beyond UTC+14', query: `from=${T0}&to=${T0 + HOUR}&utcOffsetMinutes=900`, message: 'query.utcOffsetMinutes' },
    { name: 'an unknown time zone', query: `from=${T0}&to=${T0 + HOUR}&timeZone=Mars%2FOlympus_Mons`, message: 'query.timeZone: must be an IANA time zone' },
    { name: 'a time zone and an offset', query: `from=${T0}&to=${T0 + HOUR}&timeZone=Europe%2FParis&utcOffsetMinutes=60`, message: 'query.timeZone: set a time zone or a UTC offset, not both' },
    { name: 'an unknown kind', query: `from=${T0}&to=${T0 + HOUR}&kinds=outrage`, message: 'query.kinds' },
    { name: 'a missing range', query: `from=${T0}`, message: 'query.to' },
  ])('answers 400 naming the field for $name', async ({ query, message }) => {
    const { status, json } = await api.call('GET', `/api/topics/1/replay?${query}`);
    expect(status).toBe(400);
    expect(json.error.message).toContain(message);
  });

  it('answers 404 for an unknown topic', async () => {
    expect((await api.call('GET', `/api/topics/99/replay?from=${T0}&to=${T0 + HOUR}`)).status).toBe(404);
  });
});

describe('/api/topics/:id/detector-settings', () => {
  it('reads the defaults, saves valid settings, and replay starts from the saved ones', async () => {
    expect((await api.call('GET', '/api/topics/1/detector-settings')).json.settings).toMatchObject({ sensitivity: 'medium', minCount: 5 });
    const put = await api.call('PUT', '/api/topics/1/detector-settings', { minCount: 500, quietHours: { start: '22:00', end: '07:00' } });
    expect(put.status).toBe(200);
    expect((await api.call('GET', '/api/topics/1/detector-settings')).json.settings).toMatchObject({ minCount: 500, quietHours: { start: '22:00', end: '07:00' } });
    expect((await api.call('GET', `/api/topics/1/replay?from=${T0}&to=${T0 + 12 * HOUR}`)).json.alerts).toEqual([]);
    expect((await api.call('GET', `/api/topics/1/replay?from=${T0}&to=${T0 + 12 * HOUR}&minCount=5`)).json.alerts).toHaveLength(1);
    await api.call('PUT', '/api/topics/1/detector-settings', {});
  });

  it('answers 400 naming every invalid field', async () => {
    const { status, json } = await api.call('PUT', '/api/topics/1/detector-settings', { minCount: 0, sensitivity: 'max', cooldown: 5 });
    expect(status).toBe(400);
    expect(json.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body', 'body.minCount', 'body.sensitivity']);
  });
});

describe('replay of a topic younger than its warm-up', () => {
  const DAY = 24 * HOUR;
  const stormAt = T0 - 2 * DAY;

  beforeAll(async () => {
    await api.call('POST', '/api/topics', { name: 'Initech', query: 'initech' });
    const items: { key: string; label: SentimentLabel; topicIds: number[]; at: number }[] = [];
    // Ten days of ordinary talk, then 30 angry posts in half an hour, two days before the end.
    for (let t = T0 - 10 * DAY, i = 0; t < T0; t += 15 * MIN, i++) items.push({ key: `i${i}`, label: (i * 7) % 5 === 0 ? 'negative' : 'neutral', topicIds: [2], at: t });
    for (let i = 0; i < 30; i++) items.push({ key: `storm${i}`, label: 'negative', topicIds: [2], at: stormAt + i * MIN });
    await seedMentions(api.db, 1, items);
  });

  it('starts at its first bucket, as the detect job does, not 30 empty days before `from`', async () => {
    // From 30 days of zeros the detector took the topic for an old and silent one, and missed this storm.
    const { json } = await api.call('GET', `/api/topics/2/replay?from=${T0 - 7 * DAY}&to=${T0}`);
    expect(json.alerts.map((a: { kind: string }) => a.kind)).toEqual(['backlash']);
    expect(json.alerts[0].openedAt).toBeGreaterThanOrEqual(stormAt);
    expect(json.alerts[0].openedAt).toBeLessThan(stormAt + 15 * MIN);
  });
});

describe('a replay and the detect job over the same history', () => {
  it('tell the same alert at the same times: opened and resolved when the running job records them', async () => {
    const deps = await createTestDeps();
    const topic = (await createTopic(deps.db, { name: 'Acme', query: 'acme' }, T0 - DAY))!;
    const source = (await createSource(deps.db, { kind: 'rss', url: 'https://blog.example/feed' }, T0 - DAY))!;
    await recordSourceSuccess(deps.db, source.id, undefined, T0 - DAY, T0 - DAY);
    const item = (key: string, at: number, negative: boolean): ScoredDraft => ({
      draft: { dedupKey: key, url: `https://blog.example/${key}`, author: null, title: null, text: negative ? 'acme is awful' : 'acme shipped', publishedAt: at },
      sentiment: { score: negative ? -0.6 : 0, label: negative ? 'negative' : 'neutral', explanation: [], version: 't' },
      topicIds: [topic.id],
    });
    // A day of ordinary talk, then 40 minutes of anger; the job runs after every bucket, as scheduled.
    const angerAt = T0 + 2 * HOUR;
    let n = 0;
    for (let t = T0 - DAY; t < T0 + 8 * HOUR; t += BUCKET_MS) {
      const items = [item(`q${n++}`, t + MIN, n % 5 === 0)];
      if (t >= angerAt && t < angerAt + 40 * MIN) for (let i = 0; i < 10; i++) items.push(item(`s${n++}`, t + 2 * MIN, true));
      await insertMentions(deps.db, source.id, items, t + BUCKET_MS);
      await runDetect(deps, t + BUCKET_MS);
    }
    const stored = await listAlerts(deps.db, { limit: 5 });
    expect(stored.map((a) => [a.kind, a.status])).toEqual([['backlash', 'resolved']]);
    const replayed = replayHistory({ buckets: await listReplayBuckets(deps.db, topic, T0, T0 + 8 * HOUR), settings: parseDetectorSettings({}), from: T0, to: T0 + 8 * HOUR });
    expect(replayed.map((a) => ({ kind: a.kind, openedAt: a.openedAt, resolvedAt: a.resolvedAt }))).toEqual([{ kind: 'backlash', openedAt: stored[0]!.openedAt, resolvedAt: stored[0]!.resolvedAt }]);
  });
});
