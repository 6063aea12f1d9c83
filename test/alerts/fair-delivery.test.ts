import { afterEach, describe, expect, it } from 'vitest';
import { runDeliver } from '../../jobs/deliver';
import type { SafeFetch } from '../../src/http/safe-fetch';
import { createNodeSafeFetch } from '../../src/runtime/node/node-safe-fetch';
import { enqueueDeliveries, listDeliveries } from '../../src/storage/delivery-store';
import { createEndpoint } from '../../src/storage/endpoint-store';
import { createAlertTestDeps, T0, type AlertTestDeps } from '../support/webhook-test-deps';
import { startWebhookTestReceiver, type WebhookTestReceiver } from '../support/webhook-test-receiver';

const minute = 60_000;
// Short enough that a receiver hanging on every row would not slow the suite much, long enough for a healthy
// receiver on 127.0.0.1 to answer on a busy machine. The hanging receiver's answer never comes within it.
const SEND_TIMEOUT_MS = 500;

let ctx: AlertTestDeps | undefined;
const receivers: WebhookTestReceiver[] = [];
afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.close();
  await ctx?.close();
  ctx = undefined;
});

async function receiver(mode: 'slow' | 'down' | 'healthy'): Promise<WebhookTestReceiver> {
  // Slow past any timeout here: the request is taken and never answered while the test runs.
  const started = await startWebhookTestReceiver({ slowMs: 10 * minute });
  receivers.push(started);
  await started.setMode(mode);
  return started;
}

/** The real SafeFetch to 127.0.0.1, noting which receiver each send went to, in order. */
function fetchNotingPorts(): SafeFetch & { ports: string[] } {
  const inner = createNodeSafeFetch({ allowPrivate: true, privateAllowList: ['127.0.0.1'] });
  const ports: string[] = [];
  const fetch: SafeFetch = (request) => {
    ports.push(new URL(request.url).port);
    return inner(request);
  };
  return Object.assign(fetch, { ports });
}

async function enqueue(eventId: string, endpointId: number, now: number): Promise<void> {
  const payload = JSON.stringify({ id: eventId, type: 'test', version: '2026-12-01', timestamp: new Date(now).toISOString(), data: { endpointId, message: 'x' } });
  await enqueueDeliveries(ctx!.deps.db, { eventId, alertId: null, eventType: 'test', payload }, [endpointId], now);
}

const ids = (r: WebhookTestReceiver) => [...r.processed.keys()];
const rowsOf = async (endpointId: number) =>
  (await listDeliveries(ctx!.deps.db, { endpointId, limit: 100 })).reverse().map((d) => [d.eventId, d.attempts, d.nextAttemptAt]);

describe('one failing receiver does not hold up alerts to the others', () => {
  it('a receiver that hangs costs a run one timeout, not one per row; its other rows wait untouched for the next run', async () => {
    const hanging = await receiver('slow');
    const healthy = await receiver('healthy');
    const fetch = fetchNotingPorts();
    ctx = await createAlertTestDeps({ fetch });
    const a = (await createEndpoint(ctx.deps.db, { url: hanging.url }, T0))!;
    const b = (await createEndpoint(ctx.deps.db, { url: healthy.url }, T0))!;
    for (const eventId of ['evt_a1', 'evt_a2', 'evt_a3']) await enqueue(eventId, a.id, T0);
    await enqueue('evt_b1', b.id, T0 + minute);

    const report = await runDeliver(ctx.deps, T0 + minute, { timeoutMs: SEND_TIMEOUT_MS, random: () => 0.5 });
    // Before, the run waited out three timeouts at A and only then sent B's alert.
    expect(hanging.requests).toHaveLength(1);
    expect(ids(healthy)).toEqual(['evt_b1']);
    expect(report).toEqual({ attempted: 2, delivered: 1, retrying: 1, failed: 0, held: 2 });
    // No attempt counted for the rows held back, and no backoff: they keep their place and their time.
    expect(await rowsOf(a.id)).toEqual([
      ['evt_a1', 1, T0 + minute + 5_000],
      ['evt_a2', 0, T0],
      ['evt_a3', 0, T0],
    ]);

    // A is known to be failing now: in the next run B's fresh alert goes out before A's next row is tried.
    await enqueue('evt_b2', b.id, T0 + 2 * minute);
    fetch.ports.length = 0;
    expect(await runDeliver(ctx.deps, T0 + 2 * minute, { timeoutMs: SEND_TIMEOUT_MS, random: () => 0.5 })).toMatchObject({ delivered: 1, retrying: 1, held: 2 });
    expect(fetch.ports).toEqual([new URL(healthy.url).port, new URL(hanging.url).port]);
    expect(ids(healthy)).toEqual(['evt_b1', 'evt_b2']);
    expect(await rowsOf(a.id)).toEqual([
      ['evt_a1', 1, T0 + minute + 5_000],
      ['evt_a2', 1, T0 + 2 * minute + 5_000],
      ['evt_a3', 0, T0],
    ]);
  });

  it('a backlog of retries to a receiver that is down, bigger than a run, leaves room for a fresh alert to another', async () => {
    const down = await receiver('down');
    const healthy = await receiver('healthy');
    ctx = await createAlertTestDeps();
    const a = (await createEndpoint(ctx.deps.db, { url: down.url }, T0))!;
    const b = (await createEndpoint(ctx.deps.db, { url: healthy.url }, T0))!;
    for (let i = 1; i <= 5; i += 1) await enqueue(`evt_a${i}`, a.id, T0 + i);
    await enqueue('evt_b1', b.id, T0 + minute);

    // Before, the run's 3 rows were A's oldest, and B's alert waited for a later run.
    const report = await runDeliver(ctx.deps, T0 + minute, { limit: 3, random: () => 0.5 });
    expect(ids(healthy)).toEqual(['evt_b1']);
    expect(report).toEqual({ attempted: 2, delivered: 1, retrying: 1, failed: 0, held: 1 });
    expect((await rowsOf(a.id)).map(([eventId, attempts]) => [eventId, attempts])).toEqual([
      ['evt_a1', 1],
      ['evt_a2', 0],
      ['evt_a3', 0],
      ['evt_a4', 0],
      ['evt_a5', 0],
    ]);
  });
});
