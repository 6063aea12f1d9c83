import { describe, expect, it } from 'vitest';
import type { ExplanationEntry } from '../../src/domain/mention';
import { labelFor, SCORER_VERSION, scoreSentiment } from '../../src/scoring/score-sentiment';

type Sign = 1 | 0 | -1;
/** An expected explanation entry: token, rule and the sign of its weight (weights are tuning, signs are not). */
type Expected = [token: string, rule: string, sign: Sign];

const shape = (entries: ExplanationEntry[]): Expected[] =>
  entries.map((e) => [e.token, e.rule ?? '', Math.sign(e.weight) as Sign]);

describe('scoreSentiment rules', () => {
  it.each<[name: string, text: string, sign: Sign, explanation: Expected[]]>([
    ['plain lexicon word', 'The food was good.', 1, [['good', 'lexicon', 1]]],
    ['negation flips a positive word', 'Not a good product', -1, [['good', 'negated+negative-weighting', -1]]],
    ['negation reaches over a few words', 'I never had any problems with it', 1, [['problems', 'negated', 1]]],
    ['negation stops at punctuation', 'Not really, it was great', 1, [['great', 'lexicon', 1], ['Not', 'bare-negation', -1]]],
    ['negation raised over "think"', "I don't think it was helpful", -1, [['helpful', 'negated+negative-weighting', -1]]],
    ['negated ceiling is praise', "Couldn't be happier with it", 1, [['happier', 'negated-emphasis', 1]]],
    ['never seen such: emphasis, not a flip', "I've never seen such a mess", -1, [['mess', 'negated-emphasis+intensified+negative-weighting', -1]]],
    ['"nothing short of" cancels the negator', 'It was nothing short of incredible', 1, [['incredible', 'lexicon', 1]]],
    ['"never fails to" cancels the negator', 'It never fails to amaze me', 1, [['amaze', 'lexicon', 1]]],
    ['"far from" negates', 'It is far from the best', -1, [['best', 'negated+negative-weighting', -1]]],
    ['negated verb leaves its object alone', "I can't get past the atrocious service", -1, [['atrocious', 'negative-weighting', -1], ["can't", 'bare-negation', -1]]],
    ['a negator inside a phrase negates nothing else', 'Without a doubt the worst fries', -1, [['worst', 'negative-weighting', -1]]],
    ['surprise is not negation', 'I did not expect it to be so good', 1, [['good', 'intensified', 1], ['not', 'bare-negation', -1]]],
    ['bare negation leans negative inside the neutral band', 'It did not charge', -1, [['not', 'bare-negation', -1]]],
    ['intensifier', 'This is very good', 1, [['good', 'intensified', 1]]],
    ['two-word diminisher', 'It is kind of good', 1, [['good', 'diminished', 1]]],
    ['intensifier word is not scored itself', 'pretty good', 1, [['good', 'diminished', 1]]],
    ['size adjective intensifies a negative noun', 'All in all, a great disappointment', -1, [['disappointment', 'intensified+negative-weighting', -1]]],
    ['"at best" is a hedge, not praise', 'The directing is sloppy at best', -1, [['sloppy', 'negative-weighting', -1]]],
    ['interjection takes the feeling of its sentence', 'Wow, what a bad film', -1, [['bad', 'negative-weighting', -1]]],
    ['interjection alone counts', 'Wow.', 1, [['Wow', 'lexicon', 1]]],
    ['stance adverb takes the sentence\'s side', 'The crab legs definitely did not taste fresh', -1, [['fresh', 'negated+negative-weighting', -1]]],
    ['"as well" is not praise', 'The rice was dry as well', 0, []],
    ['clause after "but" wins', 'The staff were nice but the food was awful', -1, [['nice', 'before-but', 1], ['awful', 'after-but+negative-weighting', -1]]],
    ['"although" clause is conceded', 'Although the staff were nice, the food was awful', -1, [['nice', 'concession', 1], ['awful', 'negative-weighting', -1]]],
    ['sentence-final "though"', 'Great food, awful service though.', -1, [['Great', 'before-but', 1], ['awful', 'after-but+negative-weighting', -1]]],
    ['sentence-opening "However" outweighs the sentence before', 'The food was great. However, the service was awful.', -1, [['great', 'before-but', 1], ['awful', 'after-but+negative-weighting', -1]]],
    ['"anything but" is not a contrast', 'It was anything but good.', 1, [['good', 'lexicon', 1]]],
    ['ALL-CAPS word in mixed-case text', 'The service was GREAT', 1, [['GREAT', 'caps', 1]]],
    ['all-caps text is not emphasis', 'THE SERVICE WAS GREAT', 1, [['GREAT', 'lexicon', 1]]],
    ['caps negator and exclamations', 'This is NOT ok!!!', -1, [['ok', 'negated+caps+negative-weighting', -1], ['!!!', 'exclamation', -1]]],
    ['elongated word', 'sooo goood', 1, [['goood', 'intensified+elongated', 1]]],
    ['question damps', 'Is it any good?', 1, [['good', 'question', 1]]],
    ['repeated question marks add emphasis', 'Why is it so bad??', -1, [['bad', 'intensified+question+negative-weighting', -1], ['??', 'question-marks', -1]]],
    ['counterfactual', 'It should have been better', -1, [['better', 'counterfactual+negative-weighting', -1]]],
    ['"could be better" names what is missing', 'The battery could be better', -1, [['better', 'counterfactual+negative-weighting', -1]]],
    ['a problem taken away is good news', 'This update fixes all the problems', 1, [['problems', 'resolved', 1]]],
    ['unmet expectation', 'I was hoping for more', -1, [['hoping', 'unmet-expectation+negative-weighting', -1]]],
    ['"like" as a preposition carries nothing', 'It looks like a toy', 0, []],
    ['"like" as a verb', 'I like it', 1, [['like', 'lexicon', 1]]],
    ['emoticon', 'Arrived today :(', -1, [[':(', 'lexicon', -1]]],
    ['negation does not reach an emoticon', 'not feeling great today :(', -1, [['feeling', 'negated+negative-weighting', -1], ['great', 'negated+negative-weighting', -1], [':(', 'lexicon', -1]]],
    ['"can\'t believe" is astonishment, not negation', "Can't believe how bad this is", -1, [['bad', 'negative-weighting', -1]]],
    ['acronyms in capitals are not shouting', 'RIP legend', -1, [['RIP', 'negative-weighting', -1]]],
    ['clause-initial "like" is not the verb', 'Yeah right, like that is gonna happen', -1, [['Yeah right', 'negative-weighting', -1]]],
    ['emoji', 'New phone 😍', 1, [['😍', 'lexicon', 1]]],
    ['emoji newer than the package table', 'The update 🙄', -1, [['🙄', 'lexicon', -1]]],
    ['emoji with a skin tone', 'Thanks 👍🏽', 1, [['Thanks', 'lexicon', 1], ['👍', 'lexicon', 1]]],
    ['slang: lol and "the bomb"', 'lol this is the bomb', 1, [['lol', 'lexicon', 1], ['the bomb', 'lexicon', 1]]],
    ['idiom: "dying to" is eager, not morbid', "I'm dying to try it", 1, [['dying to', 'lexicon', 1]]],
    ['slang: smh and scam', 'smh, what a scam', -1, [['smh', 'negative-weighting', -1], ['scam', 'negative-weighting', -1]]],
    ['slang: meh', 'meh', -1, [['meh', 'negative-weighting', -1]]],
    ['refusal: no thanks', 'no thanks', -1, [['no thanks', 'negative-weighting', -1]]],
    ['imperative warning', "Don't waste your money", -1, [["Don't waste", 'negative-weighting', -1]]],
    ['brand backlash phrases', 'Never again. I want my money back', -1, [['Never again', 'negative-weighting', -1], ['want my money back', 'negative-weighting', -1]]],
    ['customer service nightmare', 'Customer service nightmare, cancel my order', -1, [['Customer service nightmare', 'negative-weighting', -1], ['cancel my order', 'negative-weighting', -1]]],
    ['rating out of ten', 'My rating: just 3 out of 10.', -1, [['3 out of 10', 'rating', -1]]],
    ['perfect rating', '10/10', 1, [['10/10', 'rating', 1]]],
    ['stars in words', 'I would give it zero stars', -1, [['zero stars', 'rating', -1]]],
    ['a date-like fraction over its scale is no rating', 'Call me at 10/5', 0, []],
    ['"too" before a neutral word is excess', 'The film is way too long.', -1, [['too', 'excess+negative-weighting', -1]]],
    ['"too" before a sentiment word intensifies it', 'It is too good to be true', 1, [['good', 'intensified', 1], ['true', 'lexicon', 1]]],
    ['"un-" reverses a lexicon word', 'A chilly, unremarkable movie', -1, [['unremarkable', 'un-prefix+negative-weighting', -1]]],
    ['"unlike" is not "not like"', 'Unlike the old one, it works', 1, [['works', 'lexicon', 1]]],
    ['advice to others', 'Go see it!', 1, [['Go see it', 'lexicon', 1], ['!', 'exclamation', 1]]],
    ['the yardstick after "than" counts little', 'The characters are more annoying than funny.', -1, [['annoying', 'intensified+negative-weighting', -1], ['funny', 'compared', 1]]],
    ['"any other kind of" names a kind, it does not hedge', 'I want any other kind of humor', 1, [['want', 'lexicon', 1], ['humor', 'lexicon', 1]]],
    ['camel-cased hashtag is a phrase', 'Done with them #NeverAgain', -1, [['Never Again', 'negative-weighting', -1]]],
    ['a help request is a problem report', 'Please help, my account was locked', -1, [['Please help', 'negative-weighting', -1]]],
    ['the support desk is not praise', 'Acme support is useless', -1, [['useless', 'negative-weighting', -1]]],
    ['"Still waiting" is no contrast', 'Any update? Still waiting after 3 weeks', -1, [['Still waiting', 'negative-weighting', -1]]],
    ['no sentiment at all', 'The new phone ships on Friday.', 0, []],
  ])('%s', (_name, text, sign, explanation) => {
    const result = scoreSentiment(text);
    expect(Math.sign(result.score)).toBe(sign);
    expect(shape(result.explanation)).toEqual(explanation);
    expect(result.score).toBeGreaterThanOrEqual(-1);
    expect(result.score).toBeLessThanOrEqual(1);
    expect(result.version).toBe(SCORER_VERSION);
  });

  it.each([
    ['"good" is stronger than "not bad"', 'good', 'not bad'],
    ['intensified is stronger than plain', 'very good', 'good'],
    ['plain is stronger than diminished', 'good', 'slightly good'],
    ['caps emphasis is stronger than plain', 'it is GOOD', 'it is good'],
    ['exclamations are stronger than none', 'it is good!!', 'it is good'],
    ['after "but" weighs more than before', 'ok but awful', 'awful but ok'],
  ])('%s', (_name, stronger, weaker) => {
    const a = scoreSentiment(stronger).score;
    const b = scoreSentiment(weaker).score;
    expect(Math.abs(a)).toBeGreaterThan(Math.abs(b));
  });

  it('keeps the score in [-1, 1] on long, extreme text', () => {
    const result = scoreSentiment('AMAZING!!! '.repeat(200));
    expect(result.score).toBeLessThanOrEqual(1);
    expect(result.score).toBeGreaterThan(0.99);
  });
});

describe('labels and the neutral band', () => {
  it.each([
    ['clear positive', 0.3, 'positive'],
    ['clear negative', -0.3, 'negative'],
    ['inside the band', 0.049, 'neutral'],
    ['inside the band, negative side', -0.049, 'neutral'],
    ['band edge counts as polar', 0.05, 'positive'],
  ])('%s', (_name, score, label) => {
    expect(labelFor(score)).toBe(label);
  });

  it('labels a bare negation neutral although its sign leans negative', () => {
    const result = scoreSentiment('It did not charge');
    expect(result.label).toBe('neutral');
    expect(result.score).toBeLessThan(0);
  });
});

describe('language', () => {
  it.each([
    ['Spanish', 'El servicio fue terrible y muy lento, no lo recomiendo', 'spa'],
    ['German', 'Das Produkt ist wirklich schlecht und viel zu teuer', 'deu'],
    ['French', 'Ce produit est vraiment nul, je suis très déçu', 'fra'],
    ['Japanese', 'この商品は最悪です', 'jpn'],
    ['Russian', 'Отличный телефон, всем рекомендую', 'rus'],
  ])('%s is unscored, not neutral', (_name, text, language) => {
    const result = scoreSentiment(text);
    expect(result.label).toBe('unscored');
    expect(result.score).toBe(0);
    expect(result.explanation).toEqual([{ token: language, weight: 0, rule: 'unscored-language' }]);
  });

  it.each([
    ['two words', 'Great product'],
    ['no function word', 'Excellent dual-purpose headset.'],
    ['brand jargon', 'BOGO deal ends today'],
    ['slang only', 'lol'],
    ['emoji only', '🔥🔥🔥'],
    ['loanwords', 'The café served a lovely croissant'],
    ['headline without function words', 'Firmware update bricked my router'],
    ['product title', 'Samsung Galaxy S24 Ultra review: camera battery display'],
    ['hashtags only', '#acme #deals #blackfriday #sale #tech'],
    ['tech jargon', 'New post: Kubernetes operators explained'],
  ])('short English is scored: %s', (_name, text) => {
    expect(scoreSentiment(text).label).not.toBe('unscored');
  });
});

describe('topic overrides', () => {
  it.each<[name: string, overrides: Record<string, number>, sign: Sign, entry: ExplanationEntry]>([
    ['neutralise a word for this brand', { killer: 0 }, 0, { token: 'killer', weight: 0, rule: 'lexicon', source: 'override' }],
    ['make it praise', { killer: 3 }, 1, { token: 'killer', weight: 3, rule: 'lexicon', source: 'override' }],
  ])('%s', (_name, overrides, sign, entry) => {
    expect(Math.sign(scoreSentiment('This game is killer').score)).toBe(-1);
    const result = scoreSentiment('This game is killer', { overrides });
    expect(Math.sign(result.score)).toBe(sign);
    expect(result.explanation).toEqual([entry]);
  });

  it('an override phrase wins over the words inside it', () => {
    const result = scoreSentiment('It has a killer feature', { overrides: { 'killer feature': 2 } });
    expect(result.explanation).toEqual([{ token: 'killer feature', weight: 2, rule: 'lexicon', source: 'override' }]);
  });

  it('overrides still go through the rules', () => {
    const result = scoreSentiment('This game is not killer', { overrides: { killer: 3 } });
    expect(result.explanation).toEqual([{ token: 'killer', weight: -3.6, rule: 'negated+negative-weighting', source: 'override' }]);
  });
});
