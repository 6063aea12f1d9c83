import { Hono } from 'hono';
import { z } from 'zod';
import type { CrawlStatus } from '../domain/crawl-status';
import { sourceKinds, type Source } from '../domain/source';
import { describeMastodonInstances } from '../sources/mastodon-instance-state';
import { describeSourceLimits } from '../sources/source-adapters';
import { resetSourceFetchState } from '../storage/source-fetch-state-store';
import { listCurrentCrawlStatuses } from '../storage/crawl-status-store';
import { purgeSource } from '../storage/source-purge-store';
import { ensureSearchSources } from '../storage/search-source-store';
import { createSource, getSource, listSources, requestSourceDeletion, updateSource } from '../storage/source-store';
import { getTopic } from '../storage/topic-store';
import { conflict, invalid, notFound } from './api-error';
import { parseId, parseJsonBody, parseSearchParams, wholeListQuery } from './parse-request';
import { refuseOtherMethods, type RouteContext } from './route-context';
import { searchSourcesBody, sourceConfigField, unreadConfigSettings } from './source-config-field';
import { takesNoBody, takesNoQuery } from './unread-input';
import { outboundUrl } from './url-field';

/** Statements DELETE spends purging before it answers 202 (about 250 mentions; jobs/purge-sources.ts does the rest). */
const DELETE_PURGE_STATEMENTS = 30;

/** An empty name means "no name", so the dashboard falls back to the URL. */
const sourceName = z
  .string()
  .trim()
  .max(200, 'must be at most 200 characters')
  .transform((name) => (name === '' ? null : name))
  .nullable();
const topicIdField = z.number().int('must be a whole number').positive('must be a positive id').max(Number.MAX_SAFE_INTEGER).nullable();

export function sourceRoutes({ deps, now, allowPrivateUrls }: RouteContext): Hono {
  const app = new Hono();
  const { db } = deps;
  const createBody = z.strictObject({
    kind: z.enum(sourceKinds, { message: `must be one of ${sourceKinds.join(', ')}` }),
    url: outboundUrl(allowPrivateUrls),
    name: sourceName.optional(),
    topicId: topicIdField.optional(),
    enabled: z.boolean().optional(),
    config: sourceConfigField(allowPrivateUrls).optional(),
  });
  // A source's kind and topic define what it is; changing them is a new source. Its settings (`config`:
  // Mastodon instances, tags, a fixed query) are replaced whole; the topic's baseline relearns (see
  // feedingSourceKey in jobs/detect), because more instances is more mentions, not news.
  const updateBody = z
    .strictObject({
      url: outboundUrl(allowPrivateUrls).optional(),
      name: sourceName.optional(),
      enabled: z.boolean().optional(),
      config: sourceConfigField(allowPrivateUrls).optional(),
    })
    .refine((patch) => Object.keys(patch).length > 0, 'give at least one of url, name, enabled, config');

  // A Mastodon source also says how each instance is doing (from its cursor): one can be failing or
  // waiting out a Retry-After while the source answers through the others. `crawlStatus` is how its
  // last crawl counted for coverage: a warning (state.lastError with no kind) on an `ok` source is a
  // notice, on a `partial` one the topic hears less than it did.
  const viewOf = (source: Source, crawlStatus: CrawlStatus | null) => ({
    ...source,
    crawlStatus,
    ...(source.kind === 'mastodon' ? { instances: describeMastodonInstances(source, now()) } : {}),
  });
  const toView = async (source: Source) => viewOf(source, (await listCurrentCrawlStatuses(db, source.id)).get(source.id) ?? null);

  // Each source with its stated limits, so the dashboard shows them beside its health without a request per source.
  app.get('/', async (c) => {
    parseSearchParams(c, wholeListQuery);
    const [sources, statuses] = await Promise.all([listSources(db), listCurrentCrawlStatuses(db)]);
    return c.json({
      sources: sources.map((source) => ({ ...viewOf(source, statuses.get(source.id) ?? null), limits: describeSourceLimits(source, deps.settings.credentials) })),
    });
  });

  app.post('/', takesNoQuery, async (c) => {
    const input = await parseJsonBody(c, createBody);
    const unread = unreadConfigSettings(input.kind, input.config);
    if (unread.length > 0) throw invalid(unread);
    if (input.topicId != null && !(await getTopic(db, input.topicId))) {
      throw invalid([{ path: 'body.topicId', message: `no topic has id ${input.topicId}` }]);
    }
    const source = await createSource(db, input, now());
    if (!source) throw conflict('this source exists already (same kind, URL and topic)');
    return c.json(await toView(source), 201, { Location: `/api/sources/${source.id}` });
  });

  // A topic's search sources (Hacker News, Reddit, Mastodon, Bluesky), created once; repeating it adds nothing.
  app.post('/search', takesNoQuery, async (c) => {
    const input = await parseJsonBody(c, searchSourcesBody(allowPrivateUrls));
    if (!(await getTopic(db, input.topicId))) throw invalid([{ path: 'body.topicId', message: `no topic has id ${input.topicId}` }]);
    return c.json({ sources: await ensureSearchSources(db, input.topicId, input, now()) });
  });
  // Before /:id, so GET /search is a 405 rather than a bad id.
  refuseOtherMethods(app, '/search', ['POST']);

  app.get('/:id', takesNoQuery, async (c) => {
    const source = await getSource(db, parseId(c));
    if (!source) throw notFound('source');
    return c.json(await toView(source));
  });

  // What the source can and cannot hear with the operator's credentials (never the credentials themselves).
  app.get('/:id/limits', takesNoQuery, async (c) => {
    const source = await getSource(db, parseId(c));
    if (!source) throw notFound('source');
    return c.json(describeSourceLimits(source, deps.settings.credentials));
  });

  app.patch('/:id', takesNoQuery, async (c) => {
    const id = parseId(c);
    const patch = await parseJsonBody(c, updateBody);
    const current = await getSource(db, id);
    if (!current) throw notFound('source');
    if (current.deleting) throw conflict('this source is being deleted');
    const unread = unreadConfigSettings(current.kind, patch.config);
    if (unread.length > 0) throw invalid(unread);
    if (patch.url !== undefined) {
      const twin = (await listSources(db)).find(
        (s) => s.id !== id && s.kind === current.kind && s.url === patch.url && s.topicId === current.topicId,
      );
      if (twin) throw conflict(`source ${twin.id} has this URL already`);
    }
    if (patch.url !== undefined && patch.url !== current.url) await resetSourceFetchState(db, id, now());
    const source = await updateSource(db, id, patch, now());
    if (!source) throw notFound('source');
    return c.json(await toView(source));
  });

  // The source is disabled and marked at once, and its purge (keeping topic buckets right) starts within
  // the request with a budget that fits a Worker request as well: 204 when it finished (a source with up
  // to a few hundred mentions), else 202 with the source showing `deleting: true` while the tick's purge
  // step finishes it. Same budget, so same answer, on every runtime; asking again goes on with the purge.
  app.delete('/:id', takesNoQuery, takesNoBody, async (c) => {
    const id = parseId(c);
    const source = await requestSourceDeletion(db, id, now());
    if (!source) throw notFound('source');
    if (await purgeSource(db, id, { left: DELETE_PURGE_STATEMENTS })) return c.body(null, 204);
    return c.json(await toView((await getSource(db, id)) ?? source), 202);
  });

  refuseOtherMethods(app, '/', ['GET', 'POST']);
  refuseOtherMethods(app, '/:id', ['GET', 'PATCH', 'DELETE']);
  refuseOtherMethods(app, '/:id/limits', ['GET']);
  return app;
}
