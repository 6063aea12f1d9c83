import { describe, expect, it } from 'vitest';
import { findOverrepresentedTerms } from '../../src/detection/find-overrepresented-terms';

describe('findOverrepresentedTerms', () => {
  const baseline = Array.from({ length: 200 }, (_, i) => `Loving the new phone, the battery is fine and the ${i % 3 ? 'camera' : 'screen'} is great`);
  const surge = Array.from({ length: 40 }, (_, i) => `The battery exploded on my phone, ${i % 2 ? 'recall it' : 'I want a refund'}`);

  it('ranks the words of the surge, not the words every mention shares', () => {
    const terms = findOverrepresentedTerms(surge, baseline).map((t) => t.term);
    expect(terms[0]).toBe('exploded');
    expect(terms.slice(0, 4)).toEqual(expect.arrayContaining(['recall', 'refund']));
    expect(terms).not.toContain('loving');
    expect(terms).not.toContain('the');
  });

  it('a word seen once in the surge is not crowned', () => {
    expect(findOverrepresentedTerms(['a strange oneoff word'], baseline)).toEqual([]);
  });
});
