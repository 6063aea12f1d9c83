/**
 * A probe Worker for test/worker/feeds-in-workerd.test.ts: runs the RSS adapter inside workerd on the
 * Worker's SafeFetch and answers with its outcome as JSON, so Node and workerd results can be compared
 * feed by feed. Only ever started by `wrangler dev` on 127.0.0.1 in tests.
 */
import { createWorkerSafeFetch } from '../../src/runtime/worker/worker-safe-fetch';
import { sourceAdapters } from '../../src/sources/source-adapters';
import { bareRssSource } from '../support/bare-rss-source';

export default {
  async fetch(request: Request): Promise<Response> {
    const { url, now } = (await request.json()) as { url: string; now: number };
    const source = bareRssSource(url);
    const fetch = createWorkerSafeFetch({ allowPrivate: true, timeoutMs: 5_000 });
    try {
      return Response.json(await sourceAdapters.rss.fetchMentions(source, { fetch, now, topics: [] }));
    } catch (error) {
      return Response.json({ kind: 'threw', error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    }
  },
};
