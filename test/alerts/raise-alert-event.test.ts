import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertEventPayload } from '../../src/alerts/alert-payload';
import { endpointWants, raiseAlertEvent } from '../../src/alerts/raise-alert-event';
import type { Alert, AlertSeverity } from '../../src/domain/alert';
import type { WebhookEndpoint } from '../../src/domain/delivery';
import { insertAlert, updateAlert } from '../../src/storage/alert-store';
import { listDeliveries } from '../../src/storage/delivery-store';
import { createEndpoint } from '../../src/storage/endpoint-store';
import { insertMentions } from '../../src/storage/mention-store';
import { ensureSource } from '../../src/storage/source-store';
import { muteTopic, unmuteTopic } from '../../src/storage/topic-mute-store';
import { createAlertTestDeps, seedOpenAlert, seedTopic, T0, type AlertTestDeps } from '../support/webhook-test-deps';

const hour = 3_600_000;

const endpoint = (over: Partial<WebhookEndpoint> = {}): WebhookEndpoint => ({
  id: 1, kind: 'webhook', url: 'https://hooks.example/a', enabled: true, createdAt: T0, topicIds: null, eventTypes: null,
  minSeverity: 'watch', failingSince: null, disabledAt: null, disabledReason: null, previousSecretExpiresAt: null, ...over,
});
const alert = (severity: AlertSeverity, topicId = 1): Alert => ({
  id: 5, topicId, kind: 'backlash', status: 'open', severity, openedAt: T0, updatedAt: T0, acknowledgedAt: null, resolvedAt: null,
  evidence: { observed: 9, expected: 2, windowStart: T0 - 300_000, windowEnd: T0, topMentions: [] },
});

describe('endpointWants (the truth table above it)', () => {
  const notified = new Set([1]);
  it.each<[string, Partial<WebhookEndpoint>, Alert, Parameters<typeof endpointWants>[2], ReadonlySet<number>, boolean]>([
    ['no filters, opened', {}, alert('watch'), 'alert.opened', new Set(), true],
    ['another topic', { topicIds: [2] }, alert('critical'), 'alert.opened', new Set(), false],
    ['its topic', { topicIds: [1, 2] }, alert('critical'), 'alert.opened', new Set(), true],
    ['an event type it did not pick', { eventTypes: ['alert.opened'] }, alert('critical'), 'alert.escalated', new Set(), false],
    ['below its minimum severity', { minSeverity: 'warning' }, alert('watch'), 'alert.opened', new Set(), false],
    ['at its minimum severity', { minSeverity: 'warning' }, alert('warning'), 'alert.opened', new Set(), true],
    ['escalated up to its minimum', { minSeverity: 'critical' }, alert('critical'), 'alert.escalated', new Set(), true],
    ['resolved, having heard of the alert', { minSeverity: 'critical' }, alert('watch'), 'alert.resolved', notified, true],
    ['resolved, never having heard of it', {}, alert('critical'), 'alert.resolved', new Set(), false],
    ['resolved, heard of it but filtered resolutions out', { eventTypes: ['alert.opened'] }, alert('watch'), 'alert.resolved', notified, false],
  ])('%s', (_name, over, a, type, told, expected) => {
    expect(endpointWants(endpoint(over), a, type, told)).toBe(expected);
  });
});

describe('raiseAlertEvent', () => {
  let ctx: AlertTestDeps;
  beforeEach(async () => {
    ctx = await createAlertTestDeps();
  });
  afterEach(async () => ctx.close());

  const rows = async () => (await listDeliveries(ctx.deps.db, { limit: 100 })).map((d) => [d.eventId, d.endpointId]).reverse();

  it('writes one outbox row per interested endpoint, once however often it is raised', async () => {
    const topic = await seedTopic(ctx.deps.db, 'FundSpark');
    await createEndpoint(ctx.deps.db, { url: 'https://hooks.example/all' }, T0);
    await createEndpoint(ctx.deps.db, { url: 'https://hooks.example/critical', minSeverity: 'critical' }, T0);
    await createEndpoint(ctx.deps.db, { url: 'https://hooks.example/off', enabled: false }, T0);
    const a = await seedOpenAlert(ctx.deps.db, topic.id, 'warning');
    expect(await raiseAlertEvent(ctx.deps, a, topic, 'alert.opened', T0)).toEqual({ eventId: 'evt_alert_1_opened', enqueued: 1, suppressed: null });
    expect(await raiseAlertEvent(ctx.deps, a, topic, 'alert.opened', T0 + 60_000)).toMatchObject({ enqueued: 0 });
    expect(await rows()).toEqual([['evt_alert_1_opened', 1]]);
  });

  it('escalates at most once per severity step, and the step reaches endpoints waiting for that severity', async () => {
    const topic = await seedTopic(ctx.deps.db, 'FundSpark');
    await createEndpoint(ctx.deps.db, { url: 'https://hooks.example/all' }, T0);
    await createEndpoint(ctx.deps.db, { url: 'https://hooks.example/critical', minSeverity: 'critical' }, T0);
    let a = await seedOpenAlert(ctx.deps.db, topic.id, 'watch');
    await raiseAlertEvent(ctx.deps, a, topic, 'alert.opened', T0);
    a = (await updateAlert(ctx.deps.db, a.id, { severity: 'warning' }, T0 + 300_000))!;
    // Every crawl while the alert grows calls this; only the first call per severity enqueues.
    for (let crawl = 0; crawl < 5; crawl += 1) await raiseAlertEvent(ctx.deps, a, topic, 'alert.escalated', T0 + 300_000 * (crawl + 1));
    a = (await updateAlert(ctx.deps.db, a.id, { severity: 'critical' }, T0 + 3_000_000))!;
    for (let crawl = 0; crawl < 3; crawl += 1) await raiseAlertEvent(ctx.deps, a, topic, 'alert.escalated', T0 + 3_000_000);
    a = (await updateAlert(ctx.deps.db, a.id, { status: 'resolved', resolvedAt: T0 + 4 * hour }, T0 + 4 * hour))!;
    await raiseAlertEvent(ctx.deps, a, topic, 'alert.resolved', T0 + 4 * hour);
    expect(await rows()).toEqual([
      ['evt_alert_1_opened', 1],
      ['evt_alert_1_escalated_warning', 1],
      ['evt_alert_1_escalated_critical', 1],
      ['evt_alert_1_escalated_critical', 2],
      ['evt_alert_1_resolved', 1],
      ['evt_alert_1_resolved', 2],
    ]);
    // The endpoint that skipped the opening hears of the alert first by its escalation, which says
    // all it needs to: which alert, since when, how bad, and where to look.
    const [, , , critical] = await listDeliveries(ctx.deps.db, { limit: 100 }).then((d) => d.reverse());
    const payload = JSON.parse(critical!.payload) as AlertEventPayload;
    expect(payload.type === 'alert.escalated' && payload.data.alert).toMatchObject({
      id: a.id, kind: 'backlash', severity: 'critical', openedAt: new Date(T0).toISOString(), url: `https://earshot.example/#/alerts/${a.id}`,
    });
  });

  it.each([
    // A snooze: "seen it, tell me if it gets worse". Snoozed alerts notify again only when they escalate.
    { name: 'snoozed for an hour: everything but an escalation', mutedUntil: T0 + hour, escalationSent: 1 },
    { name: 'muted until unmuted: everything, escalations too', mutedUntil: null, escalationSent: 0 },
  ])('holds back the events of a topic $name, until it ends', async ({ mutedUntil, escalationSent }) => {
    const topic = await seedTopic(ctx.deps.db, 'FundSpark');
    const other = await seedTopic(ctx.deps.db, 'Acme');
    await createEndpoint(ctx.deps.db, { url: 'https://hooks.example/all' }, T0);
    await muteTopic(ctx.deps.db, { topicId: topic.id, mutedUntil, reason: 'known outage' }, T0);
    const a = await seedOpenAlert(ctx.deps.db, topic.id, 'watch');
    const b = await seedOpenAlert(ctx.deps.db, other.id, 'critical');
    expect(await raiseAlertEvent(ctx.deps, a, topic, 'alert.opened', T0 + 1)).toMatchObject({ enqueued: 0, suppressed: 'muted' });
    expect(await raiseAlertEvent(ctx.deps, b, other, 'alert.opened', T0 + 1)).toMatchObject({ enqueued: 1 });
    const warning = (await updateAlert(ctx.deps.db, a.id, { severity: 'warning' }, T0 + 2))!;
    expect(await raiseAlertEvent(ctx.deps, warning, topic, 'alert.escalated', T0 + 2)).toMatchObject({ enqueued: escalationSent, suppressed: escalationSent === 1 ? null : 'muted' });
    expect(await raiseAlertEvent(ctx.deps, warning, topic, 'alert.resolved', T0 + 3)).toMatchObject({ enqueued: 0, suppressed: 'muted' });
    if (mutedUntil === null) await unmuteTopic(ctx.deps.db, topic.id);
    const c = (await updateAlert(ctx.deps.db, a.id, { severity: 'critical' }, T0 + 2 * hour))!;
    expect(await raiseAlertEvent(ctx.deps, { ...c, severity: 'critical' }, topic, 'alert.escalated', T0 + 2 * hour)).toMatchObject({ enqueued: 1 });
    expect(ctx.logLines.some((l) => l.includes('alert event muted'))).toBe(true);
  });

  /** A topic with three negative mentions and two positive ones in the alert window before T0. */
  async function seedMixedMentions() {
    const topic = await seedTopic(ctx.deps.db, 'FundSpark');
    await createEndpoint(ctx.deps.db, { url: 'https://hooks.example/all' }, T0);
    const source = await ensureSource(ctx.deps.db, { kind: 'rss', url: 'https://feeds.example/rss', name: null }, T0);
    const item = (key: string, at: number, score: number, engagement: { likes: number | null } | null) => ({
      draft: {
        dedupKey: key, url: `https://forum.example/${key}`, author: null, title: `post ${key}`, text: `text of ${key}`, publishedAt: at,
        engagement: engagement ? { likes: engagement.likes, reposts: null, replies: null, score: null } : null,
      },
      sentiment: { score, label: score < 0 ? ('negative' as const) : ('positive' as const), explanation: [], version: 't' },
      topicIds: [topic.id],
    });
    await insertMentions(ctx.deps.db, source.id, [
      item('early', T0 - 250_000, -0.3, null),
      item('viral', T0 - 100_000, -0.2, { likes: 900 }),
      item('angry', T0 - 50_000, -0.9, { likes: 3 }),
      item('happy', T0 - 280_000, 0.8, { likes: 5000 }),
      item('glad', T0 - 200_000, 0.4, { likes: 7000 }),
    ], T0);
    return topic;
  }

  it('leads the payload with the first and the most engaged negative mentions, with links, and the dashboard link', async () => {
    const topic = await seedMixedMentions();
    const a = await seedOpenAlert(ctx.deps.db, topic.id, 'warning');
    await raiseAlertEvent(ctx.deps, a, topic, 'alert.opened', T0);
    const [row] = await listDeliveries(ctx.deps.db, { limit: 1 });
    const payload = JSON.parse(row!.payload) as AlertEventPayload;
    expect(payload).toMatchObject({
      id: 'evt_alert_1_opened',
      type: 'alert.opened',
      version: '2026-12-01',
      timestamp: new Date(T0).toISOString(),
      data: {
        topic: { id: 1, name: 'FundSpark' },
        alert: { id: 1, severity: 'warning', status: 'open', url: 'https://earshot.example/#/alerts/1' },
        evidence: { observed: 42, expected: 3, signal: 'negative mentions per 5 minutes', windowStart: new Date(T0 - 300_000).toISOString() },
        mentions: {
          // Where each was posted: the source's name, or its URL when it has none.
          first: { url: 'https://forum.example/early', title: 'post early', engagement: null, source: { kind: 'rss', name: 'https://feeds.example/rss' } },
          mostEngaged: { url: 'https://forum.example/viral', engagement: 900, source: { kind: 'rss', name: 'https://feeds.example/rss' } },
        },
      },
    });
  });

  it("sends the alert's signal over the last two hours beside its usual level where the alert kept one, for chat's sparkline", async () => {
    const topic = await seedMixedMentions();
    const opened = await seedOpenAlert(ctx.deps.db, topic.id, 'warning');
    const usual = { from: T0 - 30 * 60_000, bucketMinutes: 5, counts: Array(6).fill(0.5) };
    const a = (await updateAlert(ctx.deps.db, opened.id, { evidence: { ...opened.evidence, expectedByBucket: [usual] } }, T0))!;
    // A minute into the next bucket: the two hours are the 24 complete buckets before it.
    await raiseAlertEvent(ctx.deps, a, topic, 'alert.opened', T0 + 60_000);
    const [row] = await listDeliveries(ctx.deps.db, { limit: 1 });
    expect((JSON.parse(row!.payload) as AlertEventPayload & { type: 'alert.opened' }).data.evidence.recent).toEqual({
      from: new Date(T0 - 2 * hour).toISOString(),
      bucketMinutes: 5,
      // The three negative mentions of the last bucket; the two positive ones are not the backlash's signal.
      counts: [...Array(23).fill(0), 3],
      usual: [...Array(18).fill(null), ...Array(6).fill(0.5)],
      peak: 3,
    });
  });

  it("leads an opening with where the story started: the pickup path's first mention, older than the window and neutral", async () => {
    const topic = await seedMixedMentions();
    const source = await ensureSource(ctx.deps.db, { kind: 'rss', url: 'https://feeds.example/rss', name: null }, T0);
    await insertMentions(ctx.deps.db, source.id, [{
      draft: { dedupKey: 'report', url: 'https://blog.example/report', author: null, title: 'The report', text: 'What FundSpark did', publishedAt: T0 - hour },
      sentiment: { score: 0, label: 'neutral', explanation: [], version: 't' },
      topicIds: [topic.id],
    }], T0);
    const [report] = await ctx.deps.db.selectFrom('mentions').select('id').where('url', '=', 'https://blog.example/report').execute();
    const terms = [{ term: 'deposit', surgeCount: 9, baselineCount: 0, z: 4.1 }];
    const evidence = { observed: 3, expected: 0.2, windowStart: T0 - 300_000, windowEnd: T0, topMentions: [], firstMentions: [{ id: report!.id }, { id: 1 }], terms };
    const a = await insertAlert(ctx.deps.db, { topicId: topic.id, kind: 'backlash', severity: 'warning', evidence }, T0);
    await raiseAlertEvent(ctx.deps, a, topic, 'alert.opened', T0);
    const escalated = (await updateAlert(ctx.deps.db, a.id, { severity: 'critical' }, T0 + 60_000))!;
    await raiseAlertEvent(ctx.deps, escalated, topic, 'alert.escalated', T0 + 60_000);
    const payloads = (await listDeliveries(ctx.deps.db, { limit: 5 })).map((d) => JSON.parse(d.payload) as AlertEventPayload).reverse();
    expect(payloads.map((p) => p.type)).toEqual(['alert.opened', 'alert.escalated']);
    expect(payloads[0]).toMatchObject({ data: { evidence: { terms: ['deposit'] }, mentions: { first: { url: 'https://blog.example/report', title: 'The report', sentimentScore: 0 }, mostEngaged: { url: 'https://forum.example/viral' } } } });
    expect(payloads[1]).toMatchObject({ data: { mentions: { first: { url: 'https://forum.example/early' } } } });
  });

  it.each([
    ['a pickup path whose first mention is gone', [{ id: 9999 }]],
    ['stored JSON that is not a pickup path', 'oops'],
    ['an id that is not a number', [{ id: '1; drop table mentions' }]],
  ])('leads an opening with the window\'s first mention for %s', async (_name, firstMentions) => {
    const topic = await seedMixedMentions();
    const evidence = { observed: 3, expected: 0.2, windowStart: T0 - 300_000, windowEnd: T0, topMentions: [], firstMentions };
    const a = await insertAlert(ctx.deps.db, { topicId: topic.id, kind: 'backlash', severity: 'warning', evidence }, T0);
    await raiseAlertEvent(ctx.deps, a, topic, 'alert.opened', T0);
    const [row] = await listDeliveries(ctx.deps.db, { limit: 1 });
    expect(JSON.parse(row!.payload)).toMatchObject({ data: { mentions: { first: { url: 'https://forum.example/early' } } } });
  });

  it("finds a big window's most engaged and strongest posts wherever they are in it (250 negative mentions, both last)", async () => {
    const topic = await seedTopic(ctx.deps.db, 'FundSpark');
    await createEndpoint(ctx.deps.db, { url: 'https://hooks.example/all' }, T0);
    const source = await ensureSource(ctx.deps.db, { kind: 'rss', url: 'https://feeds.example/rss', name: null }, T0);
    const items = Array.from({ length: 250 }, (_, i) => ({
      draft: {
        dedupKey: `m${i}`, url: `https://forum.example/m${i}`, author: null, title: `post ${i}`, text: `angry ${i}`, publishedAt: T0 - 3 * hour + i * 40_000,
        engagement: { likes: i === 249 ? 90_000 : 10, reposts: null, replies: null, score: null },
      },
      sentiment: { score: i === 248 ? -0.99 : -0.5, label: 'negative' as const, explanation: [], version: 't' },
      topicIds: [topic.id],
    }));
    for (let i = 0; i < items.length; i += 50) await insertMentions(ctx.deps.db, source.id, items.slice(i, i + 50), T0);
    const evidence = { observed: 250, expected: 20, windowStart: T0 - 3 * hour, windowEnd: T0, topMentions: [] };
    const a = await insertAlert(ctx.deps.db, { topicId: topic.id, kind: 'backlash', severity: 'critical', evidence }, T0);
    await raiseAlertEvent(ctx.deps, a, topic, 'alert.opened', T0);
    // Without any engagement numbers, the strongest stands in: the most negative, also last.
    await ctx.deps.db.updateTable('mentions').set({ engagement: null, engagement_total: null }).execute();
    const b = await insertAlert(ctx.deps.db, { topicId: topic.id, kind: 'volume-spike', severity: 'warning', evidence }, T0);
    await raiseAlertEvent(ctx.deps, b, topic, 'alert.opened', T0);
    const payloads = (await listDeliveries(ctx.deps.db, { limit: 5 })).map((d) => JSON.parse(d.payload) as AlertEventPayload).reverse();
    expect(payloads[0]).toMatchObject({ data: { mentions: { first: { url: 'https://forum.example/m0' }, mostEngaged: { url: 'https://forum.example/m249', engagement: 90_000 } } } });
    expect(payloads[1]).toMatchObject({ data: { mentions: { first: { url: 'https://forum.example/m0' }, mostEngaged: { url: 'https://forum.example/m248', engagement: null } } } });
  });

  it('leads an escalation with the mentions of the window that escalated it', async () => {
    const topic = await seedMixedMentions();
    // Opened on the 5 minutes before T0; escalated on the last 2 minutes of them.
    const escalation = { observed: 2, expected: 0.1, windowStart: T0 - 120_000, windowEnd: T0, signal: 'negative mentions per 2 minutes' };
    const a = await insertAlert(ctx.deps.db, { topicId: topic.id, kind: 'backlash', severity: 'critical', evidence: { observed: 3, expected: 0.2, windowStart: T0 - 300_000, windowEnd: T0, topMentions: [], escalation } }, T0);
    await raiseAlertEvent(ctx.deps, a, topic, 'alert.escalated', T0);
    const [row] = await listDeliveries(ctx.deps.db, { limit: 1 });
    const payload = JSON.parse(row!.payload) as AlertEventPayload;
    expect(payload).toMatchObject({
      id: 'evt_alert_1_escalated_critical',
      data: { evidence: { observed: 2, windowStart: new Date(T0 - 120_000).toISOString() }, mentions: { first: { url: 'https://forum.example/viral' }, mostEngaged: { url: 'https://forum.example/viral' } } },
    });
  });

  it('leads a positive surge with positive mentions, not the complaints around it', async () => {
    const topic = await seedMixedMentions();
    const a = await insertAlert(ctx.deps.db, { topicId: topic.id, kind: 'positive-surge', severity: 'watch', evidence: { observed: 2, expected: 0.1, windowStart: T0 - 300_000, windowEnd: T0, topMentions: [] } }, T0);
    await raiseAlertEvent(ctx.deps, a, topic, 'alert.opened', T0);
    const [row] = await listDeliveries(ctx.deps.db, { limit: 1 });
    const payload = JSON.parse(row!.payload) as AlertEventPayload;
    expect(payload).toMatchObject({
      data: { alert: { kind: 'positive-surge' }, mentions: { first: { url: 'https://forum.example/happy' }, mostEngaged: { url: 'https://forum.example/glad', engagement: 7000 } } },
    });
  });
});
