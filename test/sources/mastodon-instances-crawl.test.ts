import { afterEach, describe, expect, it } from 'vitest';
import { runCrawl } from '../../jobs/crawl';
import type { Deps } from '../../src/runtime/deps';
import type { SafeFetch } from '../../src/http/safe-fetch';
import { bucketCoverage } from '../../src/detection/bucket-coverage';
import { createNodeSafeFetch } from '../../src/runtime/node/node-safe-fetch';
import { listTopicCrawlStatuses } from '../../src/storage/crawl-status-store';
import { createSource, getSource } from '../../src/storage/source-store';
import { createTopic } from '../../src/storage/topic-store';
import { fixtureBehaviour, startFixtureServer, type FixtureHandler, type FixtureServer } from '../support/fixture-server';
import { createTestDeps } from '../support/test-deps';

// The crawl job over a Mastodon source that reads three instances (fixture servers on 127.0.0.1
// answering recorded Mastodon responses), one of which fails.
const T0 = Date.parse('2026-11-30T10:00:00Z');
const MIN = 60_000;
const tagPath = '/api/v1/timelines/tag/acme';
const servers: FixtureServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

type Route = string | string[] | FixtureHandler;

/** An instance that accepts and never answers. */
const hang = fixtureBehaviour('/_/hang') as Route;

/**
 * Loopback fixtures only. The hanging instances get a short deadline so they fail fast; the others keep a
 * long one, since on a loaded machine an answering fixture can take 300 ms.
 */
function fixturesOnly(hanging: Set<string>): SafeFetch {
  const loopback = createNodeSafeFetch({ allowPrivate: true, privateAllowList: ['127.0.0.1'] });
  return async (request) => {
    const url = new URL(request.url);
    if (url.hostname !== '127.0.0.1') return { kind: 'failed', error: { kind: 'blocked', message: 'not a fixture' } };
    return loopback({ ...request, timeoutMs: hanging.has(url.host) ? 300 : 10_000 });
  };
}

async function setup(routes: [Route, Route, Route]) {
  const three = await Promise.all(routes.map((route) => startFixtureServer({ routes: { [tagPath]: route } })));
  servers.push(...three);
  const hanging = new Set(three.filter((_, i) => routes[i] === hang).map((server) => new URL(server.origin).host));
  const deps = await createTestDeps({ fetch: fixturesOnly(hanging) });
  const topic = (await createTopic(deps.db, { name: 'Acme', query: 'acme' }, 0))!;
  const [own, ...others] = three.map((server) => server.origin);
  const source = (await createSource(deps.db, { kind: 'mastodon', url: own!, topicId: topic.id, config: { instances: others } }, 0))!;
  return { three, deps, topic, source, hosts: three.map((server) => new URL(server.origin).host) };
}

const storedKeys = async (deps: Deps) => (await deps.db.selectFrom('mentions').select('dedup_key').orderBy('dedup_key').execute()).map((row) => row.dedup_key);
/** The source's crawl status changes (it is the topic's only source). */
const statuses = async (deps: Deps, topicId: number) => (await listTopicCrawlStatuses(deps.db, topicId, 0, T0 + 24 * 60 * MIN)).flat().map((c) => [c.at, c.status]);

describe('crawling a Mastodon source whose instances do not all answer', () => {
  it.each([
    { name: 'times out', route: hang, error: 'no complete response before the deadline' },
    { name: 'answers 503', route: 'mastodon/unavailable', error: 'HTTP 503' },
    { name: 'answers 429 with Retry-After', route: 'mastodon/rate-limited-retry-after', error: 'HTTP 429' },
    { name: 'answers an HTML maintenance page', route: 'mastodon/tag-malformed', error: 'not JSON' },
    { name: 'answers JSON cut off halfway', route: 'mastodon/tag-truncated-json', error: 'not JSON' },
    { name: 'answers statuses none of which can be read', route: 'mastodon/tag-page-pleroma-flake-ids', error: 'could not read any of 2 statuses: id: expected a decimal id' },
  ])('stores what the other two gave once each, and reports the one that $name', async ({ route, error }) => {
    const { deps, topic, source, hosts } = await setup(['mastodon/tag-page', 'mastodon/tag-page-other-instance', route]);
    expect(await runCrawl(deps, T0)).toMatchObject({ succeeded: 1, failed: 0, inserted: 2 });
    expect(await storedKeys(deps)).toEqual(['https://fosstodon.org/users/bob/statuses/113570990000000777', 'https://mastodon.social/users/alice/statuses/113571000000000300']);
    const after = (await getSource(deps.db, source.id))!;
    expect(after.state).toMatchObject({ errorCount: 0, lastErrorKind: null, lastSuccessAt: T0, nextCheckAt: T0 + 10 * MIN });
    expect(after.state.lastError).toContain(`1 of 3 instances did not answer: ${hosts[2]}: `);
    expect(after.state.lastError).toContain(error);
    // That instance never answered, so the topic misses nothing it had: the crawl is ok, not partial.
    expect(await statuses(deps, topic.id)).toEqual([[T0, 'ok']]);
    await deps.db.destroy();
  });

  it('skips the rate-limited instance until its Retry-After, then resumes it from its own cursor; its outage is partial coverage', async () => {
    const { three, deps, topic, source, hosts } = await setup([
      ['mastodon/tag-page', 'mastodon/tag-empty'],
      ['mastodon/tag-page-other-instance', 'mastodon/tag-empty'],
      ['mastodon/tag-page-third-instance', 'mastodon/rate-limited-retry-after', 'mastodon/tag-page-third-instance-later'],
    ]);
    const [social, fosstodon, mstdn] = three as [FixtureServer, FixtureServer, FixtureServer];
    expect(await runCrawl(deps, T0)).toMatchObject({ succeeded: 1, inserted: 3 });

    // Crawl 2: the third instance answers 429, Retry-After: 1800. The others are read; the source stays healthy.
    expect(await runCrawl(deps, T0 + 10 * MIN)).toMatchObject({ succeeded: 1, failed: 0 });
    const during = (await getSource(deps.db, source.id))!;
    expect(during.state).toMatchObject({ errorCount: 0, lastErrorKind: null, nextCheckAt: T0 + 20 * MIN });
    expect(during.state.lastError).toBe(`1 of 3 instances did not answer: ${hosts[2]}: HTTP 429, next try ${new Date(T0 + 40 * MIN).toISOString()}`);

    // Crawl 3, inside the Retry-After: the third instance is not asked, the others are, each from its cursor.
    await runCrawl(deps, T0 + 20 * MIN);
    expect(mstdn.requests).toHaveLength(2);
    expect(social.requests.map((r) => r.path).slice(1)).toEqual([0, 1].map(() => `${tagPath}?limit=40&min_id=113571000000000300`));
    expect(fosstodon.requests.at(-1)?.path).toBe(`${tagPath}?limit=40&min_id=113570990000000777`);
    expect((await getSource(deps.db, source.id))!.state.lastError).toContain('HTTP 429 (held, not asked)');

    // Crawl 4, after it: asked again from its own cursor, nothing skipped or stored twice; the warning clears.
    expect(await runCrawl(deps, T0 + 41 * MIN)).toMatchObject({ inserted: 1 });
    expect(mstdn.requests.at(-1)?.path).toBe(`${tagPath}?limit=40&min_id=113571005000000900`);
    expect(await storedKeys(deps)).toEqual([
      'https://fosstodon.org/users/bob/statuses/113570990000000777',
      'https://mastodon.social/users/alice/statuses/113571000000000300',
      'https://mstdn.social/users/erin/statuses/113571005000000900',
      'https://mstdn.social/users/erin/statuses/113571005000001200',
    ]);
    const resumed = (await getSource(deps.db, source.id))!;
    expect(resumed.state.lastError).toBeNull();
    expect(JSON.parse(resumed.state.cursor!)).toEqual({
      [hosts[0]!]: { tag: '113571000000000300' },
      [hosts[1]!]: { tag: '113570990000000777' },
      [hosts[2]!]: { tag: '113571005000001200' },
    });

    // The instance had answered, so while it was out the topic heard less: those buckets are partial.
    expect(await statuses(deps, topic.id)).toEqual([[T0, 'ok'], [T0 + 10 * MIN, 'partial'], [T0 + 41 * MIN, 'ok']]);
    const history = await listTopicCrawlStatuses(deps.db, topic.id, T0, T0 + 60 * MIN);
    expect(bucketCoverage(history, T0, T0 + 60 * MIN, 5 * MIN)).toEqual([
      'full', 'full', // 10:00–10:10
      ...Array<string>(7).fill('partial'), // 10:10–10:45: from the 429 until the crawl that read it again
      'full', 'full', 'full',
    ]);
    await deps.db.destroy();
  });

  it('fails the source when all three fail, held by the longest Retry-After, and a forced crawl waits too', async () => {
    const { three, deps, topic, source, hosts } = await setup([hang, 'mastodon/rate-limited-retry-after', 'mastodon/tag-malformed']);
    expect(await runCrawl(deps, T0)).toMatchObject({ succeeded: 0, failed: 1, inserted: 0 });
    const failed = (await getSource(deps.db, source.id))!;
    expect(failed.state).toMatchObject({ errorCount: 1, lastErrorKind: 'rate-limited', nextCheckAt: T0 + 30 * MIN, cursor: null });
    expect(failed.state.lastError).toMatch(/^none of the 3 instances answered: /);
    for (const host of hosts) expect(failed.state.lastError).toContain(host);
    expect(await statuses(deps, topic.id)).toEqual([[T0, 'rate-limited']]);

    expect(await runCrawl(deps, T0 + 5 * MIN, { force: true })).toMatchObject({ sources: 0 });
    expect(three.map((server) => server.requests.length)).toEqual([1, 1, 1]);
    await deps.db.destroy();
  });
});
