import { describe, expect, it } from 'vitest';
import type { OverrepresentedTerm } from '../../src/detection/find-overrepresented-terms';
import { tracePickupPath } from '../../src/detection/trace-pickup-path';

const term = (t: string, baselineCount: number): OverrepresentedTerm => ({ term: t, surgeCount: 20, baselineCount, z: 4 });
// "brokers" is new to the topic; "location" and "data" were said the day before too.
const story = [term('brokers', 0), term('location', 3), term('data', 9)];
const post = (id: number, text: string, title: string | null = null) => ({ id, text, title });

describe('tracePickupPath', () => {
  it.each([
    { name: "a word the topic did not use the day before is the story's own", posts: [post(1, 'Acme sold us to brokers')], want: [1] },
    { name: 'two of its words are the story', posts: [post(1, 'acme shares location data')], want: [1] },
    { name: 'one common word alone is ordinary talk', posts: [post(1, 'acme data export is slow'), post(2, 'my location in acme is wrong')], want: [] },
    { name: 'the title counts, a word counted once', posts: [post(1, 'read this', 'Acme and the data brokers'), post(2, 'data data data')], want: [1] },
    { name: 'whole words, not parts of words', posts: [post(1, 'brokerage update and database news')], want: [] },
    { name: 'in the order given, at most the limit', posts: [post(3, 'brokers'), post(1, 'brokers again'), post(2, 'more brokers'), post(4, 'brokers!')], want: [3, 1, 2] },
  ])('$name', ({ posts, want }) => {
    expect(tracePickupPath(posts, story, 3).map((p) => p.id)).toEqual(want);
  });

  it('has nothing to follow when the surge has no words of its own', () => {
    expect(tracePickupPath([post(1, 'anything at all')], [], 8)).toEqual([]);
  });
});
