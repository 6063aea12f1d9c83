import { describe, expect, it } from 'vitest';
import { copyKey, tokenizeTerms } from '../../src/domain/mention-text';

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

describe('tokenizeTerms', () => {
  it.each([
    ['function words and adverbs every complaint uses', 'Still no refund and still waiting', ['refund', 'waiting']],
    ['link and social-post words', 'via https://www.example.com amp', ['example']],
    ['words under three letters and bare numbers', 'an ok 404 from v2 of it', []],
    ["inner apostrophes and hyphens, not edge ones", "'Can't-miss' roll-out", ["can't-miss", 'roll-out']],
    ['letters of any script, lower-cased', 'FUNDSPARK Très Déçu', ['fundspark', 'très', 'déçu']],
  ])('keeps the words that carry meaning: %s', (_case, text, terms) => {
    expect(tokenizeTerms(text)).toEqual(terms);
  });
});
