import { describe, expect, it } from 'vitest';
import type { OverrepresentedTerm } from '../../src/detection/find-overrepresented-terms';
import { storyPairsUsedIn, tracePickupPath } from '../../src/detection/trace-pickup-path';

const term = (t: string, baselineCount: number): OverrepresentedTerm => ({ term: t, surgeCount: 20, baselineCount, z: 4 });
// "brokers" is new to the topic; "location" and "data" were said before.
const story = [term('brokers', 0), term('location', 3), term('data', 9)];
const usedBefore = new Set(['location', 'data', 'acme', 'export']);
// In the same bucket, published in the order of their ids unless told otherwise.
const post = (id: number, text: string, title: string | null = null, at = 0, publishedAt: number | null = id) => ({ id, text, title, at, publishedAt });

describe('tracePickupPath', () => {
  it.each([
    { name: "a word the topic did not use the day before is the story's own", posts: [post(1, 'Acme sold us to brokers')], want: [1] },
    { name: 'two of its words are the story', posts: [post(1, 'acme shares location data')], want: [1] },
    { name: 'one common word alone is ordinary talk', posts: [post(1, 'acme data export is slow'), post(2, 'my location in acme is wrong')], want: [] },
    { name: 'the title counts, a word counted once', posts: [post(1, 'read this', 'Acme and the data brokers'), post(2, 'data data data')], want: [1] },
    { name: 'whole words, not parts of words', posts: [post(1, 'brokerage update and database news')], want: [] },
    { name: 'in time order, at most the limit', posts: [post(3, 'brokers'), post(1, 'brokers again'), post(2, 'more brokers'), post(4, 'brokers!')], want: [1, 2, 3] },
    { name: 'by bucket, then published time where known, then id', posts: [post(1, 'brokers', null, 300), post(2, 'brokers', null, 0, null), post(3, 'brokers', null, 0, -5), post(4, 'brokers', null, 0, null)], want: [3, 2, 4] },
    { name: 'a mention read twice is on the path once', posts: [post(2, 'brokers'), post(1, 'brokers'), post(2, 'brokers')], want: [1, 2] },
    {
      name: "a source's repost of its own text once, another source's copy kept (the story travelling)",
      posts: [{ ...post(1, 'Acme sold us to brokers!'), source: { name: 'Blog' } }, { ...post(2, 'acme sold us to BROKERS'), source: { name: 'Blog' } }, { ...post(3, 'Acme sold us to brokers'), source: { name: 'Forum' } }],
      want: [1, 3],
    },
  ])('$name', ({ posts, want }) => {
    expect(tracePickupPath(posts, story, usedBefore, 3).map((p) => p.id)).toEqual(want);
  });

  it.each([
    { name: 'two of its words the topic said together before are ordinary talk', posts: [post(1, 'acme shares location data')], want: [] },
    { name: 'two said before, but never together, still tell the story', posts: [post(1, 'acme data brokers buy location')], want: [1] },
    { name: 'a pair said before beside one that was not', posts: [post(1, 'location data'), post(2, 'data, location and brokers')], want: [2] },
  ])('with what the topic said before: $name', ({ posts, want }) => {
    // A day of ordinary talk that put "location" and "data" in one post ("data" and "brokers" never together).
    const pairs = storyPairsUsedIn(['Acme location data export is slow', 'brokers? acme', 'acme data'], story);
    expect([...pairs]).toEqual(['data location']);
    const storyWithoutOwnWords = new Set([...usedBefore, 'brokers']);
    expect(tracePickupPath(posts, story, storyWithoutOwnWords, 3, pairs).map((p) => p.id)).toEqual(want);
  });

  it("takes the story's own words from what the topic said before, not from the terms' baseline counts", () => {
    // Over-represented against the topic's complaints, but said in its ordinary talk: not its own.
    expect(tracePickupPath([post(1, 'acme export brokers')], [term('export', 0)], usedBefore, 8)).toEqual([]);
    expect(tracePickupPath([post(1, 'acme export brokers')], [term('export', 0), term('brokers', 4)], new Set(['export']), 8).map((p) => p.id)).toEqual([1]);
  });

  it('has nothing to follow when the surge has no words of its own', () => {
    expect(tracePickupPath([post(1, 'anything at all')], [], usedBefore, 8)).toEqual([]);
  });
});
