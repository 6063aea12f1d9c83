import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';
import { expectationFor, generatedRoutes, hostileTargets } from './hostile-corpus';
import type { CaseReport } from './run-hostile-corpus';

/**
 * Every hostile feed ends as drafts or a classified failure, never a throw, and the whole corpus runs in a
 * child whose V8 heap is capped well below 256 MB (128 MB old space + 3 × 8 MB young space, so V8 collects
 * early even when the machine is busy and resident memory keeps its margin): a case that needed more would
 * abort the child and fail this suite.
 */
const runner = path.join(path.dirname(fileURLToPath(import.meta.url)), 'run-hostile-corpus.ts');
const heapFlags = ['--max-old-space-size=128', '--max-semi-space-size=8'];
const targets = hostileTargets();
let server: FixtureServer;
let reports: Map<string, CaseReport>;
let maxRssMb: number;

beforeAll(async () => {
  server = await startFixtureServer({ routes: generatedRoutes() });
  const { stdout } = await promisify(execFile)(process.execPath, [...heapFlags, '--import', 'tsx', runner, server.origin], { maxBuffer: 16 * 1024 * 1024, timeout: 120_000 });
  const parsed = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { reports: CaseReport[]; maxRssMb: number };
  reports = new Map(parsed.reports.map((report) => [report.name, report]));
  maxRssMb = parsed.maxRssMb;
}, 150_000);

afterAll(async () => {
  await server.close();
});

describe('hostile feed corpus', () => {
  it('has at least 40 recorded cases and every case ran', () => {
    expect(targets.filter((target) => target.path.startsWith('/rss-hostile/')).length).toBeGreaterThanOrEqual(40);
    expect([...reports.keys()].sort()).toEqual(targets.map((target) => target.name).sort());
  });

  it('stays under 256 MB resident for the whole corpus', () => {
    expect(maxRssMb).toBeLessThan(256);
  });

  it.each(targets.map((target) => target.name))('%s', (name) => {
    const report = reports.get(name);
    const expected = expectationFor(name);
    expect(report?.outcome, report?.error).toBe(expected.outcome);
    if (report === undefined) return;
    if (expected.error !== undefined) expect(report.error).toBe(expected.error);
    if (expected.drafts !== undefined) expect(report.draftCount).toBe(expected.drafts);
    const first = report.drafts?.[0];
    if (expected.title !== undefined) expect(first?.title).toBe(expected.title);
    if (expected.text !== undefined) expect(first?.text).toBe(expected.text);
    if (expected.url !== undefined) expect(first?.url).toBe(expected.url);
    if (expected.publishedAt !== undefined) expect(first?.publishedAt).toBe(expected.publishedAt);
    if (expected.dedupKeyPattern !== undefined) expect(first?.dedupKey).toMatch(new RegExp(expected.dedupKeyPattern));
    if (expected.maxTitleLength !== undefined) expect(first?.title?.length ?? 0).toBeLessThanOrEqual(expected.maxTitleLength);
    expect(report.ms).toBeLessThan(expected.maxMs ?? 10_000);
  });
});
