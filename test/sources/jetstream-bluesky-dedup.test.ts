import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { scoreAndMatch } from '../../jobs/crawl';
import { compileTopics } from '../../src/matching/match-topics';
import { createNodeSafeFetch } from '../../src/runtime/node/node-safe-fetch';
import { createBlueskySource } from '../../src/sources/bluesky-source';
import { createJetstreamSource } from '../../src/sources/jetstream-source';
import { createWsJetstreamConnect } from '../../src/sources/jetstream-ws-connect';
import type { FetchOutcome, SourceIo } from '../../src/sources/source-adapter';
import { insertMentions } from '../../src/storage/mention-store';
import { createSource } from '../../src/storage/source-store';
import { createTopic } from '../../src/storage/topic-store';
import { startFixtureServer } from '../support/fixture-server';
import { createTestDb } from '../support/test-db';

const now = Date.parse('2026-11-30T10:00:00Z');
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function jetstreamReplay(): Promise<string> {
  const lines = readFileSync(new URL('../fixtures/jetstream/replay/events.jsonl', import.meta.url), 'utf8').split('\n').filter(Boolean);
  const server = http.createServer();
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket) => lines.forEach((line) => socket.send(line)));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(async () => {
    wss.clients.forEach((client) => client.terminate());
    wss.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

it('a post heard through Bluesky search and through Jetstream counts once in its topic', async () => {
  const search = await startFixtureServer({
    routes: { '/xrpc/com.atproto.server.createSession': 'bluesky/session', '/xrpc/app.bsky.feed.searchPosts': 'bluesky/search-page' },
  });
  closers.push(() => search.close());
  const jetstreamOrigin = await jetstreamReplay();
  const db = await createTestDb();
  const topic = (await createTopic(db, { name: 'Acme', query: 'acme' }, 0))!;
  const blueskySource = (await createSource(db, { kind: 'bluesky', url: search.origin, topicId: topic.id }, 0))!;
  const jetstreamSource = (await createSource(db, { kind: 'jetstream', url: jetstreamOrigin }, 0))!;
  const io: SourceIo = {
    fetch: createNodeSafeFetch({ allowPrivate: true, privateAllowList: ['127.0.0.1'] }),
    now,
    topics: [topic],
    credentials: { bluesky: { identifier: 'earshot-monitor.bsky.social', appPassword: 'abcd-efgh-ijkl-mnop', service: search.origin } },
  };
  const connect = createWsJetstreamConnect({ allowPrivate: true, privateAllowList: ['127.0.0.1'] });
  const compiled = compileTopics([topic]);
  const store = async (source: typeof blueskySource, outcome: FetchOutcome) => {
    if (outcome.kind !== 'ok') throw new Error(`fetch failed: ${JSON.stringify(outcome)}`);
    return insertMentions(db, source.id, scoreAndMatch(outcome.drafts, source, compiled), now);
  };

  expect((await store(blueskySource, await createBlueskySource().fetchMentions(blueskySource, io))).inserted).toBe(2);
  expect((await store(jetstreamSource, await createJetstreamSource({ connect }).fetchMentions(jetstreamSource, io))).inserted).toBe(3);
  const total = await db.selectFrom('topic_buckets').select((eb) => eb.fn.sum<number>('count').as('count')).where('topic_id', '=', topic.id).executeTakeFirst();
  // Five mentions stored, four stories: toastfan's post came through both (same DID-based link).
  expect(Number(total?.count)).toBe(4);
  const links = await db.selectFrom('mentions').select(['source_id', 'url']).where('url', 'like', '%3lcfq2xnyzk2a').execute();
  expect(links.map((m) => m.source_id).sort()).toEqual([blueskySource.id, jetstreamSource.id]);
  await db.destroy();
});
