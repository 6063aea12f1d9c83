import { describe, expect, it } from 'vitest';
import { groupCopiedMentions } from '../../src/alerts/group-copied-mentions';

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
