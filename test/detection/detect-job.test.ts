// The detect job around the pure detector: alert rows, outbox rows, stored state, source health.
import { describe, expect, it } from 'vitest';
import { recordCrawlFailure } from '../../jobs/crawl';
import { OVERDUE_MS, runDetect } from '../../jobs/detect';
import { BUCKET_MS } from '../../src/domain/bucket';
import { listAlerts } from '../../src/storage/alert-store';
import { recordCrawlStatus } from '../../src/storage/crawl-status-store';
import { listDeliveries } from '../../src/storage/delivery-store';
import { createEndpoint } from '../../src/storage/endpoint-store';
import { insertMentions, type ScoredDraft } from '../../src/storage/mention-store';
import { createSource, getSource, recordSourceSuccess, updateSource } from '../../src/storage/source-store';
import { loadDetectorState, saveDetectorState } from '../../src/storage/detector-state-store';
import { createTopic } from '../../src/storage/topic-store';
import { createTestDeps } from '../support/test-deps';

const T0 = Date.UTC(2026, 10, 30, 0, 0, 0);
const HOUR = 3_600_000;

function mention(key: string, at: number, topicId: number, negative: boolean): ScoredDraft {
  return {
    draft: { dedupKey: key, url: `https://blog.example/${key}`, author: null, title: null, text: negative ? 'acme is awful' : 'acme shipped a thing', publishedAt: at },
    sentiment: { score: negative ? -0.7 : 0, label: negative ? 'negative' : 'neutral', explanation: [], version: 't' },
    topicIds: [topicId],
  };
}

async function setUp() {
  const deps = await createTestDeps();
  const topic = (await createTopic(deps.db, { name: 'Acme', query: 'acme' }, T0))!;
  const source = (await createSource(deps.db, { kind: 'rss', url: 'https://blog.example/feed' }, T0))!;
  await createEndpoint(deps.db, { url: 'http://127.0.0.1:9/hook' }, T0);
  await recordCrawlStatus(deps.db, source.id, 'ok', T0);
  await recordSourceSuccess(deps.db, source.id, undefined, T0, T0);
  return { deps, topic, source };
}

describe('the detect job', () => {
  it("goes on with the other topics when one topic's detection fails, and counts it", async () => {
    const { deps, topic } = await setUp();
    const other = (await createTopic(deps.db, { name: 'Other', query: 'other' }, T0))!;
    await insertMentions(deps.db, 1, [mention('a1', T0 + HOUR, topic.id, false), mention('o1', T0 + HOUR, other.id, false)], T0 + HOUR);
    await runDetect(deps, T0 + 2 * HOUR);
    // A state the detector cannot read: the first topic's detection throws from here on.
    await deps.db.updateTable('detector_states').set({ state: '{' }).where('topic_id', '=', topic.id).execute();
    const errors: string[] = [];
    deps.log = { ...deps.log, error: (message) => errors.push(message) };
    const report = await runDetect(deps, T0 + 3 * HOUR);
    expect(report).toMatchObject({ topics: 2, failed: 1 });
    expect(errors).toEqual(['topic detection failed']);
    expect((await deps.db.selectFrom('detector_states').select('updated_at').where('topic_id', '=', other.id).executeTakeFirstOrThrow()).updated_at).toBe(T0 + 3 * HOUR);
  });

  it('re-running over the same buckets (a crash before the state was saved) adds no alert and no outbox row', async () => {
    const { deps, topic, source } = await setUp();
    let n = 0;
    const surgeAt = T0 + 6 * HOUR;
    for (let t = T0; t < surgeAt + 3 * BUCKET_MS; t += BUCKET_MS) {
      const items = [mention(`q${n++}`, t + 1000, topic.id, false)];
      if (t >= surgeAt) for (let i = 0; i < 15; i++) items.push(mention(`s${n++}`, t + 2000, topic.id, true));
      await insertMentions(deps.db, source.id, items, t + BUCKET_MS);
      await runDetect(deps, t + BUCKET_MS);
    }
    expect(await listAlerts(deps.db, { limit: 10 })).toHaveLength(1);
    const outbox = (await listDeliveries(deps.db, { limit: 10 })).length;
    await deps.db.deleteFrom('detector_states').execute();
    await runDetect(deps, surgeAt + 3 * BUCKET_MS);
    expect(await listAlerts(deps.db, { limit: 10 })).toHaveLength(1);
    expect((await listDeliveries(deps.db, { limit: 10 })).length).toBe(outbox);
    const [alert] = await listAlerts(deps.db, { limit: 1 });
    expect(alert!.evidence).toMatchObject({ detectorKey: expect.stringMatching(/^backlash:/), share: { of: 'negative' }, firstMentions: expect.any(Array), terms: expect.any(Array) });
  });

  it('every source failing for an hour raises a source-health alert, resolved when they answer again', async () => {
    const { deps, topic, source } = await setUp();
    let n = 0;
    const downAt = T0 + 4 * HOUR;
    const upAt = downAt + 2 * HOUR;
    for (let t = T0; t < upAt + 2 * HOUR; t += BUCKET_MS) {
      // What the crawl job records on a failed and on a successful attempt.
      if (t === downAt) await recordCrawlFailure(deps, source, { kind: 'timeout', message: 'timed out' }, t);
      if (t === upAt) {
        await recordCrawlStatus(deps.db, source.id, 'ok', t);
        await recordSourceSuccess(deps.db, source.id, undefined, t, t);
      }
      if (t < downAt || t >= upAt) await insertMentions(deps.db, source.id, [mention(`q${n++}`, t + 1000, topic.id, false)], t + BUCKET_MS);
      await runDetect(deps, t + BUCKET_MS);
    }
    const alerts = await listAlerts(deps.db, { limit: 10 });
    expect(alerts.map((a) => `${a.kind} ${a.status}`)).toEqual(['source-health resolved']);
    expect(alerts[0]!.openedAt).toBeGreaterThanOrEqual(downAt + HOUR);
  });

  it('a new, angrier source raises no backlash: the job tells the detector the sources changed and it relearns', async () => {
    const { deps, topic, source } = await setUp();
    const joinAt = T0 + 3 * 24 * HOUR + 10 * HOUR;
    let n = 0;
    let forum: Awaited<ReturnType<typeof createSource>>;
    for (let t = T0; t < joinAt + 6 * HOUR; t += BUCKET_MS) {
      if (t === joinAt) {
        forum = (await createSource(deps.db, { kind: 'rss', url: 'https://forum.example/feed' }, t))!;
        await recordCrawlStatus(deps.db, forum.id, 'ok', t);
        await recordSourceSuccess(deps.db, forum.id, undefined, t, t);
      }
      await insertMentions(deps.db, source.id, [mention(`b${n++}`, t + 1000, topic.id, (t / BUCKET_MS) % 5 === 0)], t + BUCKET_MS);
      // The forum: three times the blogs' volume, two thirds of it negative.
      if (t >= joinAt) await insertMentions(deps.db, forum!.id, [0, 1, 2].map((i) => mention(`f${n++}`, t + 2000, topic.id, i < 2)), t + BUCKET_MS);
      await runDetect(deps, t + BUCKET_MS);
    }
    // Without the relearning (the job not telling the detector) this scenario opens a backlash within the hour.
    expect(await listAlerts(deps.db, { limit: 10 })).toEqual([]);
    const state = await loadDetectorState<{ feedingSources: string[]; relearnFrom: number | null }>(deps.db, topic.id);
    expect(state?.feedingSources).toEqual([expect.stringMatching(new RegExp(`^${source.id}:[0-9a-f]{12}$`)), expect.stringMatching(new RegExp(`^${forum!.id}:[0-9a-f]{12}$`))]);
    expect(state?.relearnFrom).toBe(joinAt);
  });

  it.each([
    { name: 'pointed at another feed (PATCH url)', change: { url: 'https://blog.example/everything.xml' }, relearns: true },
    { name: 'given other settings (PATCH config)', change: { config: { query: 'acme OR acmecorp' } }, relearns: true },
    { name: 'renamed', change: { name: 'The Acme blog' }, relearns: false },
  ])('a source $name: relearns only when what it reads changed', async ({ change, relearns }) => {
    const { deps, topic, source } = await setUp();
    const changeAt = T0 + 3 * 24 * HOUR + 10 * HOUR;
    let n = 0;
    for (let t = T0; t < changeAt + HOUR; t += BUCKET_MS) {
      if (t === changeAt) await updateSource(deps.db, source.id, change, t);
      // Reading more after a change of URL or settings: three times the mentions, two thirds negative.
      const batch = t >= changeAt && relearns ? [0, 1, 2].map((i) => mention(`c${n++}`, t + 2000, topic.id, i < 2)) : [mention(`b${n++}`, t + 1000, topic.id, (t / BUCKET_MS) % 5 === 0)];
      await insertMentions(deps.db, source.id, batch, t + BUCKET_MS);
      await runDetect(deps, t + BUCKET_MS);
    }
    const state = await loadDetectorState<{ relearnFrom: number | null }>(deps.db, topic.id);
    expect(state?.relearnFrom ?? null).toBe(relearns ? changeAt : null);
    expect(await listAlerts(deps.db, { limit: 10 })).toEqual([]);
  });

  // Topics a, b, c, d last detected this many minutes before the run (null: never); the crawl brought new
  // mentions to d and b. Past OVERDUE_MS (15 minutes) an untouched topic is overdue.
  it.each([
    { name: 'one topic', ago: { a: 4, b: 3, c: 2, d: 1 }, room: 1, detected: ['b'] },
    { name: 'two topics', ago: { a: 4, b: 3, c: 2, d: 1 }, room: 2, detected: ['b', 'd'] },
    { name: 'three topics', ago: { a: 4, b: 3, c: 2, d: 1 }, room: 3, detected: ['b', 'd', 'a'] },
    { name: 'one topic, a overdue', ago: { a: 20, b: 3, c: 2, d: 1 }, room: 1, detected: ['a'] },
    { name: 'two topics, a overdue', ago: { a: 20, b: 3, c: 2, d: 1 }, room: 2, detected: ['a', 'b'] },
    { name: 'two topics, a due but not overdue', ago: { a: 14, b: 3, c: 2, d: 1 }, room: 2, detected: ['b', 'd'] },
    { name: 'one topic, a never detected', ago: { a: null, b: 3, c: 2, d: 1 }, room: 1, detected: ['a'] },
    { name: 'two topics, a and c overdue', ago: { a: 30, b: 3, c: 20, d: 1 }, room: 2, detected: ['a', 'b'] },
    { name: 'three topics, a and c overdue', ago: { a: 30, b: 3, c: 20, d: 1 }, room: 3, detected: ['a', 'b', 'd'] },
    { name: 'two topics, c more overdue than a', ago: { a: 20, b: 3, c: 30, d: 1 }, room: 2, detected: ['c', 'b'] },
    { name: 'two topics, touched b overdue', ago: { a: 4, b: 30, c: 2, d: 1 }, room: 2, detected: ['b', 'd'] },
  ])('a run cut short after $name detects the most overdue, then the touched topics, least recently detected first', async ({ ago, room, detected }) => {
    const deps = await createTestDeps();
    const at = T0 + 6 * HOUR;
    const ids = new Map<number, string>();
    for (const [name, minutes] of Object.entries(ago)) {
      const topic = (await createTopic(deps.db, { name, query: name }, T0))!;
      ids.set(topic.id, name);
      if (minutes !== null) await runDetect(deps, at - minutes * 60_000, { topicIds: [topic.id] });
    }
    const byName = new Map([...ids].map(([id, name]) => [name, id]));
    let started = 0;
    const report = await runDetect(deps, at, { touchedTopicIds: [byName.get('d')!, byName.get('b')!], stopBefore: () => started++ >= room });
    expect(report).toMatchObject({ topics: room, deferred: ids.size - room });
    const states = await deps.db.selectFrom('detector_states').select(['topic_id', 'updated_at']).execute();
    const detectedNow = states.filter((s) => s.updated_at === at).map((s) => ids.get(s.topic_id));
    expect(new Set(detectedNow)).toEqual(new Set(detected));
  });

  it('a topic whose sources all fail is still detected, and its source-health alert opens, while every run has room only for the busy topics', async () => {
    const deps = await createTestDeps();
    const topics = new Map<string, { topicId: number; sourceId: number }>();
    for (const name of ['busy1', 'busy2', 'calm', 'down']) {
      const topic = (await createTopic(deps.db, { name, query: name }, T0))!;
      const source = (await createSource(deps.db, { kind: 'rss', url: `https://${name}.example/feed`, topicId: topic.id }, T0))!;
      await recordCrawlStatus(deps.db, source.id, 'ok', T0);
      await recordSourceSuccess(deps.db, source.id, undefined, T0, T0);
      topics.set(name, { topicId: topic.id, sourceId: source.id });
    }
    const busy = [topics.get('busy1')!, topics.get('busy2')!];
    const down = topics.get('down')!;
    let n = 0;
    // Two ordinary hours: every topic has mentions and is detected in full.
    const downAt = T0 + 2 * HOUR;
    for (let t = T0; t < downAt; t += BUCKET_MS) {
      for (const { topicId, sourceId } of topics.values()) await insertMentions(deps.db, sourceId, [mention(`m${n++}`, t + 1000, topicId, false)], t + BUCKET_MS);
      await runDetect(deps, t + BUCKET_MS);
    }
    await recordCrawlFailure(deps, (await getSource(deps.db, down.sourceId))!, { kind: 'timeout', message: 'timed out' }, downAt);
    // Then a story keeps the crawl busy: every one-minute tick brings mentions to the busy topics, and detect
    // has room for two topics, as many as the crawl touched.
    const bound = OVERDUE_MS + topics.size * 60_000;
    let longestWait = 0;
    for (let now = downAt + 60_000; now <= downAt + 90 * 60_000; now += 60_000) {
      for (const { topicId, sourceId } of busy) await insertMentions(deps.db, sourceId, [mention(`m${n++}`, now - 1000, topicId, false)], now);
      let started = 0;
      await runDetect(deps, now, { touchedTopicIds: busy.map((b) => b.topicId), stopBefore: () => started++ >= 2 });
      const detectedAt = await deps.db.selectFrom('detector_states').select('updated_at').execute();
      expect(detectedAt).toHaveLength(topics.size);
      longestWait = Math.max(longestWait, ...detectedAt.map((s) => now - s.updated_at));
    }
    const alerts = (await listAlerts(deps.db, { limit: 10 })).filter((a) => a.topicId === down.topicId);
    expect(alerts.map((a) => `${a.kind} ${a.status}`)).toEqual(['source-health open']);
    expect(alerts[0]!.openedAt).toBeLessThanOrEqual(downAt + HOUR + bound);
    // Every topic waited at most OVERDUE_MS plus a tick per topic, not for the story to end.
    expect(longestWait).toBeLessThanOrEqual(bound);
  });

  it('reads a state from before sources had fingerprints (plain ids) without relearning', async () => {
    const { deps, topic, source } = await setUp();
    let n = 0;
    for (let t = T0; t < T0 + 2 * HOUR; t += BUCKET_MS) {
      await insertMentions(deps.db, source.id, [mention(`b${n++}`, t + 1000, topic.id, false)], t + BUCKET_MS);
      await runDetect(deps, t + BUCKET_MS);
    }
    const stored = (await loadDetectorState<Record<string, unknown>>(deps.db, topic.id))!;
    await saveDetectorState(deps.db, topic.id, { ...stored, feedingSources: [source.id] }, T0 + 2 * HOUR);
    await runDetect(deps, T0 + 2 * HOUR + BUCKET_MS);
    const after = await loadDetectorState<{ feedingSources: string[]; relearnFrom: number | null }>(deps.db, topic.id);
    expect(after?.relearnFrom ?? null).toBeNull();
    expect(after?.feedingSources).toEqual([expect.stringMatching(new RegExp(`^${source.id}:`))]);
  });
});
