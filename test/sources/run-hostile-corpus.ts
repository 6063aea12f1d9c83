/**
 * Runs every hostile feed through the real RSS source (Node SafeFetch → decode → parse → drafts) against
 * a fixture server started by the caller, and prints one JSON report on stdout. hostile-feeds.test.ts
 * starts it as a child process with a capped V8 heap, so a feed that blew memory up would kill it, and
 * reads the peak RSS the kernel measured for the child alone (the server lives in the parent).
 *
 *   node --max-old-space-size=128 --max-semi-space-size=8 --import tsx test/sources/run-hostile-corpus.ts http://127.0.0.1:PORT
 */
import { fileURLToPath } from 'node:url';
import type { Source } from '../../src/domain/source';
import { createNodeSafeFetch } from '../../src/runtime/node/node-safe-fetch';
import { createRssSource } from '../../src/sources/rss-source';
import { hostileTargets } from './hostile-corpus';

export interface CaseReport {
  name: string;
  outcome: 'ok' | 'not-modified' | 'failed' | 'threw';
  error?: string;
  message?: string;
  drafts?: Array<{ dedupKey: string; url: string | null; title: string | null; text: string; publishedAt: number | null }>;
  draftCount?: number;
  ms: number;
  heapUsedMb: number;
  rssMb: number;
}

async function main(origin: string): Promise<void> {
  const fetch = createNodeSafeFetch({ allowPrivate: true, privateAllowList: ['127.0.0.1'] });
  const adapter = createRssSource({ timeoutMs: 10_000 });
  const reports: CaseReport[] = [];
  for (const { name, path } of hostileTargets()) {
    reports.push(await runCase(name, `${origin}${path}`, adapter, fetch));
  }
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ reports, maxRssMb })}\n`);
}

async function runCase(name: string, url: string, adapter: ReturnType<typeof createRssSource>, fetch: ReturnType<typeof createNodeSafeFetch>): Promise<CaseReport> {
  const source: Source = {
    id: 1, kind: 'rss', url, name, topicId: null, enabled: true, createdAt: 0,
    state: { etag: null, lastModified: null, cursor: null, nextCheckAt: 0, errorCount: 0, lastError: null, lastErrorKind: null, lastSuccessAt: null },
  };
  const started = performance.now();
  const report: CaseReport = { name, outcome: 'threw', ms: 0, heapUsedMb: 0, rssMb: 0 };
  try {
    const outcome = await adapter.fetchMentions(source, { fetch, now: Date.parse('2026-11-30T10:00:00Z'), topics: [] });
    report.outcome = outcome.kind;
    if (outcome.kind === 'failed') {
      report.error = outcome.error.kind;
      report.message = outcome.error.message.slice(0, 200);
    }
    if (outcome.kind === 'ok') {
      report.draftCount = outcome.drafts.length;
      report.drafts = outcome.drafts.slice(0, 3).map(({ dedupKey, url: link, title, text, publishedAt }) => ({ dedupKey, url: link, title, text: text.slice(0, 200), publishedAt }));
    }
  } catch (error) {
    report.error = String(error);
  }
  report.ms = Math.round(performance.now() - started);
  const memory = process.memoryUsage();
  report.heapUsedMb = Math.round(memory.heapUsed / 1024 / 1024);
  report.rssMb = Math.round(memory.rss / 1024 / 1024);
  return report;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv[2] ?? '');
