import { describe, expect, it } from 'vitest';
import { mentionScoringText } from '../../src/scoring/mention-scoring-text';
import { scoreSentiment } from '../../src/scoring/score-sentiment';

describe('mentionScoringText', () => {
  it.each([
    { name: 'a body that opens with the title', title: 'FundSpark finally apologised', text: 'FundSpark finally apologised. Too late for many creators.', expected: 'FundSpark finally apologised. Too late for many creators.' },
    { name: 'the same, in other case and punctuation', title: 'FundSpark: Finally Apologised!', text: 'fundspark finally apologised — too late.', expected: 'fundspark finally apologised — too late.' },
    { name: 'a body equal to the title', title: 'Boycott FundSpark', text: 'Boycott FundSpark', expected: 'Boycott FundSpark' },
    { name: 'a body that does not repeat it', title: 'FundSpark apologised', text: 'Too late for many creators.', expected: 'FundSpark apologised\nToo late for many creators.' },
    { name: 'a body that goes on inside the last word', title: 'Acme', text: 'Acmegate: what we know', expected: 'Acme\nAcmegate: what we know' },
    { name: 'a title repeated later, not at the start', title: 'Awful update', text: 'Readers say: awful update', expected: 'Awful update\nReaders say: awful update' },
    { name: 'no title', title: null, text: 'Great launch', expected: 'Great launch' },
    { name: 'a title of punctuation only', title: '—', text: 'Great launch', expected: '—\nGreat launch' },
    { name: 'a title and no body', title: 'Great launch', text: '', expected: 'Great launch' },
  ])('$name', ({ title, text, expected }) => {
    expect(mentionScoringText(title, text)).toBe(expected);
  });

  it('counts a repeated headline once in the explanation', () => {
    const title = 'FundSpark finally removed the campaign and apologised';
    const text = `${title}. Too late for many creators.`;
    const tokens = scoreSentiment(mentionScoringText(title, text)).explanation.map((e) => e.token.toLowerCase());
    expect(tokens.filter((t) => t === 'apologised')).toHaveLength(1);
  });
});
