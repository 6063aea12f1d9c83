import { Hono } from 'hono';
import { z } from 'zod';
import { createEndpoint, deleteEndpoint, getEndpoint, listEndpoints, updateEndpoint } from '../storage/endpoint-store';
import { listTopics } from '../storage/topic-store';
import { conflict, invalid, isUniqueViolation, notFound } from './api-error';
import { parseId, parseJsonBody, parseSearchParams, wholeListQuery } from './parse-request';
import { refuseOtherMethods, type RouteContext } from './route-context';
import { takesNoBody, takesNoQuery } from './unread-input';
import { outboundUrl } from './url-field';
import { webhookSettingsFields } from './webhook-settings-fields';

export function webhookRoutes({ deps, now, allowPrivateUrls }: RouteContext): Hono {
  const app = new Hono();
  const { db } = deps;
  const createBody = z.strictObject({ url: outboundUrl(allowPrivateUrls), enabled: z.boolean().optional(), ...webhookSettingsFields });
  const updateBody = z
    .strictObject({ url: outboundUrl(allowPrivateUrls).optional(), enabled: z.boolean().optional(), ...webhookSettingsFields })
    .refine((patch) => Object.keys(patch).length > 0, 'give at least one of url, enabled, kind, topicIds, eventTypes, minSeverity');

  /** A filter naming a topic that does not exist would never match: refused, as a source's topicId is. */
  const requireTopics = async (topicIds: number[] | null | undefined) => {
    if (!topicIds) return;
    const known = new Set((await listTopics(db)).map((t) => t.id));
    const missing = topicIds.filter((id) => !known.has(id));
    if (missing.length > 0) throw invalid([{ path: 'body.topicIds', message: `no topic has id ${missing.join(', ')}` }]);
  };

  app.get('/', async (c) => {
    parseSearchParams(c, wholeListQuery);
    return c.json({ webhooks: await listEndpoints(db) });
  });

  app.post('/', takesNoQuery, async (c) => {
    const input = await parseJsonBody(c, createBody);
    await requireTopics(input.topicIds);
    const endpoint = await createEndpoint(db, input, now());
    if (!endpoint) throw conflict('a webhook with this URL exists already');
    return c.json(endpoint, 201, { Location: `/api/webhooks/${endpoint.id}` });
  });

  app.get('/:id', takesNoQuery, async (c) => {
    const endpoint = await getEndpoint(db, parseId(c));
    if (!endpoint) throw notFound('webhook');
    return c.json(endpoint);
  });

  app.patch('/:id', takesNoQuery, async (c) => {
    const id = parseId(c);
    const patch = await parseJsonBody(c, updateBody);
    await requireTopics(patch.topicIds);
    try {
      const endpoint = await updateEndpoint(db, id, patch, now());
      if (!endpoint) throw notFound('webhook');
      return c.json(endpoint);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('a webhook with this URL exists already');
      throw error;
    }
  });

  app.delete('/:id', takesNoQuery, takesNoBody, async (c) => {
    if (!(await deleteEndpoint(db, parseId(c)))) throw notFound('webhook');
    return c.body(null, 204);
  });

  refuseOtherMethods(app, '/', ['GET', 'POST']);
  refuseOtherMethods(app, '/:id', ['GET', 'PATCH', 'DELETE']);
  return app;
}
