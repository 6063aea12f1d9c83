#!/usr/bin/env node
// `npm run bench:sentiment`: scores the Earshot `score` command and, in the same run, the raw
// `sentiment` package, vader-sentiment and wink-sentiment (wrapped to the same contract in
// ./peers) with the dev-set harness in ../shared/data/sentiment. Prints the harness's tables.
//   --write-results   also rewrite bench/sentiment/RESULTS.md with the tables and the command
//   any other option  is passed to the harness (e.g. --only yelp, --show-errors 10)
// A benchmark, not a test: it never fails on a threshold, only when a scorer breaks the contract.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, resolveDataDir } from './resolve-data-dir.mjs';

const args = process.argv.slice(2);
const writeResults = args.includes('--write-results');
const passThrough = args.filter((a) => a !== '--write-results');
let dataDir;
try {
  dataDir = resolveDataDir();
} catch (error) {
  process.stderr.write(`bench:sentiment: ${error.message}\n`);
  process.exit(1);
}
const mdFile = join(mkdtempSync(join(tmpdir(), 'earshot-bench-')), 'table.md');
const harnessArgs = [
  join(dataDir, 'sentiment-score.mjs'),
  '--scorer', 'earshot=npm run -s earshot -- score',
  '--peers-dir', join(REPO_ROOT, 'bench', 'sentiment', 'peers'),
  '--md', mdFile,
  ...passThrough,
];
const run = spawnSync(process.execPath, harnessArgs, { cwd: REPO_ROOT, stdio: 'inherit' });
if (run.status === 0 && writeResults) {
  const table = readFileSync(mdFile, 'utf8');
  const results = `# Sentiment benchmark — dev set

Command (from the repo root; needs \`../shared/data/sentiment\` beside the repo):

\`\`\`sh
npm run bench:sentiment                    # print the tables
npm run bench:sentiment -- --write-results # also rewrite this file
\`\`\`

Scorers: **earshot** is \`npm run -s earshot -- score\` (process start through tsx included);
the peers are wrapped to the same contract in \`bench/sentiment/peers/\`: raw \`sentiment\`
5.0.2 (comparative, clipped), \`vader-sentiment\` 1.1.3 (compound), \`wink-sentiment\` 5.0.2
(normalizedScore / 5). Data: UCI "Sentiment Labelled Sentences" (Kotzias et al., KDD 2015,
CC BY 4.0), 3 × 1,000 clearly polar review sentences; a score of exactly 0 counts as wrong.
items/s is one run on a shared 2-core machine and varies ±30 %. Earshot's items/s is mostly process
start: \`npm run\` plus tsx compiling the CLI take 0.5–1 s of each 1,000-item run, while scoring itself
takes roughly 25–80 µs an item in-process (\`npx tsx bench/sentiment/evaluate-in-process.ts\`).
Precompiling the CLI (e.g. an esbuild bundle run with plain node) would bring it near the peers.

Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}:

${table}`;
  writeFileSync(join(REPO_ROOT, 'bench', 'sentiment', 'RESULTS.md'), results);
  process.stderr.write('bench:sentiment: wrote bench/sentiment/RESULTS.md\n');
}
process.exitCode = run.status ?? 1;
