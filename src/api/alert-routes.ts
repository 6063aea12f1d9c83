import { Hono } from 'hono';
import { z } from 'zod';
import type { Alert, AlertStatus } from '../domain/alert';
import { acknowledgeAlert, getAlert, listAlerts } from '../storage/alert-store';
import { conflict, notFound } from './api-error';
import { idString, limitString, parseId, parseSearchParams } from './parse-request';
import { alertKeyset, cursorString, encodeCursor } from './page-cursor';
import { refuseOtherMethods, type RouteContext } from './route-context';
import { takesNoBody, takesNoQuery } from './unread-input';

const alertStatuses = ['open', 'acknowledged', 'resolved'] as const satisfies readonly AlertStatus[];

const alertSearch = z.strictObject({
  topic: idString.optional(),
  status: z.enum(alertStatuses, { message: `must be one of ${alertStatuses.join(', ')}` }).optional(),
  cursor: cursorString(alertKeyset).optional(),
  limit: limitString(100, 50),
});

/**
 * A list leaves out the evidence's per-bucket usual level (up to 1,008 numbers an alert, for the alert
 * page's chart): the overview polls the list and never draws it. GET /api/alerts/:id has it all.
 */
function withoutSeries(alert: Alert): Alert {
  const { expectedByBucket: _series, ...evidence } = alert.evidence;
  return { ...alert, evidence: evidence as Alert['evidence'] };
}

export function alertRoutes({ deps, now }: RouteContext): Hono {
  const app = new Hono();
  const { db } = deps;

  // Newest first; one extra row tells whether another page exists.
  app.get('/', async (c) => {
    const q = parseSearchParams(c, alertSearch);
    const rows = await listAlerts(db, {
      limit: q.limit + 1,
      ...(q.topic !== undefined ? { topicId: q.topic } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.cursor ? { beforeId: q.cursor[0] } : {}),
    });
    const alerts = rows.slice(0, q.limit);
    const last = alerts[alerts.length - 1];
    return c.json({ alerts: alerts.map(withoutSeries), nextCursor: rows.length > q.limit && last ? encodeCursor([last.id]) : null });
  });

  app.get('/:id', takesNoQuery, async (c) => {
    const alert = await getAlert(db, parseId(c));
    if (!alert) throw notFound('alert');
    return c.json(alert);
  });

  // Acknowledging twice is fine (the first time is kept); a resolved alert has nothing left to acknowledge.
  app.post('/:id/ack', takesNoQuery, takesNoBody, async (c) => {
    const id = parseId(c);
    const alert = await acknowledgeAlert(db, id, now());
    if (!alert) throw notFound('alert');
    if (alert.status === 'resolved') throw conflict(`alert ${id} is resolved already`);
    return c.json(alert);
  });

  refuseOtherMethods(app, '/', ['GET']);
  refuseOtherMethods(app, '/:id', ['GET']);
  refuseOtherMethods(app, '/:id/ack', ['POST']);
  return app;
}
