// `npm run bench:detect` (part 1): runs `earshot detect` on the four NAB realTweets files, scores the
// detections with NAB's scoring rule (nab-score.mjs, shipped beside the data) and prints Earshot's
// score beside the published detectors'. The data is read from ../shared/data/nab/ and never copied.
//
// NAB_DIR=<folder> scores any other NAB-format set the same way (a folder of `<name>.csv` files and a
// `combined_windows.json` in NAB's labels format): e.g. the other six realTweets files of a numenta/NAB
// checkout, which is how the default was checked on series it was never tuned on (RESULTS.md).
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '../..');
const devSet = resolve(repo, '../shared/data/nab');
const scorer = join(devSet, 'nab-score.mjs');
const nab = process.env.NAB_DIR ? resolve(process.env.NAB_DIR) : devSet;
const isDevSet = nab === devSet;
const files = isDevSet ? ['Twitter_volume_AAPL', 'Twitter_volume_GOOG', 'Twitter_volume_IBM', 'Twitter_volume_KO'] : labelledFiles(nab);

/** The files of a NAB-format folder that have labels. */
function labelledFiles(dir: string): string[] {
  if (!existsSync(join(dir, 'combined_windows.json'))) return [];
  const labels = JSON.parse(readFileSync(join(dir, 'combined_windows.json'), 'utf8')) as Record<string, unknown>;
  return Object.keys(labels).map((key) => basename(key, '.csv')).filter((name) => existsSync(join(dir, `${name}.csv`))).sort();
}

/** Standard-profile scores on these 4 files, from ../shared/data/nab/README.md (NAB results/, scored with nab-score.mjs). */
const published: [string, number, string][] = [
  ['ARTime', 80.5, '12/12'],
  ['knncad', 69.9, '12/12'],
  ['contextOSE', 65.5, '9/12'],
  ['numenta (HTM)', 64.0, '10/12'],
  ['htmjava', 61.7, '10/12'],
  ['earthgeckoSkyline', 59.2, '11/12'],
  ['relativeEntropy', 56.9, '8/12'],
  ['twitterADVec', 56.2, '10/12'],
  ['windowedGaussian', 48.6, '11/12'],
  ['null (never fires)', 0, '0/12'],
];

interface ScoreJson {
  perFile: { file: string; detectedWindows: number; windows: number; fpRows: number; score: number; firstDetection: (number | null)[] }[];
  total: { score: number; detectedWindows: number; windows: number; fpRows: number };
}

async function main(): Promise<number> {
  const missing = [scorer, ...['combined_windows.json', ...files.map((f) => `${f}.csv`)].map((f) => join(nab, f))].filter((f) => !existsSync(f));
  if (missing.length > 0) {
    process.stderr.write(`bench:detect: the NAB data is not at ${nab} (missing ${missing.join(', ')}).\nIt lives outside the repo on purpose; put the shared data folder beside the repo to run this bench.\n`);
    return 2;
  }
  const out = await mkdtemp(join(tmpdir(), 'earshot-nab-'));
  try {
    const started = Date.now();
    await Promise.all(files.map(async (file) => {
      // Exactly what `npm run -s earshot -- detect --input <file>` runs.
      const args = ['bin/earshot.mjs', 'detect', '--input', join(nab, `${file}.csv`), ...process.argv.slice(2)];
      const { stdout } = await run(process.execPath, args, { cwd: repo, maxBuffer: 64 << 20 });
      await writeFile(join(out, `${file}.csv`), stdout);
    }));
    const seconds = (Date.now() - started) / 1000;
    const { stdout } = await run(process.execPath, [scorer, '--data', nab, '--labels', join(nab, 'combined_windows.json'), '--detections', out, '--json']);
    report(JSON.parse(stdout) as ScoreJson, seconds);
    return 0;
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

function report(result: ScoreJson, seconds: number): void {
  const set = isDevSet ? 'NAB realTweets dev set' : `NAB-format set ${nab}`;
  const lines = [`${set} (${result.perFile.length} files, ${result.total.windows} windows), standard profile`, ''];
  lines.push('file                 windows hit  false-positive rows  raw score  first detection rows');
  for (const f of result.perFile) {
    const name = f.file.replace(/^.*\//, '').replace(/\.csv$/, '');
    lines.push(`${name.padEnd(20)} ${`${f.detectedWindows}/${f.windows}`.padStart(11)}  ${String(f.fpRows).padStart(19)}  ${f.score.toFixed(2).padStart(9)}  ${JSON.stringify(f.firstDetection)}`);
  }
  lines.push('', 'detector              score  windows hit');
  // The published scores are for the dev set's four files; another set gets Earshot's alone.
  const rows: [string, number, string][] = [['Earshot (default settings)', result.total.score, `${result.total.detectedWindows}/${result.total.windows}`], ...(isDevSet ? published : [])];
  rows.sort((a, b) => b[1] - a[1]);
  for (const [name, score, hit] of rows) lines.push(`${name.padEnd(26)} ${score.toFixed(1).padStart(5)}  ${hit}${name.startsWith('Earshot') ? `  (${result.total.fpRows} false-positive rows)  <--` : ''}`);
  lines.push('', `detect on ${files.length} files: ${seconds.toFixed(1)} s wall (4 processes in parallel, including start-up)`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().then((code) => (process.exitCode = code), (error: unknown) => {
  process.stderr.write(`bench:detect: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
