import { Hono } from 'hono';
import { z } from 'zod';
import { listMentions } from '../storage/mention-store';
import { checkRange, idString, instantString, limitString, parseSearchParams } from './parse-request';
import { cursorString, encodeCursor, mentionKeyset } from './page-cursor';
import { refuseOtherMethods, type RouteContext } from './route-context';

const sentimentLabels = ['negative', 'neutral', 'positive', 'unscored'] as const;

const mentionSearch = z
  .strictObject({
    topic: idString.optional(),
    sentiment: z.enum(sentimentLabels, { message: `must be one of ${sentimentLabels.join(', ')}` }).optional(),
    from: instantString.optional(),
    to: instantString.optional(),
    cursor: cursorString(mentionKeyset).optional(),
    limit: limitString(100, 50),
  })
  .superRefine(checkRange);

/**
 * Newest first. `from`/`to` bound the time a mention counts at (published, or fetched when the
 * source gave no usable date); `to` is exclusive. Follow `nextCursor` with the same filters.
 */
export function mentionRoutes({ deps }: RouteContext): Hono {
  const app = new Hono();

  app.get('/', async (c) => {
    const q = parseSearchParams(c, mentionSearch);
    const page = await listMentions(deps.db, {
      limit: q.limit,
      ...(q.topic !== undefined ? { topicId: q.topic } : {}),
      ...(q.sentiment ? { sentiment: q.sentiment } : {}),
      ...(q.from !== undefined ? { from: q.from } : {}),
      ...(q.to !== undefined ? { to: q.to } : {}),
      ...(q.cursor ? { after: { bucketAt: q.cursor[0], id: q.cursor[1] } } : {}),
    });
    const nextCursor = page.next ? encodeCursor([page.next.bucketAt, page.next.id]) : null;
    return c.json({ mentions: page.mentions, nextCursor });
  });

  refuseOtherMethods(app, '/', ['GET']);
  return app;
}
