/**
 * The contract every SourceAdapter keeps, written once and run against each adapter.
 *
 * How to run it against an adapter — a file `test/sources/<kind>-contract.test.ts`:
 *
 *   import { runAdapterContract } from './adapter-contract';
 *   runAdapterContract({
 *     name: 'hackernews',
 *     adapter: hackernewsSource,
 *     // A Source whose requests land on the fixture server (the adapter must take its base URL from the
 *     // source or from io.credentials, never hard-code the public host).
 *     sourceFor: (origin) => makeSource({ kind: 'hackernews', url: `${origin}/api/v1/search_by_date?query=acme` }),
 *     cases: { ok: 'hackernews/search-page', empty: 'hackernews/search-empty', malformed: 'hackernews/search-malformed' },
 *     // optional: paths that must always succeed whatever the scenario (OAuth token, session endpoints)
 *     routes: { '/api/v1/access_token': 'reddit/token' },
 *     credentials: { reddit: { clientId: 'id', clientSecret: 'secret' } },
 *   });
 *
 * `cases` name recorded fixtures (test/fixtures/<source>/<case>/, see test/support/fixture-server.ts)
 * in the service's real format: a page with posts, a page with none, and a body the adapter cannot read.
 * Each scenario starts its own fixture server on 127.0.0.1:0 where every path not in `routes` answers the
 * same way; the adapter gets a loopback-only Node SafeFetch whose timeout is clamped to 500 ms.
 *
 * Scenarios and what must come back (never a throw):
 *   ok            drafts, each well-formed (non-empty unique dedup key, text, date null or a number,
 *                 URL null or http(s), engagement null or numbers — unknown is null, never 0 by default)
 *   not-modified  a second fetch with the first one's state: `not-modified`, or `ok` when the adapter
 *                 did not send a conditional request (cursor APIs); if it did, it must be `not-modified`
 *   rate-limited  429 with Retry-After: 120 → failed `rate-limited`, retryAfterMs 120000
 *   failed        500 → failed `http`, httpStatus 500
 *   malformed     a body it cannot read → failed `parse`
 *   empty         a page without posts → ok, no drafts
 *   too-large     a 50 MB body → failed `too-large`
 *   timeout       a server that never answers → failed `timeout`
 *   blocked       a redirect to a private address → failed `blocked`
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MentionDraft } from '../../src/domain/mention';
import type { Source } from '../../src/domain/source';
import type { Topic } from '../../src/domain/topic';
import type { SafeFetch } from '../../src/http/safe-fetch';
import { createNodeSafeFetch } from '../../src/runtime/node/node-safe-fetch';
import type { FetchOutcome, SourceAdapter, SourceCursor, SourceIo } from '../../src/sources/source-adapter';
import { fixtureBehaviour, recordedCase, startFixtureServer, type FixtureHandler, type FixtureServer } from '../support/fixture-server';

export interface AdapterContractSubject {
  name: string;
  adapter: SourceAdapter;
  sourceFor: (origin: string) => Source;
  cases: { ok: string; empty: string; malformed: string };
  routes?: Record<string, string | string[] | FixtureHandler>;
  credentials?: SourceIo['credentials'];
  topics?: Topic[];
  now?: number;
}

const contractTimeoutMs = 500;

export function runAdapterContract(subject: AdapterContractSubject): void {
  let server: FixtureServer | null = null;
  const serve = async (fallback: string | FixtureHandler): Promise<FixtureServer> => {
    server = await startFixtureServer({ routes: subject.routes, fallback });
    return server;
  };
  const fetchFor = (): SafeFetch => {
    const base = createNodeSafeFetch({ allowPrivate: true, privateAllowList: ['127.0.0.1'] });
    return (request) => base({ ...request, timeoutMs: Math.min(request.timeoutMs ?? contractTimeoutMs, contractTimeoutMs) });
  };
  const run = (source: Source): Promise<FetchOutcome> =>
    subject.adapter.fetchMentions(source, { fetch: fetchFor(), now: subject.now ?? Date.parse('2026-11-30T10:00:00Z'), topics: subject.topics ?? [], credentials: subject.credentials });

  afterEach(async () => {
    await server?.close();
    server = null;
  });

  describe(`${subject.name} adapter contract`, () => {
    it('ok: returns well-formed drafts', async () => {
      const { origin } = await serve(subject.cases.ok);
      const outcome = await run(subject.sourceFor(origin));
      expect(outcome.kind, describeOutcome(outcome)).toBe('ok');
      if (outcome.kind !== 'ok') return;
      expect(outcome.drafts.length).toBeGreaterThan(0);
      outcome.drafts.forEach(expectWellFormed);
      expect(new Set(outcome.drafts.map((draft) => draft.dedupKey)).size).toBe(outcome.drafts.length);
    });

    it('not-modified: a second fetch with the first one\'s state brings nothing new', async () => {
      const conditional = conditionalOr(subject.cases.ok);
      const { origin, requests } = await serve(conditional);
      const first = await run(subject.sourceFor(origin));
      expect(first.kind, describeOutcome(first)).toBe('ok');
      if (first.kind !== 'ok') return;
      const seen = requests.length;
      const second = await run(withState(subject.sourceFor(origin), first.next));
      const sentConditional = requests.slice(seen).some((request) => request.headers['if-none-match'] !== undefined || request.headers['if-modified-since'] !== undefined);
      expect(second.kind, describeOutcome(second)).toBe(sentConditional ? 'not-modified' : 'ok');
    });

    it('rate-limited: 429 with Retry-After is a rate limit with its wait', async () => {
      const { origin } = await serve(fixtureBehaviour('/_/status/429?retry-after=120'));
      expect(await run(subject.sourceFor(origin))).toMatchObject({ kind: 'failed', error: { kind: 'rate-limited', retryAfterMs: 120_000 } });
    });

    it('failed: a 500 is an http failure with its status', async () => {
      const { origin } = await serve(fixtureBehaviour('/_/status/500'));
      expect(await run(subject.sourceFor(origin))).toMatchObject({ kind: 'failed', error: { kind: 'http', httpStatus: 500 } });
    });

    it('malformed: an unreadable body is a parse failure', async () => {
      const { origin } = await serve(subject.cases.malformed);
      expect(await run(subject.sourceFor(origin))).toMatchObject({ kind: 'failed', error: { kind: 'parse' } });
    });

    it('empty: a page without posts is ok with no drafts', async () => {
      const { origin } = await serve(subject.cases.empty);
      expect(await run(subject.sourceFor(origin))).toMatchObject({ kind: 'ok', drafts: [] });
    });

    it('too-large: a 50 MB body is refused at the byte cap', async () => {
      const { origin } = await serve(fixtureBehaviour('/_/large?mb=50'));
      expect(await run(subject.sourceFor(origin))).toMatchObject({ kind: 'failed', error: { kind: 'too-large' } });
    });

    it('timeout: a server that never answers is a timeout', async () => {
      const { origin } = await serve(fixtureBehaviour('/_/hang'));
      expect(await run(subject.sourceFor(origin))).toMatchObject({ kind: 'failed', error: { kind: 'timeout' } });
    });

    it('blocked: a redirect into a private address is refused', async () => {
      const { origin } = await serve(fixtureBehaviour(`/_/redirect?to=${encodeURIComponent('http://10.0.0.7/')}`));
      expect(await run(subject.sourceFor(origin))).toMatchObject({ kind: 'failed', error: { kind: 'blocked' } });
    });
  });
}

/** Answers 304 to a conditional request (whatever its validators), the recorded case otherwise. */
function conditionalOr(caseName: string): FixtureHandler {
  const notModified = fixtureBehaviour('/_/status/304');
  const recorded = recordedCase(caseName);
  return (request, response) => {
    const isConditional = request.headers['if-none-match'] !== undefined || request.headers['if-modified-since'] !== undefined;
    (isConditional ? notModified : recorded)(request, response);
  };
}

function withState(source: Source, next: SourceCursor): Source {
  return { ...source, state: { ...source.state, etag: next.etag, lastModified: next.lastModified, cursor: next.cursor } };
}

function expectWellFormed(draft: MentionDraft): void {
  expect(typeof draft.dedupKey).toBe('string');
  expect(draft.dedupKey.length).toBeGreaterThan(0);
  expect(typeof draft.text).toBe('string');
  expect(draft.publishedAt === null || Number.isFinite(draft.publishedAt)).toBe(true);
  if (draft.url !== null) expect(draft.url).toMatch(/^https?:\/\//);
  for (const value of Object.values(draft.engagement ?? {})) {
    expect(value === null || (typeof value === 'number' && Number.isFinite(value))).toBe(true);
  }
}

function describeOutcome(outcome: FetchOutcome): string {
  return outcome.kind === 'failed' ? `failed ${outcome.error.kind}: ${outcome.error.message}` : outcome.kind;
}
