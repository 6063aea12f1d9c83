import { Hono } from 'hono';
import { z } from 'zod';
import { sendTestEvent } from '../alerts/send-test-event';
import { getEndpoint, rotateEndpointSecret } from '../storage/endpoint-store';
import { conflict, notFound } from './api-error';
import { toDeliveryView } from './delivery-routes';
import { parseId, parseJsonBody } from './parse-request';
import { refuseOtherMethods, type RouteContext } from './route-context';
import { takesNoBody, takesNoQuery } from './unread-input';

const hour = 60 * 60 * 1000;

const rotateBody = z.strictObject({
  /** How long the old secret keeps signing beside the new one: time to deploy the new secret at the receiver. */
  graceHours: z.number().min(0, 'must be 0 to 168').max(168, 'must be 0 to 168').default(24),
});

/** Beside the webhook CRUD: a test event, and secret rotation (the new secret is shown once). */
export function webhookDeliveryRoutes({ deps, now }: RouteContext): Hono {
  const app = new Hono();
  const { db } = deps;

  app.post('/:id/test', takesNoQuery, takesNoBody, async (c) => {
    const id = parseId(c);
    const endpoint = await getEndpoint(db, id);
    if (!endpoint) throw notFound('webhook');
    if (!endpoint.enabled) throw conflict(`webhook ${id} is disabled; enable it first`);
    const at = now();
    const result = await sendTestEvent(deps, id, at);
    if (!result) throw conflict('a test event for this webhook is being sent already');
    return c.json({ delivery: toDeliveryView(result.delivery, at), attempt: result.attempt });
  });

  app.post('/:id/rotate-secret', takesNoQuery, async (c) => {
    const id = parseId(c);
    const text = await c.req.text();
    const { graceHours } = text.trim() === '' ? { graceHours: 24 } : await parseJsonBody(c, rotateBody);
    const existing = await getEndpoint(db, id);
    if (!existing) throw notFound('webhook');
    if (existing.kind !== 'webhook') throw conflict(`${existing.kind} webhooks are not signed: their URL is the secret`);
    const rotated = await rotateEndpointSecret(db, id, graceHours * hour, now());
    if (!rotated) throw notFound('webhook');
    const { secret, ...webhook } = rotated;
    return c.json({ webhook, secret, previousSecretExpiresAt: webhook.previousSecretExpiresAt });
  });

  refuseOtherMethods(app, '/:id/test', ['POST']);
  refuseOtherMethods(app, '/:id/rotate-secret', ['POST']);
  return app;
}
