import type { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDeliver } from '../../jobs/deliver';
import { buildTestPayload } from '../../src/alerts/alert-payload';
import { LEASE_MARGIN_MS } from '../../src/alerts/attempt-delivery';
import { DEFAULT_SEND_TIMEOUT_MS } from '../../src/alerts/alert-channel';
import { createApp } from '../../src/api/create-app';
import { insertAlert } from '../../src/storage/alert-store';
import { ATTEMPT_LOG_LIMIT, insertDeliveryAttempt } from '../../src/storage/delivery-attempt-store';
import { claimDelivery, enqueueDeliveries, getDelivery } from '../../src/storage/delivery-store';
import { createAlertTestDeps, seedTopic, T0, type AlertTestDeps } from '../support/webhook-test-deps';
import { startWebhookTestReceiver, type WebhookTestReceiver } from '../support/webhook-test-receiver';
import { verifyAsReceived } from '../support/webhook-verify';

const hour = 3_600_000;

describe('alert delivery API', () => {
  let ctx: AlertTestDeps;
  let receiver: WebhookTestReceiver;
  let app: Hono;
  let clock = T0;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read loosely and asserted with toMatchObject
  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
    const response = await app.request(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
    const text = await response.text();
    return { status: response.status, json: text === '' ? null : JSON.parse(text) };
  }

  beforeEach(async () => {
    clock = T0;
    ctx = await createAlertTestDeps();
    receiver = await startWebhookTestReceiver();
    app = createApp(ctx.deps, { now: () => clock, auth: { required: false }, allowPrivateUrls: true });
  });
  afterEach(async () => {
    await receiver.close();
    await ctx.close();
  });

  it('shows the signing secret once, at creation, and signs the test event with it', async () => {
    const created = await call('POST', '/api/webhooks', { url: receiver.url });
    expect(created.status).toBe(201);
    expect(created.json.secret).toMatch(/^whsec_/);
    expect(created.json).toMatchObject({ kind: 'webhook', topicIds: null, eventTypes: null, minSeverity: 'watch', failingSince: null, disabledAt: null });
    expect(JSON.stringify((await call('GET', '/api/webhooks/1')).json)).not.toContain('whsec_');
    expect(JSON.stringify((await call('GET', '/api/webhooks')).json)).not.toContain('whsec_');

    const test = await call('POST', '/api/webhooks/1/test');
    expect(test.status).toBe(200);
    expect(test.json).toMatchObject({ delivery: { status: 'delivered', eventType: 'test', attempts: 1 }, attempt: { attempt: 1, outcome: 'delivered', httpStatus: 204 } });
    expect(verifyAsReceived(created.json.secret, receiver.requests[0]!)).toMatchObject({ type: 'test', id: test.json.delivery.eventId, data: { endpointId: 1 } });
  });

  // Slack and Discord messages are not signed (the URL is their secret): a secret in the answer would be one nobody uses.
  it.each([
    { kind: 'webhook', says: 'its signing secret', secret: expect.stringMatching(/^whsec_/) },
    { kind: 'slack', says: 'a null secret', secret: null },
    { kind: 'discord', says: 'a null secret', secret: null },
  ])('answers the creation of a $kind endpoint with $says', async ({ kind, secret }) => {
    const created = await call('POST', '/api/webhooks', { url: receiver.url, kind });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ kind });
    expect(created.json.secret).toEqual(secret);
    for (const shown of [(await call('GET', '/api/webhooks/1')).json, (await call('GET', '/api/webhooks')).json.webhooks[0]]) {
      expect(shown).toMatchObject({ kind });
      expect(shown).not.toHaveProperty('secret');
    }
  });

  it('signs a chat endpoint turned into a signed webhook with the secret rotate-secret gives', async () => {
    await call('POST', '/api/webhooks', { url: receiver.url, kind: 'slack' });
    expect((await call('PATCH', '/api/webhooks/1', { kind: 'webhook' })).json).toMatchObject({ kind: 'webhook' });
    const rotated = await call('POST', '/api/webhooks/1/rotate-secret', { graceHours: 0 });
    expect(rotated.status).toBe(200);
    await call('POST', '/api/webhooks/1/test');
    expect(String(receiver.requests[0]!.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(() => verifyAsReceived(rotated.json.secret, receiver.requests[0]!)).not.toThrow();
  });

  it('rotates the secret with a grace period in which both signatures are sent', async () => {
    const old = (await call('POST', '/api/webhooks', { url: receiver.url })).json.secret as string;
    const rotated = await call('POST', '/api/webhooks/1/rotate-secret', { graceHours: 1 });
    expect(rotated.status).toBe(200);
    expect(rotated.json).toMatchObject({ previousSecretExpiresAt: T0 + hour, webhook: { id: 1 } });
    const fresh = rotated.json.secret as string;
    expect(fresh).not.toBe(old);

    await call('POST', '/api/webhooks/1/test');
    const during = receiver.requests[0]!;
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(() => verifyAsReceived(fresh, during)).not.toThrow();
    expect(() => verifyAsReceived(old, during)).not.toThrow();

    clock = T0 + 2 * hour;
    await call('POST', '/api/webhooks/1/test');
    const after = receiver.requests[1]!;
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(() => verifyAsReceived(fresh, after)).not.toThrow();
    expect(() => verifyAsReceived(old, after)).toThrow(/No matching signature/);
  });

  it('lists deliveries with their attempt log and redelivers one with the same webhook-id', async () => {
    await call('POST', '/api/webhooks', { url: receiver.url });
    await receiver.setMode('error');
    const first = await call('POST', '/api/webhooks/1/test');
    expect(first.json).toMatchObject({ delivery: { status: 'pending', lastError: 'HTTP 500: internal error' }, attempt: { outcome: 'retry', httpStatus: 500 } });
    expect(first.json.delivery.nextAttemptAt - T0).toBeGreaterThanOrEqual(4_500);

    await receiver.setMode('healthy');
    clock = T0 + 60_000;
    const redelivered = await call('POST', '/api/deliveries/1/redeliver');
    expect(redelivered.status).toBe(200);
    expect(redelivered.json).toMatchObject({ delivery: { id: 1, status: 'delivered', attempts: 1 }, attempt: { attempt: 2, outcome: 'delivered' } });
    expect(receiver.requests.map((r) => r.headers['webhook-id'])).toEqual([first.json.delivery.eventId, first.json.delivery.eventId]);

    const list = await call('GET', '/api/deliveries?status=delivered&webhook=1');
    expect(list.json).toMatchObject({ deliveries: [{ id: 1, payload: { type: 'test' } }], nextCursor: null });
    const detail = await call('GET', '/api/deliveries/1');
    expect(detail.json.attemptLog.map((a: { outcome: string; httpStatus: number }) => [a.outcome, a.httpStatus])).toEqual([['retry', 500], ['delivered', 204]]);
    expect((await call('GET', '/api/deliveries/1/attempts')).json.attempts).toHaveLength(2);
  });

  it('gives the newest attempts of a long log, oldest first, and how many the log holds', async () => {
    await call('POST', '/api/webhooks', { url: receiver.url });
    await receiver.setMode('error');
    await call('POST', '/api/webhooks/1/test');
    // Four retry runs' worth, as redeliveries of a receiver that stays down leave it.
    for (let i = 1; i <= ATTEMPT_LOG_LIMIT + 4; i += 1) {
      await insertDeliveryAttempt(ctx.deps.db, { deliveryId: 1, endpointId: 1, attemptedAt: T0 + i * 60_000, outcome: 'retry', httpStatus: 500, latencyMs: 5, error: 'HTTP 500', nextAttemptAt: null });
    }
    const made = ATTEMPT_LOG_LIMIT + 5;
    const log = (await call('GET', '/api/deliveries/1/attempts')).json;
    expect(log.attemptsMade).toBe(made);
    expect(log.attempts.map((a: { attempt: number }) => a.attempt)).toEqual(Array.from({ length: ATTEMPT_LOG_LIMIT }, (_, i) => made - ATTEMPT_LOG_LIMIT + 1 + i));
    const detail = (await call('GET', '/api/deliveries/1')).json;
    expect(detail).toMatchObject({ attemptsMade: made });
    expect(detail.attemptLog.at(-1)).toMatchObject({ attempt: made, attemptedAt: T0 + (made - 1) * 60_000 });
  });

  // The log numbers every send of a delivery once; the delivery's `attempts` says where it is on the retry schedule,
  // which a redelivery starts again.
  it('numbers attempts on across a redelivery, while the redelivery restarts the retry schedule', async () => {
    await call('POST', '/api/webhooks', { url: receiver.url });
    await receiver.setMode('error');
    await call('POST', '/api/webhooks/1/test');
    clock = T0 + 60_000;
    expect(await runDeliver(ctx.deps, clock, { random: () => 0.5 })).toMatchObject({ attempted: 1, retrying: 1 });
    const failed = await call('POST', '/api/deliveries/1/redeliver');
    expect(failed.json).toMatchObject({ delivery: { status: 'pending', attempts: 1 }, attempt: { attempt: 3, outcome: 'retry' } });
    await receiver.setMode('healthy');
    const delivered = await call('POST', '/api/deliveries/1/redeliver');
    expect(delivered.json).toMatchObject({ delivery: { status: 'delivered', attempts: 1 }, attempt: { attempt: 4, outcome: 'delivered', nextAttemptAt: null } });
    const log = (await call('GET', '/api/deliveries/1/attempts')).json.attempts as Array<{ attempt: number; outcome: string }>;
    expect(log.map((a) => [a.attempt, a.outcome])).toEqual([[1, 'retry'], [2, 'retry'], [3, 'retry'], [4, 'delivered']]);
    // The list, which has no log, says how many times each was sent beside its place on the schedule.
    await call('POST', '/api/webhooks/1/test');
    const listed = (await call('GET', '/api/deliveries?webhook=1')).json.deliveries as Array<{ id: number; attempts: number; attemptsMade: number }>;
    expect(listed.map((d) => [d.id, d.attempts, d.attemptsMade])).toEqual([[2, 1, 1], [1, 1, 4]]);
  });

  it('numbers the next attempt after a log written before, where a redelivery started again from 1', async () => {
    await call('POST', '/api/webhooks', { url: receiver.url });
    await call('POST', '/api/webhooks/1/test');
    await ctx.deps.db
      .insertInto('delivery_attempts')
      .values({ delivery_id: 1, endpoint_id: 1, attempt: 1, attempted_at: T0 + 1, outcome: 'delivered', http_status: 204, latency_ms: 3, error: null, next_attempt_at: null })
      .execute();
    const redelivered = await call('POST', '/api/deliveries/1/redeliver');
    expect(redelivered.json.attempt).toMatchObject({ attempt: 3, outcome: 'delivered' });
    expect((await call('GET', '/api/deliveries/1/attempts')).json.attempts.map((a: { attempt: number }) => a.attempt)).toEqual([1, 1, 3]);
  });

  /** A delivery of a test event to webhook 1, waiting for the deliver job (nothing sent yet). */
  async function enqueueForTheJob(): Promise<string> {
    const eventId = 'evt_test_1_job';
    const payload = JSON.stringify(buildTestPayload(1, eventId, T0));
    await enqueueDeliveries(ctx.deps.db, { eventId, alertId: null, eventType: 'test', payload }, [1], T0);
    return eventId;
  }

  const leaseEnd = T0 + DEFAULT_SEND_TIMEOUT_MS + LEASE_MARGIN_MS;
  const beingSent = `delivery 1 is being sent right now; try again when this attempt is recorded, by ${new Date(leaseEnd).toISOString()} at the latest`;

  // Redelivering while the job waits for the receiver's answer sent a second copy at once, and the two
  // answers raced to set the row's state.
  it('refuses to redeliver a delivery the deliver job is sending, and redelivers it once that attempt is recorded', async () => {
    await call('POST', '/api/webhooks', { url: receiver.url });
    const eventId = await enqueueForTheJob();
    const held = receiver.holdNext();
    const job = runDeliver(ctx.deps, T0);
    await held.arrived;

    clock = T0 + 1_000;
    const refused = await call('POST', '/api/deliveries/1/redeliver');
    expect(refused).toMatchObject({ status: 409, json: { error: { code: 'conflict', message: beingSent } } });
    expect(receiver.requests).toHaveLength(1);
    // Shown as being sent, still due when the job took it: not as a retry waiting for the lease's end.
    expect((await call('GET', '/api/deliveries/1')).json).toMatchObject({ status: 'pending', nextAttemptAt: T0, sendingUntil: leaseEnd });

    held.release();
    expect(await job).toMatchObject({ attempted: 1, delivered: 1 });
    expect((await call('GET', '/api/deliveries/1')).json).toMatchObject({ status: 'delivered', sendingUntil: null });
    const redelivered = await call('POST', '/api/deliveries/1/redeliver');
    expect(redelivered).toMatchObject({ status: 200, json: { delivery: { status: 'delivered', sendingUntil: null }, attempt: { attempt: 2, outcome: 'delivered' } } });
    expect(receiver.requests.map((r) => r.headers['webhook-id'])).toEqual([eventId, eventId]);
  });

  it('redelivers a delivery whose sender crashed mid-send once its lease has ended', async () => {
    await call('POST', '/api/webhooks', { url: receiver.url });
    await enqueueForTheJob();
    // A deliver job took the row and died before the answer was recorded.
    expect(await claimDelivery(ctx.deps.db, (await getDelivery(ctx.deps.db, 1))!, leaseEnd, T0)).toBe(true);

    clock = leaseEnd - 1;
    expect(await call('POST', '/api/deliveries/1/redeliver')).toMatchObject({ status: 409, json: { error: { message: beingSent } } });
    clock = leaseEnd;
    // The lease has ended: nobody is sending it, whatever the row still says.
    expect((await call('GET', '/api/deliveries/1')).json).toMatchObject({ status: 'pending', sendingUntil: null });
    const redelivered = await call('POST', '/api/deliveries/1/redeliver');
    expect(redelivered).toMatchObject({ status: 200, json: { delivery: { status: 'delivered' }, attempt: { attempt: 1, outcome: 'delivered' } } });
    expect(receiver.requests).toHaveLength(1);
  });

  it.each([
    ['an unknown delivery', 'GET', '/api/deliveries/9', 404],
    ['redelivering an unknown delivery', 'POST', '/api/deliveries/9/redeliver', 404],
    ['testing an unknown webhook', 'POST', '/api/webhooks/9/test', 404],
    ['a bad status filter', 'GET', '/api/deliveries?status=lost', 400],
    ['a bad cursor', 'GET', '/api/deliveries?cursor=nope', 400],
    ['PUT on redeliver', 'PUT', '/api/deliveries/1/redeliver', 405],
  ])('%s: %s %s answers %i', async (_name, method, path, status) => {
    expect((await call(method, path)).status).toBe(status);
  });

  it('refuses to test or redeliver through a disabled webhook, and Slack secrets do not rotate', async () => {
    await call('POST', '/api/webhooks', { url: receiver.url });
    await call('POST', '/api/webhooks/1/test');
    await call('PATCH', '/api/webhooks/1', { enabled: false });
    expect((await call('POST', '/api/webhooks/1/test')).status).toBe(409);
    expect((await call('POST', '/api/deliveries/1/redeliver')).status).toBe(409);
    await call('POST', '/api/webhooks', { url: 'http://127.0.0.1:9/slack', kind: 'slack' });
    expect((await call('POST', '/api/webhooks/2/rotate-secret')).status).toBe(409);
  });

  it('stores per-webhook filters and validates them', async () => {
    await seedTopic(ctx.deps.db, 'FundSpark');
    await seedTopic(ctx.deps.db, 'Acme');
    const created = await call('POST', '/api/webhooks', { url: receiver.url, kind: 'discord', topicIds: [1, 2], eventTypes: ['alert.opened'], minSeverity: 'critical' });
    expect(created.json).toMatchObject({ kind: 'discord', topicIds: [1, 2], eventTypes: ['alert.opened'], minSeverity: 'critical' });
    expect((await call('PATCH', '/api/webhooks/1', { topicIds: null, minSeverity: 'warning' })).json).toMatchObject({ topicIds: null, minSeverity: 'warning' });
    const bad = await call('POST', '/api/webhooks', { url: 'http://127.0.0.1:9/x', kind: 'teams', topicIds: [], eventTypes: ['test'], minSeverity: 'high' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.eventTypes.0', 'body.kind', 'body.minSeverity', 'body.topicIds']);
  });

  it('mutes a topic until a time and unmutes it', async () => {
    const topic = await seedTopic(ctx.deps.db, 'FundSpark');
    expect((await call('GET', `/api/topics/${topic.id}/mute`)).json).toEqual({ topicId: 1, muted: false, mutedUntil: null, reason: null });
    const muted = await call('PUT', `/api/topics/${topic.id}/mute`, { until: new Date(T0 + 2 * hour).toISOString(), reason: 'known issue, PR team on it' });
    expect(muted.json).toEqual({ topicId: 1, muted: true, mutedUntil: T0 + 2 * hour, reason: 'known issue, PR team on it' });
    clock = T0 + 3 * hour;
    expect((await call('GET', '/api/topics/1/mute')).json.muted).toBe(false);
    expect((await call('PUT', '/api/topics/1/mute', {})).json).toMatchObject({ muted: true, mutedUntil: null });
    expect((await call('PUT', '/api/topics/1/mute', { reason: '   ' })).json).toMatchObject({ muted: true, reason: null });
    expect((await call('DELETE', '/api/topics/1/mute')).status).toBe(204);
    expect((await call('GET', '/api/topics/1/mute')).json.muted).toBe(false);
    expect((await call('PUT', '/api/topics/1/mute', { until: T0 })).status).toBe(400);
    expect((await call('PUT', '/api/topics/7/mute', {})).status).toBe(404);
    // Alerts are untouched by a mute: only their messages are held back.
    await insertAlert(ctx.deps.db, { topicId: 1, kind: 'backlash', severity: 'watch', evidence: { observed: 1, expected: 0, windowStart: T0, windowEnd: T0, topMentions: [] } }, T0);
    expect((await call('GET', '/api/alerts')).json.alerts).toHaveLength(1);
  });
});
