import { describe, expect, it } from 'vitest';
import { copyKey, groupCopiedMentions } from '../../src/alerts/group-copied-mentions';

describe('copyKey', () => {
  it.each([
    ['case, punctuation and spacing', 'Boycott Acme NOW!!  They ignored every warning.', 'boycott acme now they ignored every warning'],
    ["each account's own short link", 'Boycott Acme https://t.co/abc123 #acmefail', 'boycott acme acmefail'],
    ['a retweet prefix', 'RT @angry_dev: Boycott Acme #acmefail', 'boycott acme acmefail'],
    ['compatibility forms (full-width letters)', 'Ｂｏｙｃｏｔｔ Acme', 'boycott acme'],
    ['letters of any script', 'Acme, c’est fini. Très déçu', 'acme c est fini très déçu'],
    ['nothing but a link', 'https://example.com/x', ''],
  ])('sets aside %s', (_case, text, key) => {
    expect(copyKey(text)).toBe(key);
  });

  it('keeps different words apart, and the same words in another order', () => {
    expect(copyKey('Boycott Acme')).not.toBe(copyKey('Boycott Acme today'));
    expect(copyKey('acme is awful')).not.toBe(copyKey('awful is acme'));
  });
});

const m = (id: number, text: string) => ({ id, text });

describe('groupCopiedMentions', () => {
  const cases: { name: string; rows: { id: number; text: string }[]; limit: number; truncated: boolean; want: [number, number, boolean][] }[] = [
    {
      name: 'copies under their first row, groups in the order of their first rows',
      rows: [m(1, 'Boycott Acme!'), m(2, 'boycott acme'), m(3, 'Acme ignored the reports'), m(4, 'Boycott Acme https://t.co/x'), m(5, 'Refund me, Acme')],
      limit: 5,
      truncated: false,
      want: [[1, 3, false], [3, 1, false], [5, 1, false]],
    },
    {
      name: 'the first `limit` groups, copies counted over every row',
      rows: [m(1, 'a b'), m(2, 'c d'), m(3, 'e f'), m(4, 'a b'), m(5, 'c d')],
      limit: 2,
      truncated: false,
      want: [[1, 2, false], [2, 2, false]],
    },
    {
      name: 'rows cut at a limit: the group holding the last row may have more',
      rows: [m(1, 'x'), m(2, 'y'), m(3, 'y')],
      limit: 5,
      truncated: true,
      want: [[1, 1, false], [2, 2, true]],
    },
    {
      name: 'texts that are only links are never one group',
      rows: [m(1, 'https://a.example/1'), m(2, 'https://a.example/2')],
      limit: 5,
      truncated: false,
      want: [[1, 1, false], [2, 1, false]],
    },
    { name: 'nothing', rows: [], limit: 5, truncated: true, want: [] },
  ];
  it.each(cases)('$name', ({ rows, limit, truncated, want }) => {
    expect(groupCopiedMentions(rows, limit, truncated).map((g) => [g.mention.id, g.copies, g.copiesAtLeast])).toEqual(want);
  });
});
