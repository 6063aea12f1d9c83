import { Hono } from 'hono';
import { z } from 'zod';
import { getTopic } from '../storage/topic-store';
import { getTopicMute, isMuteActive, muteTopic, unmuteTopic } from '../storage/topic-mute-store';
import { invalid, notFound } from './api-error';
import { instantString, maxInstant, parseId, parseJsonBody } from './parse-request';
import { refuseOtherMethods, type RouteContext } from './route-context';
import { takesNoBody, takesNoQuery } from './unread-input';

/**
 * One check and one message for a number: as int().nonnegative().max() it said both "expected int to be
 * <=9007199254740991" and "expected number to be <=253402300799999" for 1e20, and neither what it takes.
 */
const untilMillis = z.number().refine((n) => Number.isInteger(n) && n >= 0 && n <= maxInstant, `must be whole epoch milliseconds from 0 to ${maxInstant} (the end of year 9999)`);

const muteBody = z.strictObject({
  /** Epoch ms or ISO 8601; null or absent = until unmuted. */
  until: z
    .union([untilMillis, instantString, z.null()], {
      error: 'must be epoch milliseconds, an ISO 8601 date (2026-12-24 or 2026-12-24T09:00:00Z) or null',
    })
    .optional(),
  // A blank reason is no reason: shown as none, not as "".
  reason: z.string().trim().max(500, 'must be at most 500 characters').transform((reason) => (reason === '' ? undefined : reason)).optional(),
});

/**
 * Snooze or mute a topic's alerts: while muted, no alert event of the topic is sent anywhere. Alerts
 * still open, escalate and resolve, and show in the API and dashboard.
 */
export function topicMuteRoutes({ deps, now }: RouteContext): Hono {
  const app = new Hono();
  const { db } = deps;

  const requireTopic = async (id: number) => {
    if (!(await getTopic(db, id))) throw notFound('topic');
  };
  const view = async (topicId: number) => {
    const mute = await getTopicMute(db, topicId);
    const active = isMuteActive(mute, now());
    return { topicId, muted: active, mutedUntil: active ? (mute?.mutedUntil ?? null) : null, reason: active ? (mute?.reason ?? null) : null };
  };

  app.get('/:id/mute', takesNoQuery, async (c) => {
    const id = parseId(c);
    await requireTopic(id);
    return c.json(await view(id));
  });

  app.put('/:id/mute', takesNoQuery, async (c) => {
    const id = parseId(c);
    const body = await parseJsonBody(c, muteBody);
    await requireTopic(id);
    const until = body.until ?? null;
    if (until !== null && until <= now()) throw invalid([{ path: 'body.until', message: 'must be in the future' }]);
    await muteTopic(db, { topicId: id, mutedUntil: until, reason: body.reason ?? null }, now());
    return c.json(await view(id));
  });

  app.delete('/:id/mute', takesNoQuery, takesNoBody, async (c) => {
    const id = parseId(c);
    await requireTopic(id);
    await unmuteTopic(db, id);
    return c.body(null, 204);
  });

  refuseOtherMethods(app, '/:id/mute', ['GET', 'PUT', 'DELETE']);
  return app;
}
