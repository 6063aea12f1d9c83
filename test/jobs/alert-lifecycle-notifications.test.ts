// The alert lifecycle as a receiver lives it: detect and deliver every bucket over real SQLite, events
// to a real HTTP receiver on 127.0.0.1. Each case is a combination an on-call team meets.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDeliver } from '../../jobs/deliver';
import { runDetect } from '../../jobs/detect';
import { runPurge } from '../../jobs/purge-sources';
import { createApp } from '../../src/api/create-app';
import { BUCKET_MS } from '../../src/domain/bucket';
import { parseDetectorSettings } from '../../src/detection/detector-settings';
import type { Deps } from '../../src/runtime/deps';
import { acknowledgeAlert, listAlerts } from '../../src/storage/alert-store';
import { saveTopicDetectorSettings } from '../../src/storage/detector-settings-store';
import { createEndpoint } from '../../src/storage/endpoint-store';
import { insertMentions, type ScoredDraft } from '../../src/storage/mention-store';
import { createSource } from '../../src/storage/source-store';
import { requestTopicDeletion } from '../../src/storage/topic-purge-store';
import { createTopic, getTopic } from '../../src/storage/topic-store';
import { createTestDeps } from '../support/test-deps';
import { startWebhookTestReceiver, type WebhookTestReceiver } from '../support/webhook-test-receiver';

const T0 = Date.UTC(2026, 10, 30, 0, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;

function mention(key: string, at: number, topicId: number, tone: 'negative' | 'neutral'): ScoredDraft {
  return {
    draft: { dedupKey: key, url: `https://blog.example/${key}`, author: `@a${key}`, title: `acme ${key}`, text: tone === 'negative' ? 'acme is awful' : 'acme released a new version', publishedAt: at },
    sentiment: { score: tone === 'negative' ? -0.7 : 0, label: tone, explanation: [], version: 't' },
    topicIds: [topicId],
  };
}

interface Scenario {
  deps: Deps;
  topicId: number;
  sourceId: number;
  /** Mentions and a detect + deliver run for each bucket up to `until`; `negatives(t)` per bucket, `each(t)` after each run. */
  runUntil(until: number, negatives: (t: number) => number, each?: (t: number) => Promise<void>): Promise<void>;
}

let receiver: WebhookTestReceiver;
beforeEach(async () => {
  receiver = await startWebhookTestReceiver();
});
afterEach(async () => receiver.close());

async function scenario(settings: Record<string, unknown> = {}): Promise<Scenario> {
  const deps = await createTestDeps();
  const topic = (await createTopic(deps.db, { name: 'Acme', query: 'acme' }, T0))!;
  const source = (await createSource(deps.db, { kind: 'rss', url: 'https://blog.example/feed' }, T0))!;
  await saveTopicDetectorSettings(deps.db, topic.id, parseDetectorSettings(settings), T0);
  let n = 0;
  let next = T0;
  return {
    deps,
    topicId: topic.id,
    sourceId: source.id,
    async runUntil(until, negatives, each) {
      for (; next < until; next += BUCKET_MS) {
        const t = next;
        // A quiet day: a neutral mention every 10 minutes, a negative one every two hours.
        const count = negatives(t) ?? 0;
        const items = Array.from({ length: count }, () => mention(`m${n++}`, t + MIN, topic.id, 'negative'));
        if ((t - T0) % (10 * MIN) === 0) items.push(mention(`m${n++}`, t + MIN, topic.id, 'neutral'));
        if ((t - T0) % (2 * HOUR) === 0) items.push(mention(`m${n++}`, t + MIN, topic.id, 'negative'));
        await insertMentions(deps.db, source.id, items, t + BUCKET_MS);
        await runDetect(deps, t + BUCKET_MS);
        await runDeliver(deps, t + BUCKET_MS);
        if (each) await each(t);
      }
    },
  };
}

const received = () => receiver.requests.map((r) => JSON.parse(r.body) as { id: string; type: string; data: { alert: { id: number; severity: string; openedAt: string } } });

describe('the alert lifecycle, as the receiver hears it', () => {
  it('two detect runs at once (a Workers cron tick overlapping the last) open one alert for one surge, announced once', async () => {
    const s = await scenario();
    await createEndpoint(s.deps.db, { url: receiver.url }, T0);
    const surge = T0 + 24 * HOUR;
    await s.runUntil(surge + BUCKET_MS, () => 0);
    const storm = Array.from({ length: 15 }, (_, i) => mention(`storm${i}`, surge + BUCKET_MS + MIN, s.topicId, 'negative'));
    await insertMentions(s.deps.db, s.sourceId, storm, surge + 2 * BUCKET_MS);
    const reports = await Promise.all([runDetect(s.deps, surge + 2 * BUCKET_MS), runDetect(s.deps, surge + 2 * BUCKET_MS)]);
    expect(reports.map((r) => r.opened).sort()).toEqual([0, 1]);
    await runDeliver(s.deps, surge + 2 * BUCKET_MS);
    expect((await listAlerts(s.deps.db, { limit: 5 })).length).toBe(1);
    expect(received().map((e) => e.type)).toEqual(['alert.opened']);
  }, 60_000);

  /** A 30-minute storm, and a second one starting `gap` after the first alert resolved (by default within its 60-minute cool-down). */
  async function stormThenRecurrence(s: Scenario, afterEach?: (t: number) => Promise<void>, gap = 20 * MIN): Promise<void> {
    const first = T0 + 24 * HOUR;
    let second = Infinity;
    const storming = (t: number) => (t >= first && t < first + 30 * MIN) || (t >= second && t < second + 30 * MIN);
    await s.runUntil(first + 12 * HOUR, (t) => (storming(t) ? 12 : 0), async (t) => {
      const [alert] = await listAlerts(s.deps.db, { limit: 1 });
      if (second === Infinity && alert?.status === 'resolved') second = t + gap;
      if (afterEach) await afterEach(t);
    });
    expect(second).toBeLessThan(Infinity);
  }

  it('a recurrence within the cool-down reopens the alert, and its escalation and resolution are heard again', async () => {
    const s = await scenario({ cooldownMinutes: 60 });
    await createEndpoint(s.deps.db, { url: receiver.url }, T0);
    await stormThenRecurrence(s);
    const alerts = await listAlerts(s.deps.db, { limit: 5 });
    expect(alerts.map((a) => a.status)).toEqual(['resolved']);
    const events = received();
    const types = events.map((e) => e.type);
    // Twice the same story: opened (at warning), escalated to critical, resolved. Before, the second
    // escalation and resolution reused the first ones' ids and the outbox dropped them as repeats: the
    // receiver's last word on the alert was that it had opened again.
    expect(types).toEqual(['alert.opened', 'alert.escalated', 'alert.resolved', 'alert.opened', 'alert.escalated', 'alert.resolved']);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.every((e) => e.data.alert.id === alerts[0]!.id)).toBe(true);
    expect(receiver.duplicates.size).toBe(0);
  }, 60_000);

  it('an alert acknowledged before it resolved stays acknowledged when it reopens: its reopening is quiet, its escalation is not', async () => {
    const s = await scenario({ cooldownMinutes: 60 });
    await createEndpoint(s.deps.db, { url: receiver.url }, T0);
    let acknowledged = false;
    let resolvedOnce = false;
    const statusesAfterReopening: string[] = [];
    await stormThenRecurrence(s, async (t) => {
      const [alert] = await listAlerts(s.deps.db, { limit: 1 });
      if (!alert) return;
      if (!acknowledged && alert.status === 'open') {
        await acknowledgeAlert(s.deps.db, alert.id, t + BUCKET_MS);
        acknowledged = true;
      }
      if (alert.status === 'resolved') resolvedOnce = true;
      else if (resolvedOnce) statusesAfterReopening.push(alert.status);
    });
    const [alert] = await listAlerts(s.deps.db, { limit: 1 });
    expect(alert!.acknowledgedAt).not.toBeNull();
    // Acknowledged: not told of the resolution nor the reopening; every escalation breaks through.
    expect(received().map((e) => `${e.type} ${e.data.alert.severity}`)).toEqual(['alert.opened warning', 'alert.escalated critical', 'alert.escalated critical']);
    // The dashboard shows the reopened alert as still acknowledged, not as new.
    expect(statusesAfterReopening.length).toBeGreaterThan(0);
    expect(new Set(statusesAfterReopening)).toEqual(new Set(['acknowledged']));
  }, 60_000);

  it('acknowledged, resolved, then a new storm after the cool-down: a new alert, announced as one', async () => {
    const s = await scenario({ cooldownMinutes: 60 });
    await createEndpoint(s.deps.db, { url: receiver.url }, T0);
    let acknowledged = false;
    await stormThenRecurrence(s, async (t) => {
      const [alert] = await listAlerts(s.deps.db, { limit: 1 });
      if (alert && !acknowledged && alert.status === 'open') {
        await acknowledgeAlert(s.deps.db, alert.id, t + BUCKET_MS);
        acknowledged = true;
      }
    }, 2 * HOUR);
    const alerts = await listAlerts(s.deps.db, { limit: 5 });
    expect(alerts.map((a) => [a.status, a.acknowledgedAt === null])).toEqual([['resolved', true], ['resolved', false]]);
    const [second, first] = alerts;
    // The first alert's resolution stays quiet (acknowledged); the new one is heard from its opening to its resolution.
    expect(received().map((e) => `${e.type} ${e.data.alert.id}`).filter((e) => !e.startsWith('alert.escalated'))).toEqual([`alert.opened ${first!.id}`, `alert.opened ${second!.id}`, `alert.resolved ${second!.id}`]);
  }, 60_000);

  it('quiet hours hold a resolution until they end, for a team that heard the alert open', async () => {
    const s = await scenario({ quietHours: { start: '22:00', end: '07:00' } });
    await createEndpoint(s.deps.db, { url: receiver.url }, T0);
    // A storm at 21:00 is heard at once; it calms down after midnight, in the quiet hours.
    const storm = T0 + 45 * HOUR;
    const heardAt: Array<[string, number]> = [];
    await s.runUntil(storm + 12 * HOUR, (t) => (t >= storm && t < storm + 30 * MIN ? 12 : 0), async (t) => {
      for (const e of received().slice(heardAt.length)) heardAt.push([e.type, t + BUCKET_MS]);
    });
    const [alert] = await listAlerts(s.deps.db, { limit: 1 });
    expect(alert!.resolvedAt).toBeGreaterThan(storm + HOUR);
    expect(alert!.resolvedAt).toBeLessThan(storm + 10 * HOUR);
    expect(heardAt.map(([type]) => type).filter((t) => t !== 'alert.escalated')).toEqual(['alert.opened', 'alert.resolved']);
    // Sent when the quiet hours end (07:00), not in the night and not never.
    expect(heardAt.at(-1)).toEqual(['alert.resolved', storm + 10 * HOUR]);
  }, 60_000);
});

describe('a topic deleted while its alert is open', () => {
  type Heard = { id: string; type: string; data: { alert: { id: number; status: string; resolution?: string | null; url: string | null } } };
  const heard = () => receiver.requests.map((r) => JSON.parse(r.body) as Heard);
  const deleteThroughApi = (s: Scenario, at: number) =>
    createApp(s.deps, { now: () => at, auth: { required: false }, allowPrivateUrls: false }).request(`/api/topics/${s.topicId}`, { method: 'DELETE' });
  /** A 30-minute storm from day 2, run until `until` (relative to its start). */
  const storm = T0 + 24 * HOUR;
  const runStorm = (s: Scenario, until: number, each?: (t: number) => Promise<void>) =>
    s.runUntil(storm + until, (t) => (t >= storm && t < storm + 30 * MIN ? 12 : 0), each);

  it('its receivers hear it end, as closed with the topic, and nothing after', async () => {
    const s = await scenario();
    await createEndpoint(s.deps.db, { url: receiver.url }, T0);
    await runStorm(s, 20 * MIN);
    const [alert] = await listAlerts(s.deps.db, { limit: 1 });
    expect(alert!.status).toBe('open');
    const at = storm + 20 * MIN;
    expect((await deleteThroughApi(s, at)).status).toBe(204);
    await runDeliver(s.deps, at);
    await runPurge(s.deps, at + BUCKET_MS);
    await runDetect(s.deps, at + BUCKET_MS);
    await runDeliver(s.deps, at + BUCKET_MS);
    const events = heard();
    expect(events.map((e) => e.type).filter((t) => t !== 'alert.escalated')).toEqual(['alert.opened', 'alert.resolved']);
    // Before, the alert went with the topic's row and its receivers' last word was that it had opened.
    expect(events.at(-1)).toMatchObject({
      id: `evt_alert_${alert!.id}_resolved_topic-deleted`,
      data: { alert: { id: alert!.id, status: 'resolved', resolution: 'topic-deleted', url: null } },
    });
    expect(await getTopic(s.deps.db, s.topicId, { includeDeleting: true })).toBeUndefined();
  }, 60_000);

  it('an acknowledged alert ends quietly, as its resolution would have (decide-notification)', async () => {
    const s = await scenario();
    await createEndpoint(s.deps.db, { url: receiver.url }, T0);
    await runStorm(s, 20 * MIN);
    const [alert] = await listAlerts(s.deps.db, { limit: 1 });
    await acknowledgeAlert(s.deps.db, alert!.id, storm + 20 * MIN);
    const before = heard().length;
    expect((await deleteThroughApi(s, storm + 20 * MIN)).status).toBe(204);
    await runDeliver(s.deps, storm + 20 * MIN);
    expect(heard().slice(before)).toEqual([]);
  }, 60_000);

  it('a resolution quiet hours were holding is sent when the topic is deleted, not lost with it', async () => {
    const s = await scenario({ quietHours: { start: '22:00', end: '07:00' } });
    await createEndpoint(s.deps.db, { url: receiver.url }, T0);
    // Heard at 21:00, calm after midnight, deleted at 03:00 (the held resolution would have gone at 07:00).
    const night = T0 + 45 * HOUR;
    await s.runUntil(night + 6 * HOUR, (t) => (t >= night && t < night + 30 * MIN ? 12 : 0));
    const [alert] = await listAlerts(s.deps.db, { limit: 1 });
    expect(alert!.status).toBe('resolved');
    expect(heard().map((e) => e.type)).not.toContain('alert.resolved');
    expect((await deleteThroughApi(s, night + 6 * HOUR)).status).toBe(204);
    await runDeliver(s.deps, night + 6 * HOUR);
    // The detector's own resolution (the signal did calm down), under the id it would have had at 07:00.
    expect(heard().at(-1)).toMatchObject({ id: `evt_alert_${alert!.id}_resolved`, data: { alert: { resolution: 'back-to-normal' } } });
  }, 60_000);

  it('a crash between the mark and the closing leaves it to the purge step, before the alert goes', async () => {
    const s = await scenario();
    await createEndpoint(s.deps.db, { url: receiver.url }, T0);
    await runStorm(s, 20 * MIN);
    const [alert] = await listAlerts(s.deps.db, { limit: 1 });
    const at = storm + 20 * MIN;
    // What DELETE does first; the process dies before anything else.
    await requestTopicDeletion(s.deps.db, s.topicId, at);
    await runPurge(s.deps, at + BUCKET_MS);
    await runDeliver(s.deps, at + BUCKET_MS);
    expect(heard().at(-1)).toMatchObject({ id: `evt_alert_${alert!.id}_resolved_topic-deleted`, type: 'alert.resolved' });
    expect(await getTopic(s.deps.db, s.topicId, { includeDeleting: true })).toBeUndefined();
  }, 60_000);
});
