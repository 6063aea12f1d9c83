import { Hono } from 'hono';
import { z } from 'zod';
import { closeAlertsOfDeletedTopic } from '../alerts/close-alerts-of-deleted-topic';
import { lexiconOverridesSchema } from '../config/config-schema';
import { sweepDeletedTopic } from '../storage/mention-sweep-store';
import { loadTopicOverrides, saveTopicOverrides } from '../storage/sentiment-store';
import { deleteTopic } from '../storage/topic-purge-store';
import { createTopic, findTopicNamedAlike, getTopic, listTopics, updateTopic } from '../storage/topic-store';
import { conflict, notFound, type ApiError } from './api-error';
import { isolateName } from '../domain/isolate-name';
import { parseId, parseJsonBody, parseSearchParams, wholeListQuery } from './parse-request';
import { refuseOtherMethods, type RouteContext } from './route-context';
import { takesNoBody, takesNoQuery } from './unread-input';
import { findQueryProblem, topicQueryField } from '../matching/topic-query-field';
import type { Topic } from '../domain/topic';
import type { Db } from '../storage/database';

const topicQuery = topicQueryField;

/**
 * Statements DELETE spends, as DELETE /api/sources/:id does: purging the topic's own sources (about 250
 * mentions) and links, then removing the mentions it leaves with no link (a few thousand when the purge
 * took little); jobs/purge-sources.ts does the rest.
 */
const DELETE_STATEMENTS = 40;

// Stored composed (NFC): the same name typed and pasted is the same string, in the database and in the API.
const topicName = z.string().trim().normalize('NFC').min(1, 'must not be empty').max(200, 'must be at most 200 characters');

const createTopicBody = z.strictObject({ name: topicName, query: topicQuery, enabled: z.boolean().optional() });
const updateTopicBody = z
  .strictObject({ name: topicName.optional(), query: topicQuery.optional(), enabled: z.boolean().optional() })
  .refine((patch) => Object.keys(patch).length > 0, 'give at least one of name, query, enabled');

/**
 * A topic as the API shows it. `queryProblem` is set when its stored query no longer parses (stored
 * before the check existed, or by an older parser): such a topic matches nothing, and says so rather
 * than staying silent. Every write path refuses such queries, so it is null for anything written now.
 */
function showTopic(topic: Topic): Topic & { queryProblem: string | null } {
  // A topic being deleted matches nothing any more: what its query says does not matter.
  if (topic.deleting) return { ...topic, queryProblem: null };
  return { ...topic, queryProblem: findQueryProblem(topic.query) };
}

/**
 * The 409 for a name the store refused: it names the topic that holds the name. The refusal is in the
 * insert or update itself (topic-store), so two requests at once for look-alike names get one 201 and
 * this, as two in a row do.
 */
async function nameTaken(db: Db, name: string, exceptId?: number): Promise<ApiError> {
  const holder = await findTopicNamedAlike(db, name, exceptId);
  if (holder?.deleting) return conflict(`the topic named "${isolateName(holder.name)}" is being deleted; its name is free once it is gone`);
  return conflict(`a topic named "${isolateName(holder?.name ?? name)}" exists already`);
}

export function topicRoutes({ deps, now }: RouteContext): Hono {
  const app = new Hono();
  const { db } = deps;

  app.get('/', async (c) => {
    parseSearchParams(c, wholeListQuery);
    return c.json({ topics: (await listTopics(db)).map(showTopic) });
  });

  app.post('/', takesNoQuery, async (c) => {
    const input = await parseJsonBody(c, createTopicBody);
    const topic = await createTopic(db, input, now());
    if (!topic) throw await nameTaken(db, input.name);
    return c.json(showTopic(topic), 201, { Location: `/api/topics/${topic.id}` });
  });

  // A topic being deleted is no longer listed, but asked for by id it is shown with `deleting: true` until it is gone.
  app.get('/:id', takesNoQuery, async (c) => {
    const topic = await getTopic(db, parseId(c), { includeDeleting: true });
    if (!topic) throw notFound('topic');
    return c.json(showTopic(topic));
  });

  app.patch('/:id', takesNoQuery, async (c) => {
    const id = parseId(c);
    const patch = await parseJsonBody(c, updateTopicBody);
    const result = await updateTopic(db, id, patch, now());
    if (result.kind === 'not-found') throw notFound('topic');
    if (result.kind === 'deleting') throw conflict('this topic is being deleted');
    if (result.kind === 'name-taken') throw await nameTaken(db, result.name, id);
    return c.json(showTopic(result.topic));
  });

  // The topic is marked at once, so nothing lists, matches or detects it from then on; its own sources
  // go through the source purge and its links a chunk at a time, within the request as far as a budget
  // that fits a Worker request allows: 204 when the topic is gone (then the mentions no other topic links
  // are swept with what is left of the budget), else 202 with the topic, `deleting: true`, and the purge
  // step finishes it over the next ticks. Same budget, so same answer, on every runtime; asking again goes
  // on with it.
  app.delete('/:id', takesNoQuery, takesNoBody, async (c) => {
    const id = parseId(c);
    const budget = { left: DELETE_STATEMENTS };
    // Its alerts go with it: their receivers hear them end first (at most one per kind, outside the budget).
    const deletion = await deleteTopic(db, id, now(), budget, (topic) => closeAlertsOfDeletedTopic(deps, topic, now()));
    if (deletion.kind === 'not-found') throw notFound('topic');
    if (deletion.kind === 'deleting') return c.json(showTopic(deletion.topic), 202);
    try {
      await sweepDeletedTopic(db, id, budget);
    } catch (error) {
      deps.log.warn('sweeping the mentions of a deleted topic failed; the purge step goes on with it', { topicId: id, error: error instanceof Error ? error.message : String(error) });
    }
    return c.body(null, 204);
  });

  // Sentiment corrections for this brand: word → weight. Saving a change re-scores the topic's mentions (jobs/rescore).
  app.get('/:id/lexicon-overrides', takesNoQuery, async (c) => {
    const id = parseId(c);
    if (!(await getTopic(db, id))) throw notFound('topic');
    return c.json({ overrides: (await loadTopicOverrides(db)).get(id) ?? {} });
  });

  app.put('/:id/lexicon-overrides', takesNoQuery, async (c) => {
    const id = parseId(c);
    const { overrides } = await parseJsonBody(c, z.strictObject({ overrides: lexiconOverridesSchema }));
    if (!(await getTopic(db, id))) throw notFound('topic');
    await saveTopicOverrides(db, id, overrides, now());
    return c.json({ overrides: (await loadTopicOverrides(db)).get(id) ?? {} });
  });

  refuseOtherMethods(app, '/', ['GET', 'POST']);
  refuseOtherMethods(app, '/:id/lexicon-overrides', ['GET', 'PUT']);
  refuseOtherMethods(app, '/:id', ['GET', 'PATCH', 'DELETE']);
  return app;
}
