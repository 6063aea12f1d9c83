import { Hono } from 'hono';
import { z } from 'zod';
import { listMentions } from '../storage/mention-store';
import { getMentionSentiment, getMentionSentiments, saveManualLabel } from '../storage/sentiment-store';
import { notFound } from './api-error';
import { checkRange, idString, instantString, limitString, parseId, parseJsonBody, parseSearchParams } from './parse-request';
import { cursorString, encodeCursor, mentionKeyset } from './page-cursor';
import { refuseOtherMethods, type RouteContext } from './route-context';
import { takesNoQuery } from './unread-input';

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

/** A person's label for one mention; null clears it and the scorer's label counts again. */
const manualLabelBody = z.strictObject({
  label: z.enum(sentimentLabels, { message: `must be one of ${sentimentLabels.join(', ')}, or null` }).nullable(),
});

/**
 * Newest first. `from`/`to` bound the time a mention counts at (published, or fetched when the
 * source gave no usable date); `to` is exclusive. Follow `nextCursor` with the same filters.
 */
export function mentionRoutes({ deps, now }: RouteContext): Hono {
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
    // Each mention carries its sentiment audit: what counts, the scorer's label and explanation, any manual label.
    const sentiments = await getMentionSentiments(deps.db, page.mentions.map((m) => m.id));
    return c.json({ mentions: page.mentions.map((m) => ({ ...m, sentiment: sentiments.get(m.id) ?? null })), nextCursor });
  });

  app.get('/:id/sentiment', takesNoQuery, async (c) => {
    const sentiment = await getMentionSentiment(deps.db, parseId(c));
    if (!sentiment) throw notFound('mention');
    return c.json(sentiment);
  });

  /** A manual label wins over the scorer, survives re-scoring, and moves the mention's buckets at once. */
  app.put('/:id/sentiment', takesNoQuery, async (c) => {
    const id = parseId(c);
    const { label } = await parseJsonBody(c, manualLabelBody);
    if (!(await saveManualLabel(deps.db, id, label, now()))) throw notFound('mention');
    return c.json(await getMentionSentiment(deps.db, id));
  });

  refuseOtherMethods(app, '/', ['GET']);
  refuseOtherMethods(app, '/:id/sentiment', ['GET', 'PUT']);
  return app;
}
