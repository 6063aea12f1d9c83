import { afterEach, describe, expect, it } from 'vitest';
import { runDeliver } from '../../jobs/deliver';
import { classifyResponse } from '../../src/alerts/classify-response';
import { JITTER_RATIO, MAX_ATTEMPTS, nextDeliveryState, RETRY_DELAYS_MS, RETRY_HORIZON_MS } from '../../src/alerts/delivery-schedule';
import { raiseAlertEvent } from '../../src/alerts/raise-alert-event';
import { redactForLog } from '../../src/alerts/redact-for-log';
import type { SafeFetch, SafeFetchResult, SafeRequest } from '../../src/http/safe-fetch';
import { createNodeSafeFetch } from '../../src/runtime/node/node-safe-fetch';
import { updateAlert } from '../../src/storage/alert-store';
import { listDeliveryAttempts } from '../../src/storage/delivery-attempt-store';
import { claimDelivery, enqueueDeliveries, getDelivery, listDeliveries, listDueDeliveries } from '../../src/storage/delivery-store';
import { createEndpoint, getEndpoint, listEndpoints, updateEndpoint } from '../../src/storage/endpoint-store';
import { createAlertTestDeps, seedOpenAlert, seedTopic, T0, type AlertTestDeps } from '../support/webhook-test-deps';
import { startWebhookTestReceiver, type WebhookTestReceiver } from '../support/webhook-test-receiver';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

const answer = (status: number, headers: Record<string, string> = {}, body = ''): SafeFetchResult => ({
  kind: 'response',
  status,
  headers: new Headers(headers),
  body: new TextEncoder().encode(body),
  url: 'https://hooks.example/x',
  redirectChain: 'none',
});
const failure = (kind: 'timeout' | 'network' | 'blocked' | 'too-large' | 'redirect-limit' | 'invalid-url', message: string = kind): SafeFetchResult => ({ kind: 'failed', error: { kind, message } });

/** A SafeFetch that answers from a script and keeps every request. */
function scriptedFetch(next: (request: SafeRequest) => SafeFetchResult | Promise<SafeFetchResult>): SafeFetch & { requests: SafeRequest[] } {
  const requests: SafeRequest[] = [];
  const fetch = async (request: SafeRequest) => {
    requests.push(request);
    return next(request);
  };
  return Object.assign(fetch, { requests });
}

async function enqueue(ctx: AlertTestDeps, eventId: string, endpointId: number, now: number): Promise<void> {
  const payload = JSON.stringify({ id: eventId, type: 'test', version: '2026-11-30', timestamp: new Date(now).toISOString(), data: { endpointId, message: 'x' } });
  await enqueueDeliveries(ctx.deps.db, { eventId, alertId: null, eventType: 'test', payload }, [endpointId], now);
}

/** Runs the deliver job at each due time (a fake clock with no gaps and no sleeps) until `until`. */
async function driveUntil(ctx: AlertTestDeps, from: number, until: number, options: { random?: () => number; events?: Array<[number, () => Promise<void>]> } = {}): Promise<number> {
  let now = from;
  const events = [...(options.events ?? [])];
  for (let guard = 0; guard < 1000; guard += 1) {
    while (events.length > 0 && events[0]![0] <= now) await events.shift()![1]();
    await runDeliver(ctx.deps, now, { random: options.random ?? (() => 0.5) });
    const enabled = new Set((await listEndpoints(ctx.deps.db, { enabledOnly: true })).map((e) => e.id));
    const pending = await listDeliveries(ctx.deps.db, { status: 'pending', limit: 100 });
    const due = pending.filter((d) => enabled.has(d.endpointId)).map((d) => d.nextAttemptAt);
    const next = Math.min(...due, events[0]?.[0] ?? Infinity);
    if (next === Infinity || next > until) return now;
    now = Math.max(next, now + 1);
  }
  throw new Error('did not settle');
}

describe('the retry schedule', () => {
  it('is 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, then hourly, all within 24 h', () => {
    expect(RETRY_DELAYS_MS.slice(0, 7)).toEqual([5 * second, 30 * second, 2 * minute, 10 * minute, 30 * minute, hour, hour]);
    expect(RETRY_DELAYS_MS.slice(5).every((d) => d === hour)).toBe(true);
    const total = RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(RETRY_HORIZON_MS);
    expect(total + hour).toBeGreaterThan(RETRY_HORIZON_MS);
    expect(MAX_ATTEMPTS).toBe(29);
  });

  it.each([
    ['no jitter at 0.5', 0.5, 5 * second],
    ['-10 % at 0', 0, 4_500],
    ['+10 % near 1', 0.999_999, 5_500],
  ])('jitters the first retry: %s', (_name, r, expected) => {
    const next = nextDeliveryState({ attempts: 0 }, { status: 'retry', reason: 'HTTP 503' }, T0, () => r);
    expect(next).toEqual({ status: 'pending', nextAttemptAt: T0 + expected, error: 'HTTP 503' });
    expect(Math.abs(next.nextAttemptAt - T0 - 5 * second)).toBeLessThanOrEqual(5 * second * JITTER_RATIO);
  });

  it('lets Retry-After push the next attempt later, never earlier', () => {
    const later = nextDeliveryState({ attempts: 0 }, { status: 'retry', reason: '429', retryAfterMs: 120 * second }, T0, () => 0.5);
    const sooner = nextDeliveryState({ attempts: 5 }, { status: 'retry', reason: '429', retryAfterMs: second }, T0, () => 0.5);
    expect(later.nextAttemptAt).toBe(T0 + 120 * second);
    expect(sooner.nextAttemptAt).toBe(T0 + hour);
  });

  it('ends dead after the last attempt, rejected on a refusal, delivered on 2xx', () => {
    expect(nextDeliveryState({ attempts: MAX_ATTEMPTS - 1 }, { status: 'retry', reason: 'HTTP 500' }, T0, () => 0.5)).toEqual({ status: 'dead', nextAttemptAt: T0, error: 'HTTP 500' });
    expect(nextDeliveryState({ attempts: 0 }, { status: 'rejected', reason: 'HTTP 404', httpStatus: 404 }, T0, () => 0.5).status).toBe('rejected');
    expect(nextDeliveryState({ attempts: 3 }, { status: 'delivered', httpStatus: 204 }, T0, () => 0.5)).toEqual({ status: 'delivered', nextAttemptAt: T0, error: null });
  });
});

describe('classifying answers', () => {
  it.each<[string, SafeFetchResult, object]>([
    ['200', answer(200), { status: 'delivered', httpStatus: 200 }],
    ['204', answer(204), { status: 'delivered', httpStatus: 204 }],
    ['408', answer(408), { status: 'retry', httpStatus: 408 }],
    ['429 with Retry-After seconds', answer(429, { 'retry-after': '30' }), { status: 'retry', httpStatus: 429, retryAfterMs: 30_000 }],
    ['429 with Discord retry_after in the body', answer(429, {}, '{"message":"You are being rate limited.","retry_after":1.5,"global":false}'), { retryAfterMs: 1_500 }],
    ['503 with an HTTP-date Retry-After', answer(503, { 'retry-after': new Date(T0 + 90_000).toUTCString() }), { status: 'retry', retryAfterMs: 90_000 }],
    ['500', answer(500), { status: 'retry', httpStatus: 500 }],
    ['a redirect (not followed)', answer(302, { location: '/elsewhere' }), { status: 'retry', httpStatus: 302 }],
    ['a timeout', failure('timeout'), { status: 'retry', reason: 'timeout: timeout' }],
    ['a network error', failure('network', 'connect ECONNREFUSED'), { status: 'retry' }],
    ['400', answer(400, {}, 'invalid_payload'), { status: 'rejected', httpStatus: 400, reason: 'HTTP 400: invalid_payload' }],
    ['404', answer(404), { status: 'rejected', httpStatus: 404 }],
    ['410 Gone', answer(410), { status: 'rejected', httpStatus: 410, endpointGone: true }],
    ['a URL the guard refuses', failure('blocked', '10.0.0.1 is private'), { status: 'rejected', httpStatus: 0 }],
  ])('%s', (_name, response, expected) => {
    expect(classifyResponse(response, T0)).toMatchObject(expected);
  });
});

describe('the deliver job', () => {
  let ctx: AlertTestDeps | undefined;
  afterEach(async () => ctx?.close());

  it('retries along the schedule for 24 h, then marks the delivery dead with its last error', async () => {
    const fetch = scriptedFetch(() => answer(503, {}, 'maintenance'));
    ctx = await createAlertTestDeps({ fetch });
    await createEndpoint(ctx.deps.db, { url: 'https://hooks.example/a' }, T0);
    await enqueue(ctx, 'evt_a', 1, T0);
    await driveUntil(ctx, T0, T0 + 48 * hour);
    const [delivery] = await listDeliveries(ctx.deps.db, { limit: 1 });
    expect(delivery).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS, lastError: 'HTTP 503: maintenance' });
    const log = await listDeliveryAttempts(ctx.deps.db, delivery!.id);
    expect(log).toHaveLength(MAX_ATTEMPTS);
    expect(log.at(-1)!.attemptedAt - T0).toBe(RETRY_DELAYS_MS.reduce((a, b) => a + b, 0));
    expect(log.at(-1)!.nextAttemptAt).toBeNull();
    // Every send had a timeout and refused redirects.
    expect(fetch.requests.every((r) => r.timeoutMs === 15_000 && r.maxRedirects === 0)).toBe(true);
    // One delivery alone never fails for a whole day: the endpoint stays on.
    expect((await getEndpoint(ctx.deps.db, 1))!.enabled).toBe(true);
  });

  it('honours Retry-After from a 429', async () => {
    const fetch = scriptedFetch(() => answer(429, { 'retry-after': '120' }));
    ctx = await createAlertTestDeps({ fetch });
    await createEndpoint(ctx.deps.db, { url: 'https://hooks.example/a' }, T0);
    await enqueue(ctx, 'evt_a', 1, T0);
    await runDeliver(ctx.deps, T0, { random: () => 0.5 });
    expect((await getDelivery(ctx.deps.db, 1))!.nextAttemptAt).toBe(T0 + 120_000);
  });

  it('disables an endpoint that failed continuously for a day; its rows wait and resume when it is re-enabled', async () => {
    let healthy = false;
    const fetch = scriptedFetch(() => (healthy ? answer(204) : failure('network', 'connect ECONNREFUSED')));
    ctx = await createAlertTestDeps({ fetch });
    await createEndpoint(ctx.deps.db, { url: 'https://hooks.example/a' }, T0);
    await enqueue(ctx, 'evt_a', 1, T0);
    const c = ctx;
    await driveUntil(ctx, T0, T0 + 30 * hour, { events: [[T0 + 12 * hour, () => enqueue(c, 'evt_b', 1, T0 + 12 * hour)]] });
    const endpoint = (await getEndpoint(ctx.deps.db, 1))!;
    expect(endpoint).toMatchObject({ enabled: false, failingSince: T0, disabledReason: `every attempt failed since ${new Date(T0).toISOString()}` });
    expect(endpoint.disabledAt! - T0).toBeGreaterThanOrEqual(24 * hour);
    expect(endpoint.disabledAt! - T0).toBeLessThan(25 * hour);
    const b = (await listDeliveries(ctx.deps.db, { limit: 10 })).find((d) => d.eventId === 'evt_b')!;
    expect(b.status).toBe('pending');
    expect(await listDueDeliveries(ctx.deps.db, T0 + 40 * hour, 10)).toEqual([]);

    healthy = true;
    await updateEndpoint(ctx.deps.db, 1, { enabled: true }, T0 + 40 * hour);
    expect(await getEndpoint(ctx.deps.db, 1)).toMatchObject({ enabled: true, failingSince: null, disabledAt: null, disabledReason: null });
    await runDeliver(ctx.deps, T0 + 40 * hour);
    expect((await getDelivery(ctx.deps.db, b.id))!.status).toBe('delivered');
  });

  it('rejects a 4xx without retrying, and a 410 Gone disables the endpoint at once', async () => {
    const fetch = scriptedFetch((r) => (r.url.endsWith('/gone') ? answer(410) : answer(422)));
    ctx = await createAlertTestDeps({ fetch });
    await createEndpoint(ctx.deps.db, { url: 'https://hooks.example/unprocessable' }, T0);
    await createEndpoint(ctx.deps.db, { url: 'https://hooks.example/gone' }, T0);
    await enqueue(ctx, 'evt_a', 1, T0);
    await enqueue(ctx, 'evt_a', 2, T0);
    expect(await runDeliver(ctx.deps, T0)).toEqual({ attempted: 2, delivered: 0, retrying: 0, failed: 2, held: 0 });
    expect((await listDeliveries(ctx.deps.db, { limit: 10 })).map((d) => d.status)).toEqual(['rejected', 'rejected']);
    expect(await getEndpoint(ctx.deps.db, 1)).toMatchObject({ enabled: true, failingSince: T0 });
    expect(await getEndpoint(ctx.deps.db, 2)).toMatchObject({ enabled: false, disabledReason: 'the receiver answered 410 Gone' });
    expect(await runDeliver(ctx.deps, T0 + hour)).toMatchObject({ attempted: 0 });
  });

  it('delivers the events of one alert in order, even when a later one is due first', async () => {
    let up = false;
    const fetch = scriptedFetch(() => (up ? answer(204) : answer(503)));
    ctx = await createAlertTestDeps({ fetch });
    await createEndpoint(ctx.deps.db, { url: 'https://hooks.example/a' }, T0);
    const event = (eventId: string, alertId: number, eventType: 'alert.opened' | 'alert.resolved', at: number) =>
      enqueueDeliveries(ctx!.deps.db, { eventId, alertId, eventType, payload: JSON.stringify({ id: eventId }) }, [1], at);
    const topic = await seedTopic(ctx.deps.db, 'FundSpark');
    const a = await seedOpenAlert(ctx.deps.db, topic.id, 'warning');
    const b = await seedOpenAlert(ctx.deps.db, topic.id, 'warning');
    await event('evt_alert_1_opened', a.id, 'alert.opened', T0);
    await driveUntil(ctx, T0, T0 + 40 * minute);
    // Resolved is new (due now) while opened waits for its 1 h retry; another alert's event is not held back.
    await event('evt_alert_1_resolved', a.id, 'alert.resolved', T0 + 40 * minute);
    await event('evt_alert_2_opened', b.id, 'alert.opened', T0 + 40 * minute);
    up = true;
    await driveUntil(ctx, T0 + 40 * minute, T0 + 5 * hour);
    const sent = fetch.requests.filter((_, i) => i >= fetch.requests.length - 3).map((r) => JSON.parse(r.body!).id);
    expect(sent).toEqual(['evt_alert_2_opened', 'evt_alert_1_opened', 'evt_alert_1_resolved']);
    expect((await listDeliveries(ctx.deps.db, { limit: 10 })).every((d) => d.status === 'delivered')).toBe(true);
  });

  it("keeps the order of an alert's events after its topic was deleted (the alert row gone, their alert_id null)", async () => {
    const receiver = await startWebhookTestReceiver();
    try {
      ctx = await createAlertTestDeps();
      await createEndpoint(ctx.deps.db, { url: receiver.url }, T0);
      const topic = await seedTopic(ctx.deps.db, 'FundSpark');
      const a = await seedOpenAlert(ctx.deps.db, topic.id, 'warning');
      await receiver.setMode('error');
      await raiseAlertEvent(ctx.deps, a, topic, 'alert.opened', T0);
      await driveUntil(ctx, T0, T0 + 40 * minute);
      // The resolution is due now; the opening waits for its next retry, an hour away.
      await raiseAlertEvent(ctx.deps, (await updateAlert(ctx.deps.db, a.id, { status: 'resolved', resolvedAt: T0 + 40 * minute }, T0 + 40 * minute))!, topic, 'alert.resolved', T0 + 40 * minute);
      await ctx.deps.db.deleteFrom('topics').where('id', '=', topic.id).execute();
      expect((await listDeliveries(ctx.deps.db, { limit: 10 })).map((d) => d.alertId)).toEqual([null, null]);
      await receiver.setMode('healthy');
      await driveUntil(ctx, T0 + 40 * minute, T0 + 5 * hour);
      expect([...receiver.processed.keys()]).toEqual(['evt_alert_1_opened', 'evt_alert_1_resolved']);
    } finally {
      await receiver.close();
    }
  });

  it('sends a row once when two runs overlap', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const fetch = scriptedFetch(async () => {
      await gate;
      return answer(204);
    });
    ctx = await createAlertTestDeps({ fetch });
    await createEndpoint(ctx.deps.db, { url: 'https://hooks.example/a' }, T0);
    await enqueue(ctx, 'evt_a', 1, T0);
    const runs = [runDeliver(ctx.deps, T0), runDeliver(ctx.deps, T0)];
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    const reports = await Promise.all(runs);
    expect(fetch.requests).toHaveLength(1);
    expect(reports.map((r) => r.attempted).sort()).toEqual([0, 1]);
  });

  it('stops between two rows when told to, leaving the rest due and untouched, first on the next run', async () => {
    const fetch = scriptedFetch(() => answer(503));
    ctx = await createAlertTestDeps({ fetch });
    // Three receivers: a 503 holds back the rest of its own receiver's rows, not those of the others.
    for (const [i, id] of ['evt_a', 'evt_b', 'evt_c'].entries()) {
      await createEndpoint(ctx.deps.db, { url: `https://hooks.example/${i}` }, T0);
      await enqueue(ctx, id, i + 1, T0);
    }
    const report = await runDeliver(ctx.deps, T0, { stopBefore: () => fetch.requests.length >= 1 });
    expect(report).toMatchObject({ attempted: 1, retrying: 1, deferred: 2 });
    expect((await listDeliveries(ctx.deps.db, { limit: 10 })).map((d) => [d.eventId, d.attempts, d.sendingUntil])).toEqual([
      ['evt_c', 0, null],
      ['evt_b', 0, null],
      ['evt_a', 1, null],
    ]);
    // The retry of the one tried is due after them: the rows left go out first.
    expect((await listDueDeliveries(ctx.deps.db, T0 + hour, 10)).map((d) => d.eventId)).toEqual(['evt_b', 'evt_c', 'evt_a']);
  });

  it('retries a row whose sender died mid-send, once its lease runs out', async () => {
    const fetch = scriptedFetch(() => answer(204));
    ctx = await createAlertTestDeps({ fetch });
    await createEndpoint(ctx.deps.db, { url: 'https://hooks.example/a' }, T0);
    await enqueue(ctx, 'evt_a', 1, T0);
    // A process claimed the row and was killed before it could record the answer.
    expect(await claimDelivery(ctx.deps.db, (await getDelivery(ctx.deps.db, 1))!, T0 + 75_000, T0)).toBe(true);
    expect(await runDeliver(ctx.deps, T0 + 60_000)).toMatchObject({ attempted: 0 });
    expect(await runDeliver(ctx.deps, T0 + 75_000)).toMatchObject({ attempted: 1, delivered: 1 });
    expect(fetch.requests).toHaveLength(1);
  });

  it('keeps a row whose channel throws, to retry it', async () => {
    const fetch = scriptedFetch(() => {
      throw new Error('bug in a channel');
    });
    ctx = await createAlertTestDeps({ fetch });
    await createEndpoint(ctx.deps.db, { url: 'https://hooks.example/a' }, T0);
    await enqueue(ctx, 'evt_a', 1, T0);
    await runDeliver(ctx.deps, T0, { random: () => 0.5 });
    expect(await getDelivery(ctx.deps.db, 1)).toMatchObject({ status: 'pending', nextAttemptAt: T0 + 5_000, lastError: 'channel error: bug in a channel' });
  });

  it('applies the URL guard: a loopback webhook is refused without a connection unless the operator allows it', async () => {
    const receiver = await startWebhookTestReceiver();
    try {
      ctx = await createAlertTestDeps({ fetch: createNodeSafeFetch({ allowPrivate: false }) });
      await createEndpoint(ctx.deps.db, { url: receiver.url }, T0);
      await enqueue(ctx, 'evt_a', 1, T0);
      await runDeliver(ctx.deps, T0);
      expect(await getDelivery(ctx.deps.db, 1)).toMatchObject({ status: 'rejected' });
      expect((await getDelivery(ctx.deps.db, 1))!.lastError).toMatch(/^blocked: /);
      expect(receiver.requests).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });

  it('never lets a secret or a webhook URL path reach the logs or the attempt log', async () => {
    const slackUrl = 'https://hooks.slack.example/services/T0001/B0001/SuperSecretToken42';
    const fetch = scriptedFetch((r) => failure('network', `request to ${r.url} failed: getaddrinfo ENOTFOUND (path ${new URL(r.url).pathname}${new URL(r.url).search})`));
    ctx = await createAlertTestDeps({ fetch });
    const { secret } = (await createEndpoint(ctx.deps.db, { url: 'https://hooks.example/earshot?token=abc123' }, T0))!;
    await createEndpoint(ctx.deps.db, { url: slackUrl, kind: 'slack' }, T0);
    await enqueue(ctx, 'evt_a', 1, T0);
    await enqueue(ctx, 'evt_a', 2, T0);
    await runDeliver(ctx.deps, T0);
    const attempts = [...(await listDeliveryAttempts(ctx.deps.db, 1)), ...(await listDeliveryAttempts(ctx.deps.db, 2))];
    const everything = [...ctx.logLines, ...attempts.map((a) => a.error ?? ''), ...(await listDeliveries(ctx.deps.db, { limit: 10 })).map((d) => d.lastError ?? '')].join('\n');
    expect(ctx.logLines.length).toBeGreaterThanOrEqual(2);
    for (const leak of [secret, 'SuperSecretToken42', 'abc123', '/services/T0001', slackUrl]) expect(everything).not.toContain(leak);
    expect(everything).toContain('https://hooks.slack.example/[redacted]');
  });
});

describe('redactForLog', () => {
  const slackHook = 'https://hooks.slack.com/services/T0001/B0002/abcdefghijklmnopqrstuvwx';
  it.each([
    ['a full URL', 'POST https://discord.com/api/webhooks/1/tok failed', undefined, 'POST https://discord.com/[redacted] failed'],
    ['the endpoint path alone', 'bad path /api/webhooks/1/tok', 'https://discord.com/api/webhooks/1/tok', 'bad path /[redacted]'],
    ['a signing secret', 'secret whsec_QUJD+/= leaked', undefined, 'secret whsec_[redacted] leaked'],
    ['text without URLs', 'connect ECONNREFUSED 127.0.0.1:9', undefined, 'connect ECONNREFUSED 127.0.0.1:9'],
    // The error keeps the start of the receiver's answer, which may echo the URL in a form of its own.
    ['the endpoint URL echoed as JSON', 'HTTP 400: {"url":"https:\\/\\/hooks.slack.com\\/services\\/T0001\\/B0002\\/abcdefghijklmnopqrstuvwx"}', slackHook, 'HTTP 400: {"url":"https://hooks.slack.com/[redacted]"}'],
    ['the endpoint URL percent-encoded', 'HTTP 404: no hook https%3A%2F%2Fhooks.slack.com%2Fservices%2FT0001%2FB0002%2Fabcdefghijklmnopqrstuvwx', slackHook, 'HTTP 404: no hook https%3A%2F%2Fhooks.slack.com%2Fservices%2FT0001%2FB0002%2F[redacted]'],
    ['the token alone', 'HTTP 401: {"message":"Invalid Webhook Token","token":"abcdefghijklmnopqrstuvwx"}', slackHook, 'HTTP 401: {"message":"Invalid Webhook Token","token":"[redacted]"}'],
    ['a query token', 'HTTP 403: bad key k3y-12345', 'https://hooks.example/in?key=k3y-12345', 'HTTP 403: bad key [redacted]'],
    ['a URL of another host as JSON', 'HTTP 502: {"upstream":"https:\\/\\/internal.example\\/x?t=1"}', undefined, 'HTTP 502: {"upstream":"https://internal.example/[redacted]"}'],
  ])('%s', (_name, text, endpointUrl, expected) => {
    expect(redactForLog(text, endpointUrl)).toBe(expected);
  });
});

describe("an alert's resolution reaches exactly the endpoints that saw the alert", () => {
  let ctx: AlertTestDeps | undefined;
  let receiver: WebhookTestReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    await ctx?.close();
  });

  /** A receiver on 127.0.0.1, one endpoint for it, a topic with an open alert, and the alert's opening raised at T0. */
  async function openAlertAtReceiver() {
    receiver = await startWebhookTestReceiver();
    ctx = await createAlertTestDeps();
    const endpoint = (await createEndpoint(ctx.deps.db, { url: receiver.url }, T0))!;
    const topic = await seedTopic(ctx.deps.db, 'FundSpark');
    const alert = await seedOpenAlert(ctx.deps.db, topic.id, 'warning');
    await raiseAlertEvent(ctx.deps, alert, topic, 'alert.opened', T0);
    const resolve = async (at: number) => raiseAlertEvent(ctx!.deps, (await updateAlert(ctx!.deps.db, alert.id, { status: 'resolved', resolvedAt: at }, at))!, topic, 'alert.resolved', at);
    const ids = () => receiver!.requests.map((r) => String(r.headers['webhook-id']));
    return { c: ctx, endpoint, resolve, ids };
  }

  it('an endpoint turned off and on again hears the resolution of an alert it was told of, after the opening', async () => {
    const { c, endpoint, resolve, ids } = await openAlertAtReceiver();
    // Turned off before the opening went out: it waits; the alert resolves meanwhile.
    await updateEndpoint(c.deps.db, endpoint.id, { enabled: false }, T0 + minute);
    expect(await resolve(T0 + hour)).toMatchObject({ enqueued: 1 });
    await runDeliver(c.deps, T0 + 2 * hour);
    expect(ids()).toEqual([]);
    await updateEndpoint(c.deps.db, endpoint.id, { enabled: true }, T0 + 3 * hour);
    await driveUntil(c, T0 + 3 * hour, T0 + 4 * hour);
    // Before, the resolution was never queued for it: the opening arrived late and stayed open for good.
    expect(ids()).toEqual(['evt_alert_1_opened', 'evt_alert_1_resolved']);
  });

  it('a receiver down until its opening was given up never gets the resolution, whether raised before or after', async () => {
    const { c, endpoint, resolve, ids } = await openAlertAtReceiver();
    await receiver!.setMode('error');
    // Resolved an hour in, while the opening is still being retried: the resolution waits behind it.
    await driveUntil(c, T0, T0 + 30 * hour, { events: [[T0 + hour, async () => void (await resolve(T0 + hour))]] });
    const rows = await listDeliveries(c.deps.db, { limit: 10 });
    expect(rows.map((d) => [d.eventId, d.status])).toEqual([['evt_alert_1_resolved', 'dead'], ['evt_alert_1_opened', 'dead']]);
    expect(rows[0]!.lastError).toMatch(/never received/);
    // The receiver comes back and the endpoint (disabled after a day of failures) is turned on again.
    await receiver!.setMode('healthy');
    const heard = ids().length;
    await updateEndpoint(c.deps.db, endpoint.id, { enabled: true }, T0 + 31 * hour);
    await driveUntil(c, T0 + 31 * hour, T0 + 32 * hour);
    expect(ids().slice(heard)).toEqual([]);
    // A later resolution (a reopened alert's) is not queued for it at all.
    expect(await resolve(T0 + 33 * hour)).toMatchObject({ enqueued: 0 });
  });
});
