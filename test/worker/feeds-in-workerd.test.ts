/**
 * Every recorded feed (test/fixtures/rss and the hostile corpus in test/fixtures/rss-hostile) through the
 * RSS adapter twice: in Node on its SafeFetch, and inside workerd on the Worker's SafeFetch (a probe
 * Worker under wrangler dev, fetching the same 127.0.0.1 fixture server). The outcomes must be equal:
 * this is where a dependency that does not run in workerd (rss-parser's xml2js/sax and its Node
 * imports, a TextDecoder label workerd lacks, a memory limit) would show up.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bareRssSource } from '../support/bare-rss-source';
import { createNodeSafeFetch } from '../../src/runtime/node/node-safe-fetch';
import { sourceAdapters } from '../../src/sources/source-adapters';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';
import { startWranglerDev, type WranglerDev } from './wrangler-dev';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
let server: FixtureServer;
let probe: WranglerDev;
let cases: string[] = [];

beforeAll(async () => {
  for (const folder of ['rss', 'rss-hostile']) {
    cases.push(...(await readdir(path.join(fixtures, folder))).map((name) => `${folder}/${name}`));
  }
  // Transport cases: compression as servers send it, a cut-off body, an oversized body, rate limits, redirects.
  cases = [
    ...cases.sort(),
    'rss/basic?encoding=gzip',
    'rss/basic?encoding=br',
    'rss/basic?encoding=deflate',
    'rss/basic?encoding=deflate-raw',
    'rss/basic?truncate',
    '_/large?mb=8',
    '_/large?mb=8&encoding=gzip',
    '_/status/429?retry-after=120',
    '_/status/503',
    '_/status/304',
    '_/redirect?to=/rss/atom&status=301',
    '_/redirect?to=/rss/atom&status=302',
  ];
  server = await startFixtureServer();
  probe = await startWranglerDev({}, { script: 'test/worker/feed-probe-worker.ts' });
}, 120_000);

afterAll(async () => {
  await probe?.stop();
  await server?.close();
});

async function onNode(url: string): Promise<unknown> {
  const source = bareRssSource(url);
  const fetch = createNodeSafeFetch({ allowPrivate: true, timeoutMs: 5_000 });
  // Through JSON as the probe's answer is, so undefined fields compare alike.
  return comparable(await sourceAdapters.rss.fetchMentions(source, { fetch, now: NOW, topics: [] }));
}

async function inWorkerd(url: string): Promise<unknown> {
  const response = await fetch(probe.origin, { method: 'POST', body: JSON.stringify({ url, now: NOW }) });
  return comparable(await response.json());
}

/**
 * Through JSON, as the probe's answer is, so undefined fields compare alike; without the "(line 1 column 66)"
 * that workerd's newer V8 adds to JSON.parse messages; and a lost connection compared by kind, since each
 * platform words it its own way ("aborted", "Network connection lost.").
 */
function comparable(outcome: unknown): unknown {
  const plain = JSON.parse(JSON.stringify(outcome).replace(/ \(line \d+ column \d+\)/g, '')) as { kind: string; error?: { kind: string; message?: string } };
  if (plain.kind === 'failed' && plain.error?.kind === 'network') delete plain.error.message;
  return plain;
}

it('parses every recorded and hostile feed in workerd exactly as on Node', async () => {
  expect(cases.length).toBeGreaterThan(60);
  const differences: Array<{ case: string; node: unknown; workerd: unknown }> = [];
  for (const name of cases) {
    const url = server.url(`/${name}`);
    const [node, workerd] = [await onNode(url), await inWorkerd(url)];
    if (JSON.stringify(node) !== JSON.stringify(workerd)) differences.push({ case: name, node, workerd });
  }
  expect(differences.map((d) => ({ ...d, node: JSON.stringify(d.node).slice(0, 300), workerd: JSON.stringify(d.workerd).slice(0, 300) }))).toEqual([]);
}, 120_000);

// The Worker's SafeFetch follows redirects by hand (redirect: 'manual'): a move it did not report as
// permanent would leave the feed asked at its old address on every tick; a temporary one must not move it.
it.each([
  { status: 301, movedTo: '/rss/atom' },
  { status: 308, movedTo: '/rss/atom' },
  { status: 302, movedTo: undefined },
  { status: 307, movedTo: undefined },
])('remembers where a feed moved after a $status in workerd: $movedTo', async ({ status, movedTo }) => {
  const outcome = (await inWorkerd(server.url(`/_/redirect?to=/rss/atom&status=${status}`))) as { kind: string; next?: { movedTo?: string } };
  expect(outcome.kind).toBe('ok');
  expect(outcome.next?.movedTo).toBe(movedTo === undefined ? undefined : server.url(movedTo));
}, 30_000);
