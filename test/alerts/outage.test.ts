import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runDeliver } from '../../jobs/deliver';
import { JITTER_RATIO, RETRY_DELAYS_MS } from '../../src/alerts/delivery-schedule';
import { raiseAlertEvent } from '../../src/alerts/raise-alert-event';
import { updateAlert } from '../../src/storage/alert-store';
import { listDeliveryAttempts } from '../../src/storage/delivery-attempt-store';
import { listDeliveries } from '../../src/storage/delivery-store';
import { createEndpoint, getEndpoint } from '../../src/storage/endpoint-store';
import { createAlertTestDeps, seedOpenAlert, seedTopic, T0, type AlertTestDeps } from '../support/webhook-test-deps';
import { startWebhookTestReceiver, type ReceiverMode, type WebhookTestReceiver } from '../support/webhook-test-receiver';

const minute = 60_000;

/** A fixed pseudo-random sequence: jitter is exercised, and the run is the same every time. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('the outage: receiver down, slow, failing, then healthy, with Earshot restarted in between', () => {
  let receiver: WebhookTestReceiver | undefined;
  let ctx: AlertTestDeps | undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'earshot-outage-'));

  afterEach(async () => {
    await receiver?.close();
    await ctx?.close();
    rmSync(dir, { recursive: true, force: true });
    vi.useRealTimers();
  });

  it('delivers every alert event, each processed once by a receiver deduplicating on webhook-id, along the backoff schedule', async () => {
    const dbPath = path.join(dir, 'earshot.db');
    receiver = await startWebhookTestReceiver({ slowMs: 1_000 });
    const logLines: string[] = [];
    ctx = await createAlertTestDeps({ path: dbPath, logLines });
    // A signed webhook (the receiver URL is no Slack or Discord one): it has a secret.
    const secret = (await createEndpoint(ctx.deps.db, { url: receiver.url }, T0))!.secret!;
    const fundspark = await seedTopic(ctx.deps.db, 'FundSpark');
    const acme = await seedTopic(ctx.deps.db, 'Acme');
    const a1 = await seedOpenAlert(ctx.deps.db, fundspark.id, 'warning');
    const random = seededRandom(7);
    const raised = new Set<string>();
    const raise = async (...args: Parameters<typeof raiseAlertEvent> extends [unknown, ...infer Rest] ? Rest : never) => {
      raised.add((await raiseAlertEvent(ctx!.deps, ...args)).eventId);
    };
    let a2 = a1;

    // Phase boundaries leave room for ±10 % jitter: the first alert's attempts 1-5 fall while the port is
    // closed, the 6th while the receiver is slow, the 7th while it answers 500, the 8th when it is healthy.
    const mode = (m: ReceiverMode) => () => receiver!.setMode(m);
    const scenario: Array<{ at: number; run: () => Promise<void> }> = [
      { at: 0, run: mode('down') },
      { at: 0, run: () => raise(a1, fundspark, 'alert.opened', T0) },
      { at: 20 * minute, run: async () => void (a2 = await seedOpenAlert(ctx!.deps.db, acme.id, 'watch', T0 + 20 * minute)) },
      { at: 20 * minute, run: () => raise(a2, acme, 'alert.opened', T0 + 20 * minute) },
      { at: 30 * minute, run: async () => raise((await updateAlert(ctx!.deps.db, a1.id, { severity: 'critical' }, T0 + 30 * minute))!, fundspark, 'alert.escalated', T0 + 30 * minute) },
      { at: 36 * minute, run: mode('slow') },
      {
        at: 50 * minute,
        run: async () => {
          // Restart: a new process on the same database file; nothing in memory survives.
          await ctx!.close();
          ctx = await createAlertTestDeps({ path: dbPath, logLines });
        },
      },
      // The detector re-running over the same bucket after the restart raises the same event again.
      { at: 55 * minute, run: () => raise(a1, fundspark, 'alert.opened', T0 + 55 * minute) },
      { at: 60 * minute, run: mode('error') },
      {
        at: 65 * minute,
        run: async () => {
          a2 = (await updateAlert(ctx!.deps.db, a2.id, { severity: 'critical' }, T0 + 65 * minute))!;
          await raise(a2, acme, 'alert.escalated', T0 + 65 * minute);
        },
      },
      // Still critical on the next crawl: the same severity step, no second message.
      { at: 70 * minute, run: async () => raise(a2, acme, 'alert.escalated', T0 + 70 * minute) },
      { at: 100 * minute, run: async () => raise((await updateAlert(ctx!.deps.db, a1.id, { status: 'resolved', resolvedAt: T0 + 100 * minute }, T0 + 100 * minute))!, fundspark, 'alert.resolved', T0 + 100 * minute) },
      { at: 140 * minute, run: mode('healthy') },
    ];

    let now = T0;
    let step = 0;
    for (let guard = 0; guard < 500; guard += 1) {
      while (step < scenario.length && T0 + scenario[step]!.at <= now) await scenario[step++]!.run();
      await runDeliver(ctx.deps, now, { timeoutMs: 200, random });
      const pending = await listDeliveries(ctx.deps.db, { status: 'pending', limit: 100 });
      const nextDue = Math.min(...pending.map((d) => d.nextAttemptAt), step < scenario.length ? T0 + scenario[step]!.at : Infinity);
      if (nextDue === Infinity) break;
      now = Math.max(nextDue, now + 1);
    }

    expect(raised).toEqual(new Set(['evt_alert_1_opened', 'evt_alert_2_opened', 'evt_alert_1_escalated_critical', 'evt_alert_2_escalated_critical', 'evt_alert_1_resolved']));
    // Every event reached the receiver's handler exactly once...
    expect(new Set(receiver.processed.keys())).toEqual(raised);
    // ...even though the slow phase made Earshot send some twice (it timed out before the answer came).
    expect([...receiver.duplicates.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const deliveries = await listDeliveries(ctx.deps.db, { limit: 100 });
    expect(deliveries).toHaveLength(raised.size);
    expect(deliveries.every((d) => d.status === 'delivered')).toBe(true);
    // Earshot stops after the first 2xx: no event was acknowledged twice.
    const acknowledged = receiver.requests.filter((r) => r.mode === 'healthy').map((r) => String(r.headers['webhook-id']));
    expect(acknowledged.sort()).toEqual([...raised].sort());

    // The first alert's attempt log is the schedule: 5 refused connections, a timeout, a 500, then 204.
    const first = deliveries.find((d) => d.eventId === 'evt_alert_1_opened')!;
    const log = await listDeliveryAttempts(ctx.deps.db, first.id);
    expect(log.map((a) => a.outcome)).toEqual(['retry', 'retry', 'retry', 'retry', 'retry', 'retry', 'retry', 'delivered']);
    expect(log.slice(0, 5).every((a) => /^network: .*ECONNREFUSED/.test(a.error ?? ''))).toBe(true);
    expect(log[5]!.error).toMatch(/^timeout/);
    expect(log[6]).toMatchObject({ httpStatus: 500, error: 'HTTP 500: internal error' });
    expect(log[7]).toMatchObject({ httpStatus: 204, error: null, nextAttemptAt: null });
    log.slice(1).forEach((attempt, i) => {
      const gap = attempt.attemptedAt - log[i]!.attemptedAt;
      expect(gap).toBeGreaterThanOrEqual(Math.floor(RETRY_DELAYS_MS[i]! * (1 - JITTER_RATIO)));
      expect(gap).toBeLessThanOrEqual(Math.ceil(RETRY_DELAYS_MS[i]! * (1 + JITTER_RATIO)));
      expect(log[i]!.nextAttemptAt).toBe(attempt.attemptedAt);
    });

    // The endpoint recovered: still enabled, failure streak over.
    expect(await getEndpoint(ctx.deps.db, 1)).toMatchObject({ enabled: true, failingSince: null, disabledAt: null });

    // Every message a receiver acted on verifies with the reference library at the time it was sent.
    vi.useFakeTimers({ toFake: ['Date'] });
    for (const request of receiver.processed.values()) {
      vi.setSystemTime(Number(request.headers['webhook-timestamp']) * 1000);
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
      expect(new Webhook(secret).verify(request.body, headers)).toMatchObject({ id: request.headers['webhook-id'] });
    }
    vi.useRealTimers();

    // Logs name endpoints by id: never the secret, never the URL's path.
    const logs = logLines.join('\n');
    expect(logs).toContain('delivery attempt');
    expect(logs).not.toContain(secret);
    expect(logs).not.toContain('/hooks/earshot');
  });
});
