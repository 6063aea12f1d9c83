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

/**
 * Six quiet hours (one neutral post a bucket, a complaint every third), then 30 minutes of `surge(i)` posts,
 * 15 a bucket. `mirrored`: a second source also carries every surge post (same link, its own key), as an
 * aggregator repeating a feed does: the same stories, counted once.
 */
async function runSurge(surge: (i: number) => Post, { mirrored = false } = {}) {
  const deps = await createTestDeps();
  const topic = (await createTopic(deps.db, { name: 'Acme', query: 'acme' }, T0))!;
  const source = (await createSource(deps.db, { kind: 'rss', url: 'https://social.example/feed' }, T0))!;
  const mirror = (await createSource(deps.db, { kind: 'rss', url: 'https://mirror.example/feed' }, T0))!;
  await recordSourceSuccess(deps.db, source.id, undefined, T0, T0);
  const surgeAt = T0 + 6 * HOUR;
  let n = 0;
  for (let t = T0; t < surgeAt + 6 * BUCKET_MS; t += BUCKET_MS) {
    // Every third quiet bucket also holds a complaint: a surge with a few among its 15 is not a backlash.
    const batch = [draft(`q${n++}`, { text: `acme update number ${n}`, score: 0 }, t + 1000, topic.id)];
    if ((t - T0) % (3 * BUCKET_MS) === 0) batch.push(draft(`c${n++}`, { text: `acme support is slow, day ${n}`, score: -0.4 }, t + 1500, topic.id));
    if (t >= surgeAt) for (let i = 0; i < 15; i++) batch.push(draft(`s${n++}`, surge(i), t + 2000 + i, topic.id));
    await insertMentions(deps.db, source.id, batch, t + BUCKET_MS);
    if (mirrored && t >= surgeAt) {
      const repeats = batch.filter((item) => item.draft.dedupKey.startsWith('s')).map((item) => ({ ...item, draft: { ...item.draft, dedupKey: `mirror-${item.draft.dedupKey}` } }));
      await insertMentions(deps.db, mirror.id, repeats, t + BUCKET_MS);
    }
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

  it.each([
    { seen: 'through one source', mirrored: false },
    // Each post's repeat through the aggregator is the same story: not another copy, as the counts say.
    { seen: 'through a feed and an aggregator repeating it', mirrored: true },
  ])('of a backlash show a copied post once, with how many times it was posted ($seen)', async ({ mirrored }) => {
    const shared = (i: number) => ({ text: `Boycott Acme. They ignored every warning. https://t.co/${i}`, score: -0.9 });
    const alert = await runSurge((i) => (i < 10 ? shared(i) : { text: `acme lost my data, attempt ${i}`, score: -0.5 }), { mirrored });
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

describe("an alert's pickup path", () => {
  it.each([
    { name: 'over ordinary talk with complaints in it', talkPerBucket: 0, talk: '' },
    // A busy topic whose users write "data" all day (its data export): 720 such posts in the four
    // hours before the blog. "data" is a word of the story too (its posts say it three times), but
    // not its own; the story's own words ("brokers") find its first posts however busy the topic.
    { name: 'on a busy topic that uses one of its words all day', talkPerBucket: 15, talk: 'acme data export still stuck' },
    // Two of the story's words in every such post: "two of its words" alone would start the path with
    // them, hours before the blog. The topic said them together the day before: ordinary talk.
    { name: 'on a busy topic that says two of its words together all day', talkPerBucket: 3, talk: 'acme location data export still stuck' },
  ])('follows the story from the blog that broke it through Hacker News to Reddit, $name', async ({ talkPerBucket, talk }) => {
    const deps = await createTestDeps();
    const topic = (await createTopic(deps.db, { name: 'Acme', query: 'acme' }, T0))!;
    const blog = (await createSource(deps.db, { kind: 'rss', url: 'https://privacy-blog.example/feed', name: 'Privacy blog' }, T0))!;
    const hn = (await createSource(deps.db, { kind: 'hackernews', url: 'https://hn.algolia.com' }, T0))!;
    const reddit = (await createSource(deps.db, { kind: 'reddit', url: 'https://www.reddit.com' }, T0))!;
    for (const s of [blog, hn, reddit]) await recordSourceSuccess(deps.db, s.id, undefined, T0, T0);
    // Past its first day, so the detector speaks at its usual bar.
    const surgeAt = T0 + 30 * HOUR;
    // Ordinary talk on every source, six posts a bucket, a third of them complaints (so neither the
    // window's first mentions nor its first negative ones are the story).
    const ordinary = ['acme app update is slow today', 'acme support answered my ticket', 'shipped our acme integration', 'acme pricing page changed again', 'acme dashboard feels sluggish', 'trying the acme beta'];
    const storyLines = [
      'acme sells customer location data to brokers, disgusting: our data, their data',
      'deleting acme after the location data sale to brokers, data is not theirs',
      'acme brokers our location data without consent, awful, data data',
      'so acme sold location data, terrible, data brokers everywhere',
    ];
    let n = 0;
    const story: { source: string; key: string }[] = [];
    for (let t = T0; t < surgeAt + 8 * BUCKET_MS; t += BUCKET_MS) {
      const bySource = new Map<number, ScoredDraft[]>([[blog.id, []], [hn.id, []], [reddit.id, []]]);
      ordinary.forEach((text, i) => {
        const key = `o${n++}`;
        bySource.get([blog, hn, reddit][i % 3]!.id)!.push(draft(key, { text: `${text} ${n}`, score: i % 3 === 1 ? -0.4 : 0.1 }, t + 1000 + i, topic.id));
      });
      for (let i = 0; i < talkPerBucket; i++) bySource.get(hn.id)!.push(draft(`x${n++}`, { text: `${talk}, ticket ${n}`, score: 0 }, t + 1500 + i, topic.id));
      const add = (source: { id: number; kind: string }, text: string, score: number, at: number) => {
        const key = `s${n++}`;
        story.push({ source: source.kind, key });
        bySource.get(source.id)!.push(draft(key, { text, score }, at, topic.id));
      };
      // The blog breaks it two hours before the pile-on (before the alert's window), in a neutral tone;
      // Hacker News picks it up 50 minutes later.
      if (t === surgeAt - 2 * HOUR) add(blog, 'Report: acme shares customer location data with data brokers', 0, t + 2000);
      if (t === surgeAt - 70 * 60_000) add(hn, 'Acme sells customer location data to brokers (privacy-blog.example)', -0.3, t + 2000);
      if (t >= surgeAt) for (let i = 0; i < 12; i++) add(reddit, `${storyLines[i % storyLines.length]!} ${i}`, -0.8, t + 3000 + i);
      for (const [id, items] of bySource) await insertMentions(deps.db, id, items, t + BUCKET_MS);
      if (t >= surgeAt - HOUR || (t - T0) % HOUR === 0) await runDetect(deps, t + BUCKET_MS);
    }
    const alerts = await listAlerts(deps.db, { limit: 5 });
    expect(alerts.map((a) => a.kind)).toEqual(['backlash']);
    type Pickup = { id: number; source: { kind: string; name: string }; at: number };
    const path = alerts[0]!.evidence['firstMentions'] as Pickup[];
    expect(path.length).toBe(8);
    expect(path.slice(0, 3).map((m) => m.source.kind)).toEqual(['rss', 'hackernews', 'reddit']);
    expect(path[0]!.source.name).toBe('Privacy blog');
    expect(path.map((m) => m.at)).toEqual([...path.map((m) => m.at)].sort((a, b) => a - b));
    // Its words are the story's, not those of the everyday complaints that share its window.
    const terms = (alerts[0]!.evidence['terms'] as { term: string }[]).map((t) => t.term);
    expect(terms).toEqual(expect.arrayContaining(['brokers', 'location']));
    expect(terms.filter((t) => ['support', 'answered', 'ticket', 'dashboard', 'feels', 'sluggish'].includes(t))).toEqual([]);
    // Every one of them is the story.
    const storyIds = new Set((await listStoryIds(deps, story.map((s) => s.key))));
    expect(path.every((m) => storyIds.has(m.id))).toBe(true);
  });
});

async function listStoryIds(deps: Awaited<ReturnType<typeof createTestDeps>>, keys: string[]): Promise<number[]> {
  const rows = await deps.db.selectFrom('mentions').select(['id', 'url']).execute();
  const urls = new Set(keys.map((k) => `https://social.example/${k}`));
  return rows.filter((r) => r.url !== null && urls.has(r.url)).map((r) => r.id);
}
