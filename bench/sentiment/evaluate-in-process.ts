// Quick in-process check of the scorer on the dev set while developing rules (the real benchmark is
// run-bench.mjs, which goes through the `score` command and the harness). Not a test: no thresholds.
// Usage: npx tsx bench/sentiment/evaluate-in-process.ts [--errors N] [--only NAME]
// Also prints scoring speed in-process (median of 5 timed passes over every item, after a warm-up),
// which is what the "items/s must not drop" check of a scorer change compares.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { scoreSentiment } from '../../src/scoring/score-sentiment';
import { resolveDataDir } from './resolve-data-dir.mjs';

const args = process.argv.slice(2);
const errors = Number(args[args.indexOf('--errors') + 1] ?? 0) || 0;
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const dir = resolveDataDir();
let pooled = 0;
let pooledRight = 0;
const allTexts: string[] = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith('_labelled.txt'))) {
  if (only && !file.startsWith(only)) continue;
  const items = readFileSync(join(dir, file), 'utf8').split('\n').filter((l) => l.includes('\t')).map((l) => {
    const [text = '', label = ''] = l.split('\t');
    return { text: text.trim(), gold: label.trim() === '1' ? 1 : -1 };
  });
  let right = 0;
  let zeros = 0;
  const wrong: string[] = [];
  for (const item of items) {
    const result = scoreSentiment(item.text);
    if (result.score === 0) zeros++;
    if (Math.sign(result.score) === item.gold) right++;
    else wrong.push(`${item.gold > 0 ? '+' : '-'} ${result.score.toFixed(2)} ${item.text}  ${JSON.stringify(result.explanation.map((e) => `${e.token}:${e.weight}:${e.rule}`))}`);
  }
  allTexts.push(...items.map((item) => item.text));
  pooled += items.length;
  pooledRight += right;
  console.log(`${file.padEnd(28)} acc ${(right / items.length).toFixed(3)} (${right}/${items.length})  zero ${((100 * zeros) / items.length).toFixed(1)}%`);
  for (const line of wrong.sort(() => 0).slice(0, errors)) console.log('   ', line);
}
console.log(`pooled acc ${(pooledRight / pooled).toFixed(4)} (${pooledRight}/${pooled})`);

const PASSES = 5;
for (const text of allTexts) scoreSentiment(text);
const rates: number[] = [];
for (let pass = 0; pass < PASSES; pass++) {
  const started = performance.now();
  for (const text of allTexts) scoreSentiment(text);
  rates.push(allTexts.length / ((performance.now() - started) / 1000));
}
rates.sort((a, b) => a - b);
console.log(`in-process ${Math.round(rates[Math.floor(PASSES / 2)]!)} items/s (median of ${PASSES} passes over ${allTexts.length} items)`);
