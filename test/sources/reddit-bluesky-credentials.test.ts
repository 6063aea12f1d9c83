import { afterEach, describe, expect, it } from 'vitest';
import { runCrawl } from '../../jobs/crawl';
import { sourceCredentials } from '../../src/config/config-schema';
import { parseConfig } from '../../src/config/parse-config';
import type { SafeFetch } from '../../src/http/safe-fetch';
import { createJsonLogger } from '../../src/runtime/logger';
import { createNodeSafeFetch } from '../../src/runtime/node/node-safe-fetch';
import { describeSourceLimits } from '../../src/sources/source-adapters';
import { ensureSearchSources } from '../../src/storage/search-source-store';
import { listSources } from '../../src/storage/source-store';
import { createTopic } from '../../src/storage/topic-store';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';
import { createTestDeps } from '../support/test-deps';

const secrets = { clientSecret: 'reddit-secret-3f9a1c77', appPassword: 'wxyz-9876-qrst-5432' };
const env = {
  EARSHOT_REDDIT_CLIENT_ID: 'reddit-client-id-1',
  EARSHOT_REDDIT_CLIENT_SECRET: secrets.clientSecret,
  EARSHOT_BLUESKY_IDENTIFIER: 'earshot-monitor.bsky.social',
  EARSHOT_BLUESKY_APP_PASSWORD: secrets.appPassword,
};
let server: FixtureServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

describe('operator credentials for the social sources', () => {
  it('map from EARSHOT_* settings to the credentials adapters read', () => {
    const parsed = parseConfig(env);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(sourceCredentials(parsed.config)).toEqual({
      reddit: { clientId: 'reddit-client-id-1', clientSecret: secrets.clientSecret },
      bluesky: { identifier: 'earshot-monitor.bsky.social', appPassword: secrets.appPassword, service: 'https://bsky.social' },
    });
  });

  it.each([
    { name: 'a Reddit id without its secret', given: { EARSHOT_REDDIT_CLIENT_ID: 'x' }, expected: {} },
    { name: 'a Bluesky password without an identifier', given: { EARSHOT_BLUESKY_APP_PASSWORD: 'x' }, expected: {} },
    { name: 'nothing', given: {}, expected: {} },
  ])('count as absent when incomplete: $name', ({ given, expected }) => {
    const parsed = parseConfig(given);
    expect(parsed.ok && sourceCredentials(parsed.config)).toEqual(expected);
  });

  it('never reach the logs, the stored source errors or the limits shown, even when refused', async () => {
    server = await startFixtureServer({
      routes: {
        '/xrpc/com.atproto.server.createSession': 'bluesky/session-refused',
        '/search.rss': 'reddit/search-rss',
      },
    });
    const lines: string[] = [];
    const loopback = createNodeSafeFetch({ allowPrivate: true, privateAllowList: ['127.0.0.1'] });
    // Reddit's OAuth host is fixed (oauth.reddit.com): refuse anything not on the fixture server before it connects.
    const onlyFixtures: SafeFetch = async (request) =>
      new URL(request.url).hostname === '127.0.0.1' ? loopback(request) : { kind: 'failed', error: { kind: 'blocked', message: 'test: not the fixture server' } };
    const deps = await createTestDeps({ fetch: onlyFixtures, log: createJsonLogger((line) => lines.push(line), 'debug') });
    const parsed = parseConfig({ ...env, EARSHOT_BLUESKY_SERVICE: server.origin });
    if (!parsed.ok) throw new Error('config');
    deps.settings.credentials = sourceCredentials(parsed.config);
    const topic = await createTopic(deps.db, { name: 'Acme', query: 'acme' }, 0);
    await ensureSearchSources(deps.db, topic!.id, { kinds: ['bluesky', 'reddit'] }, 0);
    for (const source of await listSources(deps.db)) {
      await deps.db.updateTable('sources').set({ url: server.origin }).where('id', '=', source.id).execute();
    }
    const report = await runCrawl(deps, Date.parse('2026-11-30T10:00:00Z'));
    expect(report).toMatchObject({ sources: 2, failed: 2 });
    const stored = await listSources(deps.db);
    expect(stored.map((s) => [s.kind, s.state.lastErrorKind])).toEqual([
      ['bluesky', 'http'],
      ['reddit', 'blocked'],
    ]);
    const limits = stored.map((s) => describeSourceLimits(s, deps.settings.credentials));
    const visible = [lines.join('\n'), JSON.stringify(stored), JSON.stringify(limits), JSON.stringify(server.requests.map((r) => r.path))].join('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of Object.values(secrets)) expect(visible).not.toContain(secret);
    await deps.db.destroy();
  });
});
