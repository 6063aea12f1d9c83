// The words for how a source is doing, shared by the overview's table and a topic's page. The fragment
// is plain browser JS; its pure functions are evaluated here on their own.
import { describe, expect, it } from 'vitest';
import { sourceHealthJs } from '../../dashboards/source-health-script';

const { sourceStatus, sourceProblem } = new Function(`${sourceHealthJs}\nreturn { sourceStatus, sourceProblem };`)() as Record<'sourceStatus' | 'sourceProblem', (source: unknown) => string>;

const state = (over: Record<string, unknown> = {}) => ({ errorCount: 0, lastError: null, ...over });
const needs = { missingCredentials: ['EARSHOT_BLUESKY_IDENTIFIER', 'EARSHOT_BLUESKY_APP_PASSWORD'], credentialsRequired: true };

describe('sourceStatus', () => {
  it.each([
    { name: 'a healthy source', source: { enabled: true, state: state() }, status: 'ok' },
    { name: 'a Bluesky source without its credentials, before its first crawl', source: { enabled: true, state: state(), limits: needs }, status: 'needs credentials' },
    { name: 'one that has failed since', source: { enabled: true, state: state({ errorCount: 2, lastError: 'HTTP 401' }), limits: needs }, status: 'failing' },
    { name: "Reddit's keyless feed (credentials only widen it)", source: { enabled: true, state: state(), limits: { missingCredentials: ['EARSHOT_REDDIT_CLIENT_ID'], credentialsRequired: false } }, status: 'ok' },
    { name: 'a partial answer', source: { enabled: true, crawlStatus: 'partial', state: state({ lastError: '1 of 3 instances did not answer' }) }, status: 'partial' },
    { name: 'a warning from before crawlStatus was reported', source: { enabled: true, state: state({ lastError: '1 of 3 instances did not answer' }) }, status: 'partial' },
    { name: 'a notice on a crawl that heard everything', source: { enabled: true, crawlStatus: 'ok', state: state({ lastError: '1 of 5 hits skipped: title: expected string' }) }, status: 'ok' },
    { name: 'a source catching up on old items', source: { enabled: true, crawlStatus: 'backfilling', state: state() }, status: 'backfilling' },
    { name: 'a failing source whose last good crawl was ok', source: { enabled: true, crawlStatus: 'failed', state: state({ errorCount: 1, lastError: 'HTTP 500' }) }, status: 'failing' },
    { name: 'a paused source', source: { enabled: false, state: state(), limits: needs }, status: 'paused' },
    { name: 'a source being deleted', source: { enabled: false, deleting: true, state: state() }, status: 'deleting' },
  ])('$name: $status', ({ source, status }) => {
    expect(sourceStatus(source)).toBe(status);
  });
});

describe('sourceProblem', () => {
  it.each([
    { crawlStatus: 'partial', problem: 'partial: 1 of 3 instances did not answer' },
    { crawlStatus: undefined, problem: 'partial: 1 of 3 instances did not answer' },
    { crawlStatus: 'ok', problem: 'note: 1 of 3 instances did not answer' },
  ])('a warning on a $crawlStatus crawl reads "$problem"', ({ crawlStatus, problem }) => {
    expect(sourceProblem({ enabled: true, crawlStatus, state: state({ lastError: '1 of 3 instances did not answer' }) })).toBe(problem);
  });
});
