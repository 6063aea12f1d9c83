import { Hono } from 'hono';
import { z } from 'zod';
import { lexiconOverridesSchema } from '../config/config-schema';
import { sweepDeletedTopic } from '../storage/mention-sweep-store';
import { loadTopicOverrides, saveTopicOverrides } from '../storage/sentiment-store';
import { createTopic, deleteTopic, findTopicNamedAlike, getTopic, listTopics, updateTopic } from '../storage/topic-store';
import { conflict, notFound, type ApiError } from './api-error';
import { parseId, parseJsonBody, parseSearchParams, wholeListQuery } from './parse-request';
import { refuseOtherMethods, type RouteContext } from './route-context';
import { findQueryProblem, topicQueryField } from '../matching/topic-query-field';
import type { Topic } from '../domain/topic';
import type { Db } from '../storage/database';

const topicQuery = topicQueryField;

/** Statements DELETE spends removing the mentions the topic leaves with no link (a few thousand); jobs/purge-sources.ts sweeps the rest. */
const DELETE_SWEEP_STATEMENTS = 30;

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
  return { ...topic, queryProblem: findQueryProblem(topic.query) };
}

/**
 * The 409 for a name the store refused: it names the topic that holds the name. The refusal is in the
 * insert or update itself (topic-store), so two requests at once for look-alike names get one 201 and
 * this, as two in a row do.
 */
async function nameTaken(db: Db, name: string, exceptId?: number): Promise<ApiError> {
  const holder = await findTopicNamedAlike(db, name, exceptId);
  return conflict(`a topic named "${holder?.name ?? name}" exists already`);
}

export function topicRoutes({ deps, now }: RouteContext): Hono {
  const app = new Hono();
  const { db } = deps;

  app.get('/', async (c) => {
    parseSearchParams(c, wholeListQuery);
    return c.json({ topics: (await listTopics(db)).map(showTopic) });
  });

  app.post('/', async (c) => {
    const input = await parseJsonBody(c, createTopicBody);
    const topic = await createTopic(db, input, now());
    if (!topic) throw await nameTaken(db, input.name);
    return c.json(showTopic(topic), 201, { Location: `/api/topics/${topic.id}` });
  });

  app.get('/:id', async (c) => {
    const topic = await getTopic(db, parseId(c));
    if (!topic) throw notFound('topic');
    return c.json(showTopic(topic));
  });

  app.patch('/:id', async (c) => {
    const id = parseId(c);
    const patch = await parseJsonBody(c, updateTopicBody);
    const result = await updateTopic(db, id, patch, now());
    if (result.kind === 'not-found') throw notFound('topic');
    if (result.kind === 'name-taken') throw await nameTaken(db, result.name, id);
    return c.json(showTopic(result.topic));
  });

  // The topic is gone when this answers (204). The mentions no other topic links go too: within the
  // request as far as a budget that fits a Worker request allows, and the purge step sweeps what is left
  // over the next ticks, so a failure here only leaves the sweep to the job.
  app.delete('/:id', async (c) => {
    const id = parseId(c);
    if (!(await deleteTopic(db, id, now()))) throw notFound('topic');
    try {
      await sweepDeletedTopic(db, id, { left: DELETE_SWEEP_STATEMENTS });
    } catch (error) {
      deps.log.warn('sweeping the mentions of a deleted topic failed; the purge step goes on with it', { topicId: id, error: error instanceof Error ? error.message : String(error) });
    }
    return c.body(null, 204);
  });

  // Sentiment corrections for this brand: word → weight. Saving a change re-scores the topic's mentions (jobs/rescore).
  app.get('/:id/lexicon-overrides', async (c) => {
    const id = parseId(c);
    if (!(await getTopic(db, id))) throw notFound('topic');
    return c.json({ overrides: (await loadTopicOverrides(db)).get(id) ?? {} });
  });

  app.put('/:id/lexicon-overrides', async (c) => {
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
