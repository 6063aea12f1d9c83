// The detect job puts mean sentiment and engagement, before vs during the alert's window, into the
// evidence, read from the buckets; checked here against the raw mentions the test stored.
import { describe, expect, it } from 'vitest';
import { runDetect } from '../../jobs/detect';
import { BUCKET_MS } from '../../src/domain/bucket';
import { engagementTotal, type Engagement } from '../../src/domain/mention';
import { listAlerts } from '../../src/storage/alert-store';
import { insertMentions, type ScoredDraft } from '../../src/storage/mention-store';
import { createSource, recordSourceSuccess } from '../../src/storage/source-store';
import { createTopic } from '../../src/storage/topic-store';
import { createTestDeps } from '../support/test-deps';

const T0 = Date.UTC(2026, 10, 30, 0, 0, 0);
const HOUR = 3_600_000;

interface Posted {
  key: string;
  at: number;
  score: number;
  engagement: Engagement | null;
  author?: string;
}

const quietPost = (key: string, at: number, engaged: boolean): Posted => ({
  key,
  at,
  score: 0.2,
  engagement: engaged ? { likes: 4, reposts: null, replies: null, score: null } : null,
});
const angryPost = (key: string, at: number, engaged: boolean): Posted => ({
  key,
  at,
  score: -0.7,
  // Half the surge comes through a source that reports engagement, half through feeds that do not.
  engagement: engaged && Number(key.slice(1)) % 2 === 0 ? { likes: 50, reposts: 10, replies: null, score: null } : null,
});

function draft(post: Posted, topicId: number): ScoredDraft {
  const negative = post.score < 0;
  return {
    draft: { dedupKey: post.key, url: `https://blog.example/${post.key}`, author: post.author ?? null, title: null, text: negative ? 'acme is awful' : 'acme shipped a thing', publishedAt: post.at, engagement: post.engagement },
    sentiment: { score: post.score, label: negative ? 'negative' : 'positive', explanation: [], version: 't' },
    topicIds: [topicId],
  };
}

/** Six quiet hours, then a negative surge; the detect job runs after every bucket, as the scheduler would. */
async function runBacklash(engaged: boolean, authorOf?: (angryIndex: number) => string, quietAfter = 0, surgeBuckets = 3) {
  const deps = await createTestDeps();
  const topic = (await createTopic(deps.db, { name: 'Acme', query: 'acme' }, T0))!;
  const source = (await createSource(deps.db, { kind: 'rss', url: 'https://blog.example/feed' }, T0))!;
  await recordSourceSuccess(deps.db, source.id, undefined, T0, T0);
  const mirror = authorOf ? (await createSource(deps.db, { kind: 'rss', url: 'https://aggregator.example/feed' }, T0)) : null;
  if (mirror) await recordSourceSuccess(deps.db, mirror.id, undefined, T0, T0);
  const posted: Posted[] = [];
  const surgeAt = T0 + 6 * HOUR;
  let n = 0;
  for (let t = T0; t < surgeAt + (surgeBuckets + quietAfter) * BUCKET_MS; t += BUCKET_MS) {
    const batch = [quietPost(`q${n++}`, t + 1000, engaged)];
    if (t >= surgeAt && t < surgeAt + surgeBuckets * BUCKET_MS) for (let i = 0; i < 15; i++) batch.push({ ...angryPost(`s${n++}`, t + 2000, engaged), ...(authorOf ? { author: authorOf(i) } : {}) });
    posted.push(...batch);
    await insertMentions(deps.db, source.id, batch.map((p) => draft(p, topic.id)), t + BUCKET_MS);
    if (authorOf && t >= surgeAt) {
      // The same angry stories seen again through an aggregator: each story counts once, its author too.
      await insertMentions(deps.db, mirror!.id, batch.filter((p) => p.score < 0).map((p) => {
        const copy = draft(p, topic.id);
        return { ...copy, draft: { ...copy.draft, dedupKey: `mirror-${p.key}` } };
      }), t + BUCKET_MS);
    }
    await runDetect(deps, t + BUCKET_MS);
  }
  const [alert] = await listAlerts(deps.db, { limit: 1 });
  return { alert: alert!, posted };
}

/** The same numbers worked out from the posts themselves, not from buckets. */
function expectedFrom(posted: Posted[], from: number, to: number) {
  const inRange = posted.filter((p) => p.at >= from && p.at < to);
  const known = inRange.map((p) => engagementTotal(p.engagement)).filter((e): e is number => e !== null);
  const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
  return { sentiment: mean(inRange.map((p) => p.score)), perMention: mean(known), total: known.length ? known.reduce((a, b) => a + b, 0) : null, knownShare: known.length / inRange.length };
}

describe('alert evidence from the detect job', () => {
  it('carries mean sentiment and engagement per mention before and during the window', async () => {
    const { alert, posted } = await runBacklash(true);
    const { windowStart, windowEnd } = alert.evidence;
    const before = expectedFrom(posted, windowStart - 24 * HOUR, windowStart);
    const during = expectedFrom(posted, windowStart, windowEnd);
    expect(alert.kind).toBe('backlash');
    expect(alert.evidence['sentiment']).toEqual({ before: expect.closeTo(before.sentiment!, 3), during: expect.closeTo(during.sentiment!, 3) });
    expect(alert.evidence['engagement']).toEqual({
      perMentionBefore: before.perMention,
      perMentionDuring: expect.closeTo(during.perMention!, 2),
      totalDuring: during.total,
      knownShare: expect.closeTo(during.knownShare, 2),
    });
    // The surge is angrier and more engaged than the day before it, and only part of it reported engagement.
    expect(before).toMatchObject({ sentiment: expect.closeTo(0.2, 9), perMention: 4 });
    expect(during.sentiment!).toBeLessThan(0);
    expect(during.perMention!).toBeGreaterThan(4);
    expect(during.knownShare).toBeLessThan(1);
  });

  it('counts who wrote the surge, each story once, and names the loudest author', async () => {
    // Two of every three angry posts come from one account; the rest from different people.
    const { alert, posted } = await runBacklash(false, (i) => (i % 3 === 2 ? `@person${Math.random()}` : '@loud'));
    const { windowStart, windowEnd } = alert.evidence;
    const angry = posted.filter((p) => p.score < 0 && p.at >= windowStart && p.at < windowEnd);
    const loud = angry.filter((p) => p.author === '@loud').length;
    expect(loud).toBeGreaterThanOrEqual(5);
    expect(alert.evidence['authors']).toEqual({ mentions: angry.length, known: angry.length, distinct: angry.length - loud + 1, top: { author: '@loud', mentions: loud } });
  });

  it('says how many mentions name no author: feeds often do not', async () => {
    const { alert } = await runBacklash(false);
    expect(alert.evidence['authors']).toEqual({ mentions: expect.any(Number), known: 0, distinct: 0, top: null });
    expect((alert.evidence['authors'] as { mentions: number }).mentions).toBeGreaterThan(0);
  });

  it('keeps what the detector expected bucket by bucket, from six hours before the opening to the resolution', async () => {
    const { alert } = await runBacklash(false, undefined, 36);
    expect(alert.status).toBe('resolved');
    const runs = alert.evidence['expectedByBucket'] as { from: number; bucketMinutes: number; counts: number[] }[];
    // The opening's six hours and the resolution's overlap: one run, ending at the bucket that resolved it.
    expect(runs).toHaveLength(1);
    const [run] = runs as [{ from: number; bucketMinutes: number; counts: number[] }];
    const openingBucket = alert.evidence.windowEnd - BUCKET_MS;
    expect(run.bucketMinutes).toBe(5);
    expect(run.from).toBe(Math.max(T0, openingBucket - 71 * BUCKET_MS));
    expect(run.from + (run.counts.length - 1) * BUCKET_MS).toBe(alert.resolvedAt! - BUCKET_MS);
    // The window the alert opened on sums to its expectation (negative mentions: none were usual).
    const inWindow = run.counts.slice((alert.evidence.windowStart - run.from) / BUCKET_MS, (alert.evidence.windowEnd - run.from) / BUCKET_MS);
    expect(inWindow.reduce((a, b) => a + b, 0)).toBeCloseTo(alert.evidence.expected, 1);
  });

  it('keeps the usual level up to the newest bucket while a long backlash stays open, without marking the alert updated', async () => {
    // Twelve and a half hours of surge: far past the six hours the detector keeps, with no event after the escalation.
    const { alert } = await runBacklash(false, undefined, 0, 150);
    expect(alert.status).toBe('open');
    expect(alert.updatedAt - alert.openedAt).toBeLessThan(HOUR);
    const runs = alert.evidence['expectedByBucket'] as { from: number; bucketMinutes: number; counts: number[] }[];
    expect(runs).toHaveLength(1);
    const openingBucket = alert.evidence.windowEnd - BUCKET_MS;
    const lastJudged = T0 + 6 * HOUR + 149 * BUCKET_MS;
    expect(runs[0]!.from).toBe(openingBucket - 71 * BUCKET_MS);
    expect(runs[0]!.from + (runs[0]!.counts.length - 1) * BUCKET_MS).toBe(lastJudged);
  });

  it('says null, not 0, when no source reported engagement', async () => {
    const { alert } = await runBacklash(false);
    expect(alert.evidence['sentiment']).toMatchObject({ before: 0.2, during: expect.any(Number) });
    expect(alert.evidence['engagement']).toEqual({ perMentionBefore: null, perMentionDuring: null, totalDuring: null, knownShare: 0 });
  });
});
