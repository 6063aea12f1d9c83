import { Hono } from 'hono';
import { z } from 'zod';
import { createEndpoint, deleteEndpoint, getEndpoint, listEndpoints, updateEndpoint } from '../storage/endpoint-store';
import { conflict, isUniqueViolation, notFound } from './api-error';
import { parseId, parseJsonBody } from './parse-request';
import { refuseOtherMethods, type RouteContext } from './route-context';
import { outboundUrl } from './url-field';
import { webhookSettingsFields } from './webhook-settings-fields';

export function webhookRoutes({ deps, now, allowPrivateUrls }: RouteContext): Hono {
  const app = new Hono();
  const { db } = deps;
  const createBody = z.strictObject({ url: outboundUrl(allowPrivateUrls), enabled: z.boolean().optional(), ...webhookSettingsFields });
  const updateBody = z
    .strictObject({ url: outboundUrl(allowPrivateUrls).optional(), enabled: z.boolean().optional(), ...webhookSettingsFields })
    .refine((patch) => Object.keys(patch).length > 0, 'give at least one of url, enabled, kind, topicIds, eventTypes, minSeverity');

  app.get('/', async (c) => c.json({ webhooks: await listEndpoints(db) }));

  app.post('/', async (c) => {
    const input = await parseJsonBody(c, createBody);
    const endpoint = await createEndpoint(db, input, now());
    if (!endpoint) throw conflict('a webhook with this URL exists already');
    return c.json(endpoint, 201, { Location: `/api/webhooks/${endpoint.id}` });
  });

  app.get('/:id', async (c) => {
    const endpoint = await getEndpoint(db, parseId(c));
    if (!endpoint) throw notFound('webhook');
    return c.json(endpoint);
  });

  app.patch('/:id', async (c) => {
    const id = parseId(c);
    const patch = await parseJsonBody(c, updateBody);
    try {
      const endpoint = await updateEndpoint(db, id, patch, now());
      if (!endpoint) throw notFound('webhook');
      return c.json(endpoint);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('a webhook with this URL exists already');
      throw error;
    }
  });

  app.delete('/:id', async (c) => {
    if (!(await deleteEndpoint(db, parseId(c)))) throw notFound('webhook');
    return c.body(null, 204);
  });

  refuseOtherMethods(app, '/', ['GET', 'POST']);
  refuseOtherMethods(app, '/:id', ['GET', 'PATCH', 'DELETE']);
  return app;
}
