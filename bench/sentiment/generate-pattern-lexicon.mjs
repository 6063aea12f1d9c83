#!/usr/bin/env node
// Regenerates src/scoring/lexicons/pattern-lexicon.ts from Pattern's English subjectivity lexicon
// (pattern/text/en/en-sentiment.xml in github.com/clips/pattern; Tom De Smedt & Walter Daelemans,
// "Pattern for Python", JMLR 13, 2012). The XML declares license="PDDL" (Open Data Commons Public
// Domain Dedication and License 1.0), so the derived list may be redistributed; we credit it anyway.
// The file is not on npm in a usable form, so pass its path:
//   node bench/sentiment/generate-pattern-lexicon.mjs path/to/en-sentiment.xml   (from the repo root)
// Written from commit d25511f9ca7ed9356b801d8663b8b5168464e68f of that repository, file SHA-256
// 0ca603db55570bab9b2865716a3696ede01e3da02b570c47628a9dbcc3b37d1e (the script warns on another).
//
// Pattern tags ~2,900 word senses, mostly adjectives, with a polarity in [-1, 1] and a subjectivity
// in [0, 1]. A word's value is Pattern's own reading: the mean over the senses of each part of speech,
// then the mean over parts of speech. Only words every earlier lexicon lacks are kept (they sit last
// in precedence), and only evaluative ones: see the filters below, each chosen from what the words
// are, never from any labelled sentences.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const EXPECTED_SHA256 = '0ca603db55570bab9b2865716a3696ede01e3da02b570c47628a9dbcc3b37d1e';
/** Pattern's own threshold for calling a text positive or negative. */
const MIN_ABS_POLARITY = 0.1;
/** Pattern's subjectivity: below this a word mostly describes ("available", "digital") rather than judges. */
const MIN_SUBJECTIVITY = 0.5;
/**
 * Pattern's polarity is on [-1, 1]; AFINN's on -5..+5. A least-squares line through the origin over
 * the words both lists rate (|polarity| >= 0.1, about 450 words) has slope 3.7, so "good"-like words
 * land near AFINN's own value. Printed again on every run as a check.
 */
const PATTERN_TO_AFINN = 3.7;
/**
 * Words whose rating says nothing about the writer's opinion, whatever Pattern's value:
 * quantifiers and determiners ("more", "many", "own") are grammar; negators and degree words are
 * rules of their own (lexicons/modifier-words.ts); identity and group words ("gay", "autistic")
 * must never move a score; physical properties ("hot", "cold", "thin", "heavy") flip with the thing
 * described, the same reason review-lexicon.ts leaves them out; ordinals and plain time words
 * ("first", "latest", "late") describe order.
 */
const NOT_OPINION = new Set([
  // quantifiers, determiners, degree and negators
  'more', 'most', 'many', 'much', 'few', 'less', 'least', 'little', 'own', 'other', 'very', 'far', 'half', 'whole',
  'all', 'some', 'enough', 'mere', 'main', 'particular', 'due', 'near', 'subject', 'complete', 'absolute', 'real',
  "can't", "isn't", "won't", "shouldn't", 'extreme', 'terminally',
  // identity, groups and life stages
  'gay', 'autistic', 'disabled', 'married', 'pregnant', 'masculine', 'feminine', 'young', 'youngish', 'old', 'older',
  'aged', 'adult', 'foreign', 'alien', 'sexual', 'erotic', 'alcoholic', 'military', 'cultural', 'economic', 'rightist',
  'black', 'white', 'green', 'pink', 'linguistic', 'literary', 'religious', 'mental', 'unpaid',
  // physical properties whose polarity follows the thing described
  'hot', 'cold', 'chilly', 'frigid', 'icy', 'algid', 'thick', 'thin', 'light', 'heavy', 'large', 'small', 'high', 'higher',
  'low', 'loud', 'soft', 'wet', 'dry', 'dried', 'sharp', 'tight', 'wide', 'narrow', 'long', 'short', 'full', 'fatty',
  'raw', 'static', 'dark', 'dim', 'round', 'fixed', 'closed', 'open', 'deep', 'shallow', 'beefy', 'colossal', 'uncooked',
  'unsalted', 'peppery', 'muggy', 'showery', 'cloudless', 'cloud-covered', 'balmy', 'lush', 'fluffy', 'crisp',
  // order and time
  'first', 'past', 'previous', 'early', 'late', 'latest', 'new', 'modern', 'contemporary', 'fiftieth', 'secondary',
  'primary', 'live', 'expected', 'unexpected', 'usual', 'typical', 'normal', 'everyday', 'common', 'available',
]);

const path = process.argv[2];
if (!path) {
  process.stderr.write('usage: node bench/sentiment/generate-pattern-lexicon.mjs path/to/en-sentiment.xml\n');
  process.exit(2);
}
const xml = readFileSync(path, 'utf8');
const sha = createHash('sha256').update(xml).digest('hex');
if (sha !== EXPECTED_SHA256) process.stderr.write(`warning: ${path} has SHA-256 ${sha}, not the pinned ${EXPECTED_SHA256}\n`);

const require = createRequire(import.meta.url);
const afinn = require('sentiment/languages/en/labels.json');
const mean = (values) => values.reduce((sum, v) => sum + v, 0) / values.length;

/** form → part of speech → [polarity, subjectivity] per sense */
const senses = new Map();
for (const match of xml.matchAll(/<word ([^>]*)\/>/g)) {
  const attributes = Object.fromEntries([...match[1].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  const form = attributes.form?.toLowerCase();
  if (!form) continue;
  const byPos = senses.get(form) ?? new Map();
  senses.set(form, byPos);
  const list = byPos.get(attributes.pos) ?? [];
  byPos.set(attributes.pos, list);
  list.push([Number(attributes.polarity), Number(attributes.subjectivity)]);
}

const entries = [];
let sxy = 0;
let sxx = 0;
for (const [form, byPos] of senses) {
  const perPos = [...byPos.values()].map((list) => [mean(list.map((s) => s[0])), mean(list.map((s) => s[1]))]);
  const polarity = mean(perPos.map((p) => p[0]));
  const subjectivity = mean(perPos.map((p) => p[1]));
  if (Math.abs(polarity) < MIN_ABS_POLARITY) continue;
  if (Object.hasOwn(afinn, form)) {
    sxy += polarity * afinn[form];
    sxx += polarity * polarity;
    continue;
  }
  if (subjectivity < MIN_SUBJECTIVITY || NOT_OPINION.has(form)) continue;
  // Its few spaced forms are sense-specific ("adequate to", "used to", "full of life" at -0.2) and, as
  // phrases, would win over the single words inside them; hyphenated words ("top-notch") stay.
  if (form.includes(' ')) continue;
  // Runs of 3+ letters ("awww", "grrrr") never reach the lexicon: the tokenizer squeezes them to two.
  if (/(\p{L})\1{2,}/u.test(form)) continue;
  entries.push([form, Math.round(polarity * PATTERN_TO_AFINN * 10) / 10]);
}
entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
const body = entries.map(([t, v]) => `  ${JSON.stringify(t)}: ${v},`).join('\n');
const out = `// GENERATED by bench/sentiment/generate-pattern-lexicon.mjs — do not edit by hand.
// Pattern's English subjectivity lexicon (De Smedt & Daelemans, JMLR 2012; en-sentiment.xml, PDDL 1.0):
// single words AFINN-165 lacks with |polarity| >= ${MIN_ABS_POLARITY} and subjectivity >= ${MIN_SUBJECTIVITY}, less grammar, identity and
// physical-property words; polarity × ${PATTERN_TO_AFINN} on AFINN's -5..+5 scale. Last in precedence: earlier lists win.
export const patternLexicon: Readonly<Record<string, number>> = {
${body}
};
`;
writeFileSync(new URL('../../src/scoring/lexicons/pattern-lexicon.ts', import.meta.url), out);
console.log(`wrote ${entries.length} entries (slope of AFINN on Pattern over shared words: ${(sxy / sxx).toFixed(2)}, used ${PATTERN_TO_AFINN})`);
