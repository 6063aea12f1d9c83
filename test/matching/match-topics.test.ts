import { describe, expect, it } from 'vitest';
import { compileQuery, prepareText } from '../../src/matching/match-topics';
import { parseQuery, QuerySyntaxError } from '../../src/matching/parse-query';

const matches = (query: string, text: string) => compileQuery(query)(prepareText(text));

describe('topic query language', () => {
  it.each([
    ['single word, case-insensitive', 'Acme', 'I just bought an ACME anvil', true],
    ['word boundary: no match inside a longer word', 'acme', 'acmeville is lovely', false],
    ['possessive and hashtag still match', 'acme', "Acme's support is bad #acme", true],
    ['mention handle matches', 'acme', 'hey @acme fix this', true],
    ['phrase in quotes, consecutive words', '"acme anvil"', 'the Acme Anvil broke', true],
    ['phrase words apart do not match', '"acme anvil"', 'acme sells a heavy anvil', false],
    ['implicit AND needs both', 'acme anvil', 'acme sells a heavy anvil', true],
    ['implicit AND fails on one missing', 'acme anvil', 'acme sells rockets', false],
    ['explicit AND', 'acme AND refund', 'Acme refused my refund', true],
    ['OR either side', 'acme OR "road runner"', 'the road runner escaped again', true],
    ['OR neither side', 'acme OR "road runner"', 'coyote plans', false],
    ['NOT excludes', 'acme NOT rocket', 'acme rocket exploded', false],
    ['minus excludes', 'acme -rocket', 'acme anvil fell', true],
    ['minus-excluded word present', 'acme -rocket', 'acme rocket fell', false],
    ['hyphenated word is not an exclusion', 'acme-corp', 'welcome to Acme-Corp', true],
    ['parentheses group OR under AND', 'acme (refund OR scam)', 'acme is a scam', true],
    ['parentheses group: neither alternative', 'acme (refund OR scam)', 'acme is great', false],
    ['lower-case or is a word, not an operator', 'this or that', 'this or that', true],
    ['prefix wildcard', 'kickstart*', 'Kickstarter pulled the project', true],
    ['dotted names are phrases', 'node.js', 'I love Node.js', true],
    ['unicode words', 'café', 'Le Café est fermé', true],
    ['accents in the text, none in the query', 'nestle', 'Nestlé recalls a baby formula', true],
    ['accents in the query, none in the text', 'Nestlé', 'nestle recalls a baby formula', true],
    ['accents in a phrase', '"creme brulee"', 'The crème brûlée was cold', true],
    ['accents under a prefix', 'hyundai AND señal*', 'Hyundai senales', true],
    ['decomposed accents match composed ones', 'café', 'Cafe\u0301 Acme', true],
    ['Turkish dotted capital I', 'istanbul', 'İstanbul airport', true],
    ['an accent does not join words', 'acme', 'acméville', false],
    ['marks of other scripts still tell words apart', 'क', 'कि', false],
    ['a Latin name written against Japanese', 'apple', 'Appleの新製品が出た', true],
    ['a katakana name inside a Japanese sentence', 'アップル', '今日アップルの新製品を買った', true],
    ['a kanji name inside a Chinese sentence', '华为', '我昨天买了华为手机', true],
    ['a Korean name with its particle', '삼성', '삼성은 새 휴대폰을 발표했다', true],
    ['CJK letters apart are not the name', 'アップル', 'アップデートのルール', false],
    ['a CJK name and a Latin word together', 'acme 東京', 'Acmeが東京に店を出す', true],
    ['a Thai name inside a Thai sentence', 'ไอโฟน', 'ซื้อไอโฟนใหม่แล้ว', true],
    ['a Latin name written against Thai', 'acme', 'ร้านacmeปิดแล้ว', true],
    ['Thai letters of another word are not the name', 'ไอโฟน', 'ซื้อไอแพดใหม่แล้ว', false],
    ['a Thai vowel sign belongs to its letter', 'ก', 'กินข้าว', false],
    ['a Lao name inside a Lao sentence', 'ລາວ', 'ປະເທດລາວສວຍງາມ', true],
    ['a Khmer name inside a Khmer sentence', 'កម្ពុជា', 'ខ្ញុំស្រលាញ់កម្ពុជាណាស់', true],
    ['a Burmese name inside a Burmese sentence', 'မြန်မာ', 'မြန်မာနိုင်ငံသား', true],
    ['precedence: AND binds tighter than OR', 'a b OR c', 'c alone', true],
  ])('%s', (_name, query, text, expected) => {
    expect(matches(query, text)).toBe(expected);
  });

  it.each([
    { name: 'a phrase that runs from the title into the body', query: '"acme corp"', parts: ['Why I left Acme', 'Corp culture is toxic'], expected: false },
    { name: 'a phrase inside the body', query: '"acme corp"', parts: ['Layoffs', 'Acme Corp cut 200 jobs'], expected: true },
    { name: 'a phrase inside the title', query: '"acme corp"', parts: ['Acme Corp cuts 200 jobs', 'More layoffs'], expected: true },
    { name: 'the words of an AND in title and body', query: 'acme layoffs', parts: ['Acme again', 'More layoffs'], expected: true },
    { name: 'an exclusion in the body', query: 'acme -coyote', parts: ['Acme again', 'The coyote bought it'], expected: false },
  ])('title and body: $name', ({ query, parts, expected }) => {
    expect(compileQuery(query)(prepareText(parts))).toBe(expected);
  });

  it.each([
    ['empty', '', 'empty'],
    ['only spaces', '   ', 'empty'],
    ['unclosed quote', '"acme anvil', 'unclosed quote'],
    ['unclosed paren', '(acme OR x', 'missing )'],
    ['stray close paren', 'acme)', 'unexpected )'],
    ['dangling OR', 'acme OR', 'expected a word'],
    ['only exclusions', '-acme', 'at least one term'],
    ['NOT alone', 'NOT acme', 'at least one term'],
    ['no letters', '"!!!"', 'no letters or digits'],
  ])('rejects %s', (_name, query, message) => {
    expect(() => parseQuery(query)).toThrow(QuerySyntaxError);
    expect(() => parseQuery(query)).toThrow(message);
  });
});
