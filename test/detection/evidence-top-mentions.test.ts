// The mentions an alert's evidence leads with: in the alert's tone (a launch going well shows its
// happiest posts, not the two grumbles among them) and one per copied text (a pile-on's shared post
// shows once, with how many times it was posted).
import { describe, expect, it } from 'vitest';
import { runDetect } from '../../jobs/detect';
import { BUCKET_MS } from '../../src/domain/bucket';
import type { AlertKind } from '../../src/domain/alert';
import { listAlerts } from '../../src/storage/alert-store';
import { insertMentions, type ScoredDraft } from '../../src/storage/mention-store';
import { createSource, recordSourceSuccess } from '../../src/storage/source-store';
import { createTopic } from '../../src/storage/topic-store';
import { createTestDeps } from '../support/test-deps';

const T0 = Date.UTC(2026, 10, 30, 0, 0, 0);
const HOUR = 3_600_000;

interface Post {
  text: string;
  score: number;
}

function draft(key: string, post: Post, at: number, topicId: number): ScoredDraft {
  const label = post.score < 0 ? 'negative' : post.score > 0 ? 'positive' : 'neutral';
  return {
    draft: { dedupKey: key, url: `https://social.example/${key}`, author: `@${key}`, title: null, text: post.text, publishedAt: at },
    sentiment: { score: post.score, label, explanation: [], version: 't' },
    topicIds: [topicId],
  };
}

/** Six quiet hours (one neutral post a bucket, a complaint every third), then 30 minutes of `surge(i)` posts, 15 a bucket. */
async function runSurge(surge: (i: number) => Post) {
  const deps = await createTestDeps();
  const topic = (await createTopic(deps.db, { name: 'Acme', query: 'acme' }, T0))!;
  const source = (await createSource(deps.db, { kind: 'rss', url: 'https://social.example/feed' }, T0))!;
  await recordSourceSuccess(deps.db, source.id, undefined, T0, T0);
  const surgeAt = T0 + 6 * HOUR;
  let n = 0;
  for (let t = T0; t < surgeAt + 6 * BUCKET_MS; t += BUCKET_MS) {
    // Every third quiet bucket also holds a complaint: a surge with a few among its 15 is not a backlash.
    const batch = [draft(`q${n++}`, { text: `acme update number ${n}`, score: 0 }, t + 1000, topic.id)];
    if ((t - T0) % (3 * BUCKET_MS) === 0) batch.push(draft(`c${n++}`, { text: `acme support is slow, day ${n}`, score: -0.4 }, t + 1500, topic.id));
    if (t >= surgeAt) for (let i = 0; i < 15; i++) batch.push(draft(`s${n++}`, surge(i), t + 2000 + i, topic.id));
    await insertMentions(deps.db, source.id, batch, t + BUCKET_MS);
    await runDetect(deps, t + BUCKET_MS);
  }
  const alerts = await listAlerts(deps.db, { limit: 5 });
  expect(alerts).toHaveLength(1);
  return alerts[0]!;
}

describe("an alert's top mentions", () => {
  it('of a positive surge are its most positive mentions, not the grumbles among them', async () => {
    const alert = await runSurge((i) =>
      i < 2 ? { text: `acme broke my order ${i}`, score: -0.8 } : { text: `loving the new acme release, take ${i}`, score: 0.3 + i * 0.04 },
    );
    expect(alert.kind satisfies AlertKind).toBe('positive-surge');
    const scores = alert.evidence.topMentions.map((m) => m.sentimentScore);
    expect(scores.length).toBe(5);
    expect(scores.every((s) => s > 0)).toBe(true);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores[0]).toBeCloseTo(0.3 + 14 * 0.04);
  });

  it('of a backlash show a copied post once, with how many times it was posted', async () => {
    const shared = (i: number) => ({ text: `Boycott Acme. They ignored every warning. https://t.co/${i}`, score: -0.9 });
    const alert = await runSurge((i) => (i < 10 ? shared(i) : { text: `acme lost my data, attempt ${i}`, score: -0.5 }));
    expect(alert.kind).toBe('backlash');
    const [first, ...rest] = alert.evidence.topMentions;
    expect(first!.excerpt).toMatch(/^Boycott Acme\./);
    // Every copy in the alert's window (whole buckets of 10 copies each), counted exactly.
    const windowBuckets = (alert.evidence.windowEnd - alert.evidence.windowStart) / BUCKET_MS;
    const surgeBuckets = Math.min(windowBuckets, (alert.evidence.windowEnd - (T0 + 6 * HOUR)) / BUCKET_MS);
    expect(first!.copies).toBe(10 * surgeBuckets);
    expect(first!.copiesAtLeast).toBeUndefined();
    expect(rest.length).toBe(4);
    expect(rest.every((m) => m.copies === undefined && !m.excerpt.startsWith('Boycott'))).toBe(true);
  });
});
