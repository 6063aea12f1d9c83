// `earshot detect --input series.csv [--settings settings.json]`: the benchmark contract.
// CSV timestamp,value in; CSV timestamp,value,alert out on stdout, one row per input row, alert=1
// where an alert opens, reopens or escalates at that row. Exit 0 on success, 1 on a bad file, 2 on bad usage.
import { readFile } from 'node:fs/promises';
import { alertTone } from '../../../domain/alert';
import { detectSeries, seriesSettings } from '../../../detection/detect-series';
import { checkDetectorSettings } from '../../../detection/detector-settings';
import { parseSeriesCsv } from '../../../detection/parse-series-csv';
import type { CommandIo } from './command-io';
import { resolveTypedPath } from './resolve-typed-path';
import { describeReadError } from './describe-read-error';
import { readOptions } from './read-options';

const usage = 'usage: earshot detect --input <series.csv> [--settings <settings.json>]\n';

export async function run(args: string[], io: CommandIo): Promise<number> {
  const read = readDetectOptions(args);
  if (!read.ok) {
    io.stderr.write(`detect: ${read.error}\n${usage}`);
    return 2;
  }
  const options = { input: resolveTypedPath(read.input, io.env), settings: read.settings === null ? null : resolveTypedPath(read.settings, io.env) };
  const text = await readText(options.input);
  if (!text.ok) {
    io.stderr.write(`detect: cannot read ${options.input}: ${text.error}\n`);
    return 1;
  }
  const settings = await loadSettings(options.settings);
  if (!settings.ok) {
    io.stderr.write(`detect: ${settings.error}\n`);
    return 1;
  }
  const parsed = parseSeriesCsv(text.value);
  if (!parsed.ok) {
    io.stderr.write(`detect: ${options.input}: ${parsed.error}\n`);
    return 1;
  }
  const result = detectSeries(parsed.rows, settings.value);
  if (!result.ok) {
    io.stderr.write(`detect: ${options.input}: ${result.error}\n`);
    return 1;
  }
  for (const note of [...parsed.notes, ...result.notes]) io.stderr.write(`detect: ${options.input}: note: ${note}\n`);
  // `detect ... | head` closes the pipe early: that is the reader's choice, not an error of ours.
  io.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  // The cells as they were read (unquoted: a valid timestamp or count never holds a comma or a quote).
  const lines = ['timestamp,value,alert'];
  parsed.rows.forEach((row, i) => lines.push(`${row.rawTimestamp},${row.rawValue},${result.alerts[i] ? 1 : 0}`));
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

type Options = { ok: true; input: string; settings: string | null } | { ok: false; error: string };

function readDetectOptions(args: string[]): Options {
  const read = readOptions(args, ['input', 'settings']);
  if (!read.ok) return read;
  const { input, settings } = read.strings;
  return input === undefined ? { ok: false, error: '--input is required' } : { ok: true, input, settings: settings ?? null };
}

async function readText(path: string): Promise<{ ok: true; value: string } | { ok: false; error: string }> {
  try {
    return { ok: true, value: await readFile(path, 'utf8') };
  } catch (error) {
    return { ok: false, error: describeReadError(error) };
  }
}

async function loadSettings(path: string | null) {
  if (path === null) return { ok: true as const, value: seriesSettings() };
  const text = await readText(path);
  if (!text.ok) return { ok: false as const, error: `cannot read ${path}: ${text.error}` };
  let json: unknown;
  try {
    json = JSON.parse(text.value);
  } catch (error) {
    return { ok: false as const, error: `${path}: not JSON: ${(error as Error).message}` };
  }
  const check = checkDetectorSettings({ kinds: ['volume-spike'], ...(json as object) });
  if (!check.ok) return { ok: false as const, error: `${path}:\n  ${check.errors.join('\n  ')}` };
  // A timestamp,value series has counts but no tone: these kinds would silently never fire.
  const needTone = check.settings.kinds.filter((kind) => alertTone(kind) !== null);
  if (needTone.length > 0) {
    return { ok: false as const, error: `${path}:\n  kinds: ${needTone.join(' and ')} ${needTone.length === 1 ? 'needs' : 'need'} negative and positive counts, which a timestamp,value series does not have (use volume-spike and silence)` };
  }
  return { ok: true as const, value: check.settings };
}
