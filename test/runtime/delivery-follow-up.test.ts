// Retries due before the next one-minute tick are sent when due on Node, not at the next tick.
import { afterEach, describe, expect, it } from 'vitest';
import { runDeliver } from '../../jobs/deliver';
import { startDeliveryFollowUp, type DeliveryFollowUpOptions } from '../../src/runtime/node/delivery-follow-up';
import { enqueueDeliveries, getDelivery, nextPendingDeliveryAt } from '../../src/storage/delivery-store';
import { createEndpoint, updateEndpoint } from '../../src/storage/endpoint-store';
import { createAlertTestDeps, T0, type AlertTestDeps } from '../support/webhook-test-deps';
import { startWebhookTestReceiver, type WebhookTestReceiver } from '../support/webhook-test-receiver';

/** A hand-driven timer: the test decides when the follow-up fires, and the clock moves with it. */
function fakeTimers(start: number) {
  let now = start;
  const pending: Array<{ run: () => void; at: number; cleared: boolean }> = [];
  return {
    clock: () => now,
    setTimer: (run: () => void, ms: number) => {
      const timer = { run, at: now + ms, cleared: false };
      pending.push(timer);
      return timer;
    },
    clearTimer: (timer: unknown) => {
      (timer as { cleared: boolean }).cleared = true;
    },
    /** The delays of the timers still armed. */
    armed: () => pending.filter((t) => !t.cleared).map((t) => t.at - now),
    /** Moves the clock to the next armed timer and fires it. */
    fireNext: () => {
      const next = pending.filter((t) => !t.cleared).sort((a, b) => a.at - b.at)[0];
      if (!next) throw new Error('no timer armed');
      next.cleared = true;
      now = next.at;
      next.run();
    },
  };
}

describe('delivery follow-up (the timer)', () => {
  const scripted = (dues: Array<number | null>, timers: ReturnType<typeof fakeTimers>, over: Partial<DeliveryFollowUpOptions> = {}) => {
    const delivered: number[] = [];
    const errors: unknown[] = [];
    const followUp = startDeliveryFollowUp({
      nextDueAt: async () => (dues.length > 0 ? (dues.shift() as number | null) : null),
      deliver: async (now) => void delivered.push(now),
      clock: timers.clock,
      horizonMs: 60_000,
      onError: (e) => void errors.push(e),
      setTimer: timers.setTimer,
      clearTimer: timers.clearTimer,
      ...over,
    });
    return { followUp, delivered, errors };
  };
  const settle = () => new Promise((r) => setTimeout(r, 0));

  it.each([
    { name: 'a retry due in 5 s', due: T0 + 5_000, armed: [5_000] },
    { name: 'a delivery already due', due: T0 - 1_000, armed: [0] },
    { name: 'a retry due in 2 minutes (the tick sends it)', due: T0 + 120_000, armed: [] },
    { name: 'nothing pending', due: null, armed: [] },
  ])('$name', async ({ due, armed }) => {
    const timers = fakeTimers(T0);
    const { followUp } = scripted([due], timers);
    await followUp.poke();
    expect(timers.armed()).toEqual(armed);
  });

  it('chains: 5 s, then 30 s, then nothing more due', async () => {
    const timers = fakeTimers(T0);
    const { followUp, delivered } = scripted([T0 + 5_000, T0 + 35_000, null], timers);
    await followUp.poke();
    timers.fireNext();
    await settle();
    expect(timers.armed()).toEqual([30_000]);
    timers.fireNext();
    await settle();
    expect(delivered).toEqual([T0 + 5_000, T0 + 35_000]);
    expect(timers.armed()).toEqual([]);
  });

  it('a failing deliver is reported and the follow-up goes on; stop disarms', async () => {
    const timers = fakeTimers(T0);
    const { followUp, errors } = scripted([T0 + 1_000, T0 + 6_000], timers, { deliver: async () => Promise.reject(new Error('disk full')) });
    await followUp.poke();
    timers.fireNext();
    await settle();
    expect(errors.map(String)).toEqual(['Error: disk full']);
    expect(timers.armed()).toEqual([5_000]);
    await followUp.stop();
    expect(timers.armed()).toEqual([]);
  });
});

describe('delivery follow-up with the real deliver job and database', () => {
  let ctx: AlertTestDeps;
  let receiver: WebhookTestReceiver;
  afterEach(async () => {
    await ctx.close();
    await receiver.close();
  });

  it('a receiver that answers 500 once gets the retry 5 s later, not at the next tick', async () => {
    ctx = await createAlertTestDeps();
    receiver = await startWebhookTestReceiver();
    await receiver.setMode('error');
    const endpoint = (await createEndpoint(ctx.deps.db, { url: receiver.url }, T0))!;
    const payload = JSON.stringify({ id: 'evt_1', type: 'test', version: '2026-11-30', timestamp: new Date(T0).toISOString(), data: { endpointId: endpoint.id, message: 'x' } });
    await enqueueDeliveries(ctx.deps.db, { eventId: 'evt_1', alertId: null, eventType: 'test', payload }, [endpoint.id], T0);
    await runDeliver(ctx.deps, T0, { random: () => 0.5 });
    expect(await nextPendingDeliveryAt(ctx.deps.db)).toBe(T0 + 5_000);
    await receiver.setMode('healthy');

    const timers = fakeTimers(T0 + 100);
    const reports: unknown[] = [];
    const followUp = startDeliveryFollowUp({
      nextDueAt: () => nextPendingDeliveryAt(ctx.deps.db),
      deliver: async (now) => void reports.push(await runDeliver(ctx.deps, now, { random: () => 0.5 })),
      clock: timers.clock,
      horizonMs: 60_000,
      onError: (e) => {
        throw e;
      },
      setTimer: timers.setTimer,
      clearTimer: timers.clearTimer,
    });
    await followUp.poke();
    expect(timers.armed()).toEqual([4_900]);
    timers.fireNext();
    await followUp.stop();
    expect(reports).toEqual([{ attempted: 1, delivered: 1, retrying: 0, failed: 0, held: 0 }]);
    expect(receiver.requests.map((r) => r.mode)).toEqual(['error', 'healthy']);
    expect(await nextPendingDeliveryAt(ctx.deps.db)).toBeNull();
  });

  it('a disabled endpoint\'s pending deliveries are not followed up', async () => {
    ctx = await createAlertTestDeps();
    receiver = await startWebhookTestReceiver();
    const endpoint = (await createEndpoint(ctx.deps.db, { url: receiver.url }, T0))!;
    await enqueueDeliveries(ctx.deps.db, { eventId: 'evt_2', alertId: null, eventType: 'test', payload: '{}' }, [endpoint.id], T0);
    expect(await nextPendingDeliveryAt(ctx.deps.db)).toBe(T0);
    await updateEndpoint(ctx.deps.db, endpoint.id, { enabled: false }, T0);
    expect(await nextPendingDeliveryAt(ctx.deps.db)).toBeNull();
    expect((await getDelivery(ctx.deps.db, 1))?.status).toBe('pending');
  });
});
