import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ExplanationEntry } from '../../src/domain/mention';
import { scoreSentiment } from '../../src/scoring/score-sentiment';

// Each file in test/fixtures/sentiment-rules holds invented sentences for one rule or lexicon: the
// sign the text must get and its explanation as [token, rule, sign of weight, source?]. Weights are
// tuning, signs and rule names are the contract with the reader of an explanation.
type Sign = 1 | 0 | -1;
type ExpectedEntry = [token: string, rule: string, sign: Sign, source?: string];
interface RuleCase {
  name: string;
  text: string;
  sign: Sign;
  explanation: ExpectedEntry[];
}
interface RuleFixture {
  about: string;
  cases: RuleCase[];
}

const dir = new URL('../fixtures/sentiment-rules/', import.meta.url);
const fixtures = readdirSync(dir)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => ({ file, fixture: JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as RuleFixture }));

function shape(entries: readonly ExplanationEntry[], expected: readonly ExpectedEntry[]): ExpectedEntry[] {
  return entries.map((entry, i) => {
    const [token, rule, sign] = [entry.token, entry.rule ?? '', Math.sign(entry.weight) as Sign];
    return expected[i]?.[3] === undefined ? [token, rule, sign] : [token, rule, sign, entry.source ?? ''];
  });
}

describe('sentiment rule fixtures', () => {
  it('has fixture files', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });

  describe.each(fixtures)('$file', ({ fixture }) => {
    it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const result = scoreSentiment(c.text);
      expect(shape(result.explanation, c.explanation)).toEqual(c.explanation);
      expect(Math.sign(result.score)).toBe(c.sign);
    });
  });
});
