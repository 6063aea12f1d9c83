import { Hono } from 'hono';
import { z } from 'zod';
import { attemptDelivery } from '../alerts/attempt-delivery';
import { isBeingSent, type Delivery, type DeliveryStatus } from '../domain/delivery';
import { countDeliveryAttempts, listDeliveryAttempts } from '../storage/delivery-attempt-store';
import { getDelivery, listDeliveries, requeueDelivery } from '../storage/delivery-store';
import { getEndpoint } from '../storage/endpoint-store';
import { conflict, notFound } from './api-error';
import { cursorString, encodeCursor } from './page-cursor';
import { idString, limitString, parseId, parseSearchParams } from './parse-request';
import { refuseOtherMethods, type RouteContext } from './route-context';
import { takesNoBody, takesNoQuery } from './unread-input';

const deliveryStatuses = ['pending', 'delivered', 'rejected', 'dead'] as const satisfies readonly DeliveryStatus[];
const deliveryKeyset = z.tuple([z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)]);

const deliverySearch = z.strictObject({
  status: z.enum(deliveryStatuses, { message: `must be one of ${deliveryStatuses.join(', ')}` }).optional(),
  webhook: idString.optional(),
  alert: idString.optional(),
  cursor: cursorString(deliveryKeyset).optional(),
  limit: limitString(100, 50),
});

/**
 * The outbox row as the API shows it: the payload as JSON, not as the string that was signed, and
 * `sendingUntil` only while a send is under way (a lease a crashed sender left behind has ended: the row
 * is simply due at `nextAttemptAt`).
 */
export function toDeliveryView(delivery: Delivery, now: number) {
  const { payload, sendingUntil, ...rest } = delivery;
  return { ...rest, sendingUntil: isBeingSent(delivery, now) ? sendingUntil : null, payload: JSON.parse(payload) as unknown };
}

/**
 * The outbox and its attempt log: what was sent where, what the receiver answered, what is still being
 * retried and what is dead; and a way to send one again.
 */
export function deliveryRoutes({ deps, now }: RouteContext): Hono {
  const app = new Hono();
  const { db } = deps;

  app.get('/', async (c) => {
    const q = parseSearchParams(c, deliverySearch);
    const rows = await listDeliveries(db, {
      limit: q.limit + 1,
      ...(q.status ? { status: q.status } : {}),
      ...(q.webhook !== undefined ? { endpointId: q.webhook } : {}),
      ...(q.alert !== undefined ? { alertId: q.alert } : {}),
      ...(q.cursor ? { beforeId: q.cursor[0] } : {}),
    });
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    const at = now();
    // How many times each was sent: a list reader (the dashboard's attention list) has no log to count.
    const made = await countDeliveryAttempts(db, page.map((delivery) => delivery.id));
    return c.json({
      deliveries: page.map((delivery) => ({ ...toDeliveryView(delivery, at), attemptsMade: made.get(delivery.id) ?? 0 })),
      nextCursor: rows.length > q.limit && last ? encodeCursor([last.id]) : null,
    });
  });

  app.get('/:id', takesNoQuery, async (c) => {
    const delivery = await getDelivery(db, parseId(c));
    if (!delivery) throw notFound('delivery');
    const [attemptLog, made] = await Promise.all([listDeliveryAttempts(db, delivery.id), countDeliveryAttempts(db, [delivery.id])]);
    return c.json({ ...toDeliveryView(delivery, now()), attemptLog, attemptsMade: made.get(delivery.id) ?? 0 });
  });

  // The log's newest attempts (ATTEMPT_LOG_LIMIT) and how many it holds in all, so a reader can say how many are left out.
  app.get('/:id/attempts', takesNoQuery, async (c) => {
    const delivery = await getDelivery(db, parseId(c));
    if (!delivery) throw notFound('delivery');
    const [attempts, made] = await Promise.all([listDeliveryAttempts(db, delivery.id), countDeliveryAttempts(db, [delivery.id])]);
    return c.json({ attempts, attemptsMade: made.get(delivery.id) ?? 0 });
  });

  // Same event, same webhook-id: a deduplicating receiver that already has it can tell. Sent right away,
  // then on the schedule from its start if that attempt fails. Refused while the deliver job is sending
  // it: the receiver would get two copies at once.
  app.post('/:id/redeliver', takesNoQuery, takesNoBody, async (c) => {
    const id = parseId(c);
    const existing = await getDelivery(db, id);
    if (!existing) throw notFound('delivery');
    const endpoint = await getEndpoint(db, existing.endpointId);
    if (!endpoint?.enabled) throw conflict(`webhook ${existing.endpointId} is disabled; enable it first`);
    const at = now();
    const requeued = await requeueDelivery(db, id, at);
    if (requeued.kind === 'missing') throw notFound('delivery');
    if (requeued.kind === 'being-sent') throw conflict(beingSentMessage(requeued.delivery));
    const result = await attemptDelivery(deps, requeued.delivery, at);
    const delivery = result?.delivery ?? (await getDelivery(db, id)) ?? requeued.delivery;
    return c.json({ delivery: toDeliveryView(delivery, now()), attempt: result?.attempt ?? null });
  });

  refuseOtherMethods(app, '/', ['GET']);
  refuseOtherMethods(app, '/:id', ['GET']);
  refuseOtherMethods(app, '/:id/attempts', ['GET']);
  refuseOtherMethods(app, '/:id/redeliver', ['POST']);
  return app;
}

/** The lease's end is when a sender that crashed stops holding the row: a redelivery works from then on in any case. */
function beingSentMessage(delivery: Delivery): string {
  const until = delivery.sendingUntil === null ? '' : `, by ${new Date(delivery.sendingUntil).toISOString()} at the latest`;
  return `delivery ${delivery.id} is being sent right now; try again when this attempt is recorded${until}`;
}
