import { afterEach, expect, it } from 'vitest';
import { attemptDelivery, MOST_STATEMENTS_PER_ATTEMPT } from '../../src/alerts/attempt-delivery';
import { MAX_ATTEMPTS } from '../../src/alerts/delivery-schedule';
import type { SafeFetchResult } from '../../src/http/safe-fetch';
import { enqueueDeliveries, listDueDeliveries } from '../../src/storage/delivery-store';
import { createEndpoint, getEndpoint } from '../../src/storage/endpoint-store';
import { recordingStatements } from '../support/statements-sent';
import { createAlertTestDeps, seedOpenAlert, seedTopic, T0, type AlertTestDeps } from '../support/webhook-test-deps';

let ctx: AlertTestDeps | undefined;
afterEach(async () => ctx?.close());

const serverError: SafeFetchResult = { kind: 'response', status: 500, headers: new Headers(), body: new Uint8Array(), url: 'https://hooks.example/a', redirectChain: 'none' };

// A Worker run starts a row only while MOST_STATEMENTS_PER_ATTEMPT still fit: an attempt sending more would be cut
// between its send and its record when the run's statements run out.
it('sends at most MOST_STATEMENTS_PER_ATTEMPT statements, on the costliest path', async () => {
  ctx = await createAlertTestDeps({ fetch: async () => serverError });
  const { db } = ctx.deps;
  const topic = await seedTopic(db, 'Acme');
  const alert = await seedOpenAlert(db, topic.id, 'critical');
  const endpoint = (await createEndpoint(db, { url: 'https://hooks.example/a' }, T0))!;
  // Every extra at once: an endpoint from before secrets (one is generated), failing for over a day (it is turned
  // off), and the row's last attempt on an opening (it dies, and a resolution behind it is looked for).
  await db.updateTable('webhook_endpoints').set({ secret: null, failing_since: T0 - 25 * 3_600_000 }).execute();
  await enqueueDeliveries(db, { eventId: 'evt_a', alertId: alert.id, eventType: 'alert.opened', payload: '{}' }, [endpoint.id], T0);
  await db.updateTable('deliveries').set({ attempts: MAX_ATTEMPTS - 1 }).execute();
  const [due] = await listDueDeliveries(db, T0, 1);

  const recording = recordingStatements(db);
  const result = await attemptDelivery({ ...ctx.deps, db: recording.db }, due!, T0);
  expect(result?.delivery.status).toBe('dead');
  expect((await getEndpoint(db, endpoint.id))!.enabled).toBe(false);
  expect(recording.sent()).toHaveLength(MOST_STATEMENTS_PER_ATTEMPT);
});
