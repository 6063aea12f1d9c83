import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeliver } from '../../jobs/deliver';
import { runDetect } from '../../jobs/detect';
import { BUCKET_MS } from '../../src/domain/bucket';
import { listAlerts } from '../../src/storage/alert-store';
import { listDeliveries } from '../../src/storage/delivery-store';
import { saveTopicDetectorSettings } from '../../src/storage/detector-settings-store';
import { parseDetectorSettings } from '../../src/detection/detector-settings';
import { createEndpoint } from '../../src/storage/endpoint-store';
import { insertMentions, type ScoredDraft } from '../../src/storage/mention-store';
import { createSource } from '../../src/storage/source-store';
import { createTopic } from '../../src/storage/topic-store';
import { startWebhookReceiver, type WebhookReceiver } from '../../demo/webhook-receiver';
import { createTestDeps } from '../support/test-deps';

const T0 = Date.UTC(2026, 10, 30, 0, 0, 0);
let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.close());

function negative(key: string, at: number, topicId: number): ScoredDraft {
  return {
    draft: { dedupKey: key, url: `https://blog.example/${key}`, author: null, title: `acme ${key}`, text: 'acme is awful', publishedAt: at },
    sentiment: { score: -0.7, label: 'negative', explanation: [], version: 't' },
    topicIds: [topicId],
  };
}

/** Ordinary talk about the topic: a backlash is negative mentions rising above their usual share of it. */
function neutral(key: string, at: number, topicId: number): ScoredDraft {
  return {
    draft: { dedupKey: key, url: `https://blog.example/${key}`, author: null, title: `acme ${key}`, text: 'acme released a new version', publishedAt: at },
    sentiment: { score: 0, label: 'neutral', explanation: [], version: 't' },
    topicIds: [topicId],
  };
}

describe('detect and deliver on a synthetic series', () => {
  it('opens one alert on a surge of negative mentions, resolves it after, and the webhook receives both events', async () => {
    const deps = await createTestDeps();
    const topic = (await createTopic(deps.db, { name: 'Acme', query: 'acme' }, T0))!;
    const source = (await createSource(deps.db, { kind: 'rss', url: 'https://blog.example/feed' }, T0))!;
    await createEndpoint(deps.db, { url: receiver.url }, T0);
    // A quiet day: a neutral mention every 10 minutes, a negative one every two hours. Then 30 minutes
    // of 12 negative mentions a bucket, then quiet again.
    const surgeStart = T0 + 24 * 3_600_000;
    const surgeEnd = surgeStart + 30 * 60_000;
    const end = surgeEnd + 3 * 3_600_000;
    let n = 0;
    const opened: number[] = [];
    const resolved: number[] = [];
    for (let t = T0; t < end; t += BUCKET_MS) {
      const count = t >= surgeStart && t < surgeEnd ? 12 : (t - T0) % (2 * 3_600_000) === 0 ? 1 : 0;
      const items = Array.from({ length: count }, () => negative(`m${n++}`, t + 60_000, topic.id));
      if ((t - T0) % (10 * 60_000) === 0) items.push(neutral(`m${n++}`, t + 60_000, topic.id));
      await insertMentions(deps.db, source.id, items, t + BUCKET_MS);
      const report = await runDetect(deps, t + BUCKET_MS);
      if (report.opened) opened.push(t);
      if (report.resolved) resolved.push(t);
      await runDeliver(deps, t + BUCKET_MS);
    }
    expect(opened).toHaveLength(1);
    expect(opened[0]).toBeGreaterThanOrEqual(surgeStart);
    expect(opened[0]).toBeLessThan(surgeStart + 3 * BUCKET_MS);
    expect(resolved).toHaveLength(1);
    expect(resolved[0]).toBeGreaterThanOrEqual(surgeEnd);

    const [alert] = await listAlerts(deps.db, { limit: 5 });
    expect(alert).toMatchObject({ topicId: topic.id, status: 'resolved' });
    expect(alert!.evidence.observed).toBeGreaterThan(alert!.evidence.expected);
    expect(alert!.evidence.topMentions.length).toBeGreaterThan(0);

    // Opened, escalated at most once as the surge grows (a 30-minute surge may end before its
    // escalation hold does), resolved after it ends.
    const types = receiver.received.map((r) => (r.json as { type: string }).type);
    expect(types.filter((t) => t !== 'alert.escalated')).toEqual(['alert.opened', 'alert.resolved']);
    expect(types.filter((t) => t === 'alert.escalated').length).toBeLessThanOrEqual(1);
    // Payload version 2026-12-01: the Standard Webhooks envelope, event details under `data`.
    const openedPayload = receiver.received[0]!.json as { data: { topic: { name: string }; alert: { id: number } } };
    expect(openedPayload.data.topic.name).toBe('Acme');
    expect(openedPayload.data.alert.id).toBe(alert!.id);
    expect(receiver.received[0]!.headers['webhook-signature']).toMatch(/^v1,/);
    const deliveries = await listDeliveries(deps.db, { limit: 10 });
    expect(deliveries.every((d) => d.status === 'delivered')).toBe(true);
  });

  it('tells an escalation by the window that escalated it, and a resolution by how long the story ran', async () => {
    const deps = await createTestDeps();
    const topic = (await createTopic(deps.db, { name: 'Acme', query: 'acme' }, T0))!;
    const source = (await createSource(deps.db, { kind: 'rss', url: 'https://blog.example/feed' }, T0))!;
    const hook = await startWebhookReceiver();
    try {
      await createEndpoint(deps.db, { url: hook.url }, T0);
      // A quiet day, then two hours of a growing backlash written by many people (starting at 3 a bucket,
      // so that it opens as a watch and escalates: at 4 a bucket it opens as a warning straight away).
      const surgeStart = T0 + 24 * 3_600_000;
      const surgeEnd = surgeStart + 2 * 3_600_000;
      const end = surgeEnd + 3 * 3_600_000;
      let n = 0;
      let backers = 0;
      for (let t = T0; t < end; t += BUCKET_MS) {
        const count = t >= surgeStart && t < surgeEnd ? 3 + Math.floor((t - surgeStart) / (10 * 60_000)) * 2 : (t - T0) % (2 * 3_600_000) === 0 ? 1 : 0;
        const items: ScoredDraft[] = Array.from({ length: count }, () => {
          const item = negative(`m${n++}`, t + 60_000, topic.id);
          return { ...item, draft: { ...item.draft, author: `@backer${backers++ % 40}` } };
        });
        if ((t - T0) % (10 * 60_000) === 0) items.push(neutral(`m${n++}`, t + 60_000, topic.id));
        await insertMentions(deps.db, source.id, items, t + BUCKET_MS);
        await runDetect(deps, t + BUCKET_MS);
        await runDeliver(deps, t + BUCKET_MS);
      }
      type Evidence = { observed: number; expected: number; windowStart: string; windowEnd: string; signal: string; authors: { distinct: number } | null; recovery: { minutesToVolume: number | null } | null; peakWindow: { observed: number; signal: string } | null };
      const events = hook.received.map((r) => r.json as { type: string; data: { alert: { severity: string }; evidence: Evidence } });
      const opened = events.find((e) => e.type === 'alert.opened')!;
      const escalated = events.filter((e) => e.type === 'alert.escalated');
      const resolved = events.find((e) => e.type === 'alert.resolved')!;
      expect(escalated.length).toBeGreaterThanOrEqual(1);
      const [alert] = await listAlerts(deps.db, { limit: 1 });
      const stored = alert!.evidence['escalation'] as { observed: number; windowEnd: number; windowMinutes: number };
      const last = escalated[escalated.length - 1]!.data.evidence;
      // The escalation's own numbers, window and authors, not the opening window's again.
      expect(last.observed).toBe(stored.observed);
      expect(Date.parse(last.windowEnd)).toBe(stored.windowEnd);
      expect(last.signal).toBe(`negative mentions per ${stored.windowMinutes} minutes`);
      expect(last.observed).toBeGreaterThan(opened.data.evidence.observed);
      // Forty people take turns: every mention of the window has its own author.
      expect(last.authors?.distinct).toBe(Math.min(last.observed, 40));
      expect(opened.data.evidence.recovery).toBeNull();
      expect(resolved.data.evidence.observed).toBe(opened.data.evidence.observed);
      expect(resolved.data.evidence.recovery?.minutesToVolume).toBeGreaterThanOrEqual(60);
      // The resolution also tells how big it got: the peak, with what its window counted.
      const peak = alert!.evidence['peak'] as { observed: number; windowMinutes: number };
      expect(resolved.data.evidence.peakWindow).toMatchObject({ observed: peak.observed, signal: `negative mentions per ${peak.windowMinutes} minutes` });
      expect(peak.observed).toBeGreaterThanOrEqual(last.observed);
      expect(opened.data.evidence.peakWindow).toBeNull();
    } finally {
      await hook.close();
    }
  });

  it('quiet hours: a storm that turns critical during them reaches the receiver as opened, then escalated, when it breaks through', async () => {
    const deps = await createTestDeps();
    const topic = (await createTopic(deps.db, { name: 'Acme', query: 'acme' }, T0))!;
    const source = (await createSource(deps.db, { kind: 'rss', url: 'https://blog.example/feed' }, T0))!;
    await saveTopicDetectorSettings(deps.db, topic.id, parseDetectorSettings({ quietHours: { start: '23:30', end: '02:30' } }), T0);
    const hook = await startWebhookReceiver();
    try {
      await createEndpoint(deps.db, { url: hook.url }, T0);
      // A quiet day, then at midnight a pile-on that keeps growing for two hours.
      const surgeStart = T0 + 24 * 3_600_000;
      const surgeEnd = surgeStart + 2 * 3_600_000;
      let n = 0;
      const firstDelivery: number[] = [];
      for (let t = T0; t < surgeEnd + 3 * 3_600_000; t += BUCKET_MS) {
        const count = t >= surgeStart && t < surgeEnd ? 4 + Math.floor((t - surgeStart) / (10 * 60_000)) * 2 : (t - T0) % (2 * 3_600_000) === 0 ? 1 : 0;
        const items = Array.from({ length: count }, () => negative(`m${n++}`, t + 60_000, topic.id));
        if ((t - T0) % (10 * 60_000) === 0) items.push(neutral(`m${n++}`, t + 60_000, topic.id));
        await insertMentions(deps.db, source.id, items, t + BUCKET_MS);
        await runDetect(deps, t + BUCKET_MS);
        await runDeliver(deps, t + BUCKET_MS);
        if (hook.received.length > 0 && firstDelivery.length === 0) firstDelivery.push(t + BUCKET_MS);
      }
      const events = hook.received.map((r) => r.json as { type: string; data: { alert: { severity: string } } });
      // Nobody hears of an escalation first: the opening comes with it, at the severity it opened with.
      expect(events.map((e) => `${e.type} ${e.data.alert.severity}`)).toEqual(['alert.opened warning', 'alert.escalated critical', 'alert.resolved critical']);
      expect(firstDelivery[0]).toBeGreaterThan(surgeStart + 10 * 60_000);
      expect(firstDelivery[0]).toBeLessThan(surgeStart + 3_600_000);
    } finally {
      await hook.close();
    }
  });

  it('keeps an alert event in the outbox while the receiver is down, and delivers it when it is back', async () => {
    const deps = await createTestDeps();
    const down = await startWebhookReceiver();
    const url = down.url;
    await down.close();
    const topic = (await createTopic(deps.db, { name: 'Acme', query: 'acme' }, T0))!;
    const source = (await createSource(deps.db, { kind: 'rss', url: 'https://blog.example/feed' }, T0))!;
    await createEndpoint(deps.db, { url }, T0);
    // Four ordinary hours first: the detector needs some history (3 hours) before it judges anything.
    const quiet = Array.from({ length: 24 }, (_, i) => neutral(`q${i}`, T0 + i * 10 * 60_000, topic.id));
    await insertMentions(deps.db, source.id, quiet, T0 + 4 * 3_600_000);
    const at = T0 + 4 * 3_600_000;
    const surge = Array.from({ length: 15 }, (_, i) => negative(`s${i}`, at + 60_000, topic.id));
    await insertMentions(deps.db, source.id, surge, at + BUCKET_MS);
    expect((await runDetect(deps, at + BUCKET_MS)).opened).toBe(1);
    const first = await runDeliver(deps, at + BUCKET_MS);
    expect(first).toMatchObject({ attempted: 1, delivered: 0, retrying: 1 });
    const [pending] = await listDeliveries(deps.db, { limit: 1 });
    expect(pending).toMatchObject({ status: 'pending', attempts: 1 });
    expect(pending!.lastError).toMatch(/network|refused/i);
    expect(pending!.nextAttemptAt).toBeGreaterThan(at + BUCKET_MS);
  });
});
