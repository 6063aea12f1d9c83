#!/usr/bin/env node
// `npm run bench:sentiment`: scores the Earshot `score` command and, in the same run, the raw
// `sentiment` package, vader-sentiment and wink-sentiment (wrapped to the same contract in
// ./peers) with the dev-set harness in ../shared/data/sentiment. Prints the harness's tables.
//   --write-results   also rewrite bench/sentiment/RESULTS.md with the tables and the command
//   any other option  is passed to the harness (e.g. --only yelp, --show-errors 10)
// A benchmark, not a test: it never fails on a threshold, only when a scorer breaks the contract.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
  // The log of scorer changes tried, kept or not, is written by hand beside this script and carried into RESULTS.md.
  const changesFile = join(REPO_ROOT, 'bench', 'sentiment', 'changes-tried.md');
  const changes = existsSync(changesFile) ? `\n${readFileSync(changesFile, 'utf8').trim()}\n` : '';
  const results = `# Sentiment benchmark — dev set

Command (from the repo root; needs \`../shared/data/sentiment\` beside the repo):

\`\`\`sh
npm run bench:sentiment                    # print the tables
npm run bench:sentiment -- --write-results # also rewrite this file
\`\`\`

Scorers: **earshot** is \`npm run -s earshot -- score\` (process start included: npm, then Node on the bundled CLI);
the peers are wrapped to the same contract in \`bench/sentiment/peers/\`: raw \`sentiment\`
5.0.2 (comparative, clipped), \`vader-sentiment\` 1.1.3 (compound), \`wink-sentiment\` 5.0.2
(normalizedScore / 5). Data: UCI "Sentiment Labelled Sentences" (Kotzias et al., KDD 2015,
CC BY 4.0), 3 × 1,000 clearly polar review sentences; a score of exactly 0 counts as wrong.
items/s is one run on a shared 2-core machine and varies ±30 %. Earshot's items/s is mostly process
start: \`npm run\` and Node loading the bundled CLI take about 0.3 s of each 1,000-item run, while scoring itself
takes roughly 25–80 µs an item in-process (\`npx tsx bench/sentiment/evaluate-in-process.ts\`).
The peers are timed as plain \`node\` scripts, without \`npm run\`'s own ~0.2 s.

Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}:

${table}
## What the scorer is (src/scoring)

- Lexicons, in order of precedence: a topic's own overrides; Earshot's brand-backlash and social
  lists (\`lexicons/*.ts\`, one comment per group); AFINN-165 and the emoji scores shipped by the
  \`sentiment\` package (AFINN: Finn Årup Nielsen, ODbL 1.0; emoji: Kralj Novak et al. 2015,
  Emoji Sentiment Ranking, CC BY-SA 4.0); VADER entries AFINN lacks (Hutto & Gilbert 2014, MIT;
  regenerate with \`node bench/sentiment/generate-vader-lexicon.mjs\`); everyday review words
  neither lists; Pattern's English adjectives (De Smedt & Daelemans 2012, \`en-sentiment.xml\`,
  PDDL 1.0; \`node bench/sentiment/generate-pattern-lexicon.mjs path/to/en-sentiment.xml\`);
  last, Hu & Liu's Opinion Lexicon (Hu & Liu, KDD 2004; read from the tidytext R package's copy,
  which states it is included with the creators' permission and may be used, commercially too,
  with attribution; \`node bench/sentiment/generate-opinion-lexicon.mjs path/to/sentiments.csv\`).
  The two generated lists skip the words in \`bench/sentiment/not-opinion-words.mjs\` (grammar,
  identity, physical properties, time, topic nouns, homographs). Nothing is learned or fitted to
  this dev set.
- Rules (each named in the explanation): negated (scope 4 words, raised over think/seem, flip
  ×-0.8 for positive and ×-0.5 for negative words), negated-emphasis (couldn't be happier, never
  seen such), intensified / diminished, before-but / after-but / concession, caps, elongated,
  exclamation, question, question-marks, counterfactual (should have been better),
  unmet-expectation (I was hoping for more), compared (more X than Y), excess (too long),
  un-prefix, rating (3/10, zero stars), bare-negation (a negator with nothing to negate leans
  negative inside the neutral band), negative-weighting (a negative word or phrase weighs ×1.5
  once the other rules have acted; SO-CAL, Taboada et al. 2011; not emoji or emoticons).
- Score: sum of weights s, normalised s / √(s² + 15) into [-1, 1]; |score| < 0.05 is neutral.
  Text in a language the lexicons cannot read (franc-min, only when confident) is \`unscored\`.
${changes}`;
  writeFileSync(join(REPO_ROOT, 'bench', 'sentiment', 'RESULTS.md'), results);
  process.stderr.write('bench:sentiment: wrote bench/sentiment/RESULTS.md\n');
}
process.exitCode = run.status ?? 1;
