// The benchmark contract, run in-process through the command module with a synthetic CSV.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/runtime/node/commands/detect-command';
import { runCommand } from '../support/run-command';
import { dailyCurve, DAY, HOUR, makeSeries, MONDAY } from './synthetic-series';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'earshot-detect-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const detect = (args: string[]) => runCommand(run, args);

const stamp = (t: number) => new Date(t).toISOString().slice(0, 19).replace('T', ' ');

describe('earshot detect', () => {
  it('writes timestamp,value,alert with one row per input row and alerts on a surge', async () => {
    const series = makeSeries({ days: 6, seed: 31, mean: (t) => dailyCurve(t, 60), extraNegative: (t) => (t >= MONDAY + 5 * DAY + 12 * HOUR && t < MONDAY + 5 * DAY + 14 * HOUR ? 40 : 0) });
    const file = join(dir, 'series.csv');
    await writeFile(file, `timestamp,value\n${series.map((b) => `${stamp(b.bucketStart)},${b.count}`).join('\n')}\n`);
    const { code, out } = await detect(['--input', file]);
    expect(code).toBe(0);
    // --input=file is the same option, as jobs and replay take theirs.
    expect((await detect([`--input=${file}`])).out).toBe(out);
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('timestamp,value,alert');
    expect(lines).toHaveLength(series.length + 1);
    expect(lines[1]).toBe(`${stamp(MONDAY)},${series[0]!.count},0`);
    expect(lines.filter((l) => l.endsWith(',1')).length).toBeGreaterThan(0);
  });

  // npm runs the script in the repository's folder; the paths are the ones the user typed where they were.
  it.each([
    { name: 'from the folder npm run was called in (INIT_CWD)', script: 'earshot', code: 0 },
    { name: 'not for a command another script started (npm test), which runs where it was started', script: 'test', code: 1 },
  ])('reads --input and --settings $name', async ({ script, code }) => {
    const series = makeSeries({ days: 2, seed: 5, mean: (t) => dailyCurve(t, 20) });
    await writeFile(join(dir, 'typed.csv'), `timestamp,value\n${series.map((b) => `${stamp(b.bucketStart)},${b.count}`).join('\n')}\n`);
    await writeFile(join(dir, 'typed-settings.json'), '{"sensitivity":"high"}');
    const result = await runCommand(run, ['--input', 'typed.csv', '--settings', 'typed-settings.json'], { env: { npm_lifecycle_event: script, INIT_CWD: dir } });
    expect(result.code, result.err).toBe(code);
    if (code === 0) expect(result.out.trim().split('\n')).toHaveLength(series.length + 1);
    else expect(result.err).toContain(`cannot read ${join(process.cwd(), 'typed.csv')}`);
  });

  it.each([
    { name: 'missing file', content: null, args: ['--input', 'nope.csv'], code: 1, error: /cannot read .*nope\.csv: ENOENT: no such file or directory\n$/ },
    { name: 'no header', content: '2026-01-05 00:00:00,3\n', args: [], code: 1, error: /line 1: expected a header with "timestamp" and "value"/ },
    { name: 'bad timestamp', content: 'timestamp,value\n2026-01-05 00:00:00,3\nyesterday,4\n', args: [], code: 1, error: /line 3: bad timestamp "yesterday"/ },
    // Date.parse would read these as 1 and 2 March, silently: a bad timestamp like any other.
    { name: 'day the calendar lacks', content: 'timestamp,value\n2026-02-28 00:00:00,3\n2026-02-29 00:00:00,4\n', args: [], code: 1, error: /line 3: bad timestamp "2026-02-29 00:00:00"/ },
    { name: 'daily row on a day the calendar lacks', content: 'timestamp,value\n2026-02-28,3\n2026-02-30,4\n', args: [], code: 1, error: /line 3: bad timestamp "2026-02-30"/ },
    { name: 'bad value', content: 'timestamp,value\n2026-01-05 00:00:00,3\n2026-01-05 00:05:00,-2\n', args: [], code: 1, error: /line 3: bad value "-2"/ },
    { name: 'quoted value with a thousands comma (one cell, not a silent 1)', content: '"timestamp","value"\n"2026-01-05 00:00:00","1,234"\n', args: [], code: 1, error: /line 2: bad value "1,234"/ },
    { name: 'unclosed quote', content: 'timestamp,value\n2026-01-05 00:00:00,"3\n', args: [], code: 1, error: /not a readable CSV/ },
    { name: 'no --input', content: null, args: ['--verbose'], code: 2, error: /Unknown option '--verbose'/ },
    { name: 'stray argument', content: null, args: ['series.csv'], code: 2, error: /Unexpected argument 'series.csv'/ },
    // The last of two was judged, silently: the user may have meant the first.
    { name: '--input given twice', content: null, args: ['--input', 'a.csv', '--input=b.csv'], code: 2, error: /--input is given 2 times; give it once/ },
  ])('fails clearly on a $name', async ({ content, args, code, error }) => {
    const file = join(dir, 'bad.csv');
    if (content !== null) await writeFile(file, content);
    const result = await detect(content !== null ? ['--input', file] : args.map((a) => (a === 'nope.csv' ? join(dir, a) : a)));
    expect(result.code).toBe(code);
    expect(result.err).toMatch(error);
    expect(result.out).toBe('');
  });

  // Exports in local time repeat an hour when clocks fall back; rows get written twice or a few
  // seconds off. Each row still gets its line, nothing is dropped, and stderr says what was done.
  const grid = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `${stamp(MONDAY + (from + i) * 300_000)},${3 + (i % 2)}`);
  it.each([
    { name: 'a timestamp going back', rows: [...grid(6), `${stamp(MONDAY)},4`, ...grid(4, 6)], note: /1 row\(s\) at or before an interval already read \(data row 7 at 2026-01-05T00:00:00.000Z: a repeated or earlier timestamp\)/ },
    { name: 'a row written twice', rows: [...grid(6), ...grid(1, 5), ...grid(4, 6)], note: /1 row\(s\) at or before .*\(data row 7 at 2026-01-05T00:25:00.000Z: / },
    { name: 'rows a few seconds off the grid', rows: [...grid(6), `${stamp(MONDAY + 6 * 300_000 + 7_000)},2`, ...grid(4, 7)], note: /1 row\(s\) off the 300 s grid/ },
  ])('reads $name: one line per row, and a note on stderr', async ({ rows, note }) => {
    const file = join(dir, 'messy.csv');
    await writeFile(file, `timestamp,value\n${rows.join('\n')}\n`);
    const { code, out, err } = await detect(['--input', file]);
    expect(code).toBe(0);
    expect(out.trim().split('\n').slice(1)).toEqual(rows.map((r) => `${r},0`));
    expect(err).toMatch(note);
  });

  it('reads epoch seconds and milliseconds as the same instants as dates, and sequence numbers as hours', async () => {
    const series = makeSeries({ days: 6, seed: 31, mean: (t) => dailyCurve(t, 60), extraNegative: (t) => (t >= MONDAY + 5 * DAY + 12 * HOUR && t < MONDAY + 5 * DAY + 14 * HOUR ? 40 : 0) });
    const alertsOf = async (stampOf: (t: number) => string) => {
      const file = join(dir, 'stamps.csv');
      await writeFile(file, `timestamp,value\n${series.map((b) => `${stampOf(b.bucketStart)},${b.count}`).join('\n')}\n`);
      const result = await detect(['--input', file]);
      expect(result.code).toBe(0);
      return { alerts: result.out.trim().split('\n').slice(1).map((l) => l.slice(l.lastIndexOf(',') + 1)).join(''), err: result.err };
    };
    const dates = await alertsOf(stamp);
    expect(dates.alerts).toContain('1');
    expect((await alertsOf((t) => String(t / 1000))).alerts).toBe(dates.alerts);
    expect((await alertsOf((t) => String(t))).alerts).toBe(dates.alerts);
    // An index-numbered series (1, 2, 3...) has no dates: one hour apart, and stderr says so.
    const hourly = series.filter((_, i) => i % 12 === 0);
    const file = join(dir, 'index.csv');
    await writeFile(file, `timestamp,value,is_anomaly\n${hourly.map((b, i) => `${i + 1},${b.count * 12},0`).join('\n')}\n`);
    const indexed = await detect(['--input', file]);
    expect(indexed.code).toBe(0);
    expect(indexed.out.trim().split('\n')).toHaveLength(hourly.length + 1);
    expect(indexed.err).toContain('note: timestamps are sequence numbers, not dates: read as one hour apart');
    // A date alone is a daily series.
    await writeFile(file, 'timestamp,value\n2026-01-05,3\n2026-01-06,4\n2026-01-07,5\n');
    const daily = await detect(['--input', file]);
    expect(daily.code).toBe(0);
    expect(daily.out).toBe('timestamp,value,alert\n2026-01-05,3,0\n2026-01-06,4,0\n2026-01-07,5,0\n');
    expect(daily.err).toBe('');
    await writeFile(file, 'timestamp,value\n1,3\n2026-01-05 00:00:00,4\n');
    expect((await detect(['--input', file])).err).toMatch(/line 3: timestamp "2026-01-05 00:00:00" mixes sequence numbers with dates/);
  });

  it('reads spreadsheet exports: a byte-order mark, CRLF, quoted cells, semicolons, extra columns', async () => {
    const file = join(dir, 'sheet.csv');
    await writeFile(file, '\ufeff"Timestamp";"Value";"Note"\r\n"2026-01-05 00:00:00";"3";"a; b"\r\n\r\n2026-01-05 00:05:00;4;""\r\n');
    const { code, out } = await detect(['--input', file]);
    expect(code).toBe(0);
    expect(out).toBe('timestamp,value,alert\n2026-01-05 00:00:00,3,0\n2026-01-05 00:05:00,4,0\n');
    await writeFile(file, 'timestamp,value\n"2026-01-05T00:00:00+00:00",3\n');
    expect((await detect(['--input', file])).out).toBe('timestamp,value,alert\n2026-01-05T00:00:00+00:00,3,0\n');
  });

  it('rejects invalid settings with the field named', async () => {
    const file = join(dir, 'ok.csv');
    await writeFile(file, 'timestamp,value\n2026-01-05 00:00:00,3\n');
    const settings = join(dir, 'settings.json');
    await writeFile(settings, JSON.stringify({ cooldownMinutes: 1 }));
    const { code, err } = await detect(['--input', file, '--settings', settings]);
    expect(code).toBe(1);
    expect(err).toContain('cooldownMinutes: must be at least 5');
    // Kinds that need a tone cannot fire on a plain count series: refused, not silently empty.
    await writeFile(settings, JSON.stringify({ kinds: ['volume-spike', 'backlash'] }));
    const tone = await detect(['--input', file, '--settings', settings]);
    expect(tone.code).toBe(1);
    expect(tone.err).toContain('kinds: backlash needs negative and positive counts');
    await writeFile(settings, JSON.stringify({ kinds: ['volume-spike', 'silence'], sensitivity: 'high' }));
    expect((await detect(['--input', file, '--settings', settings])).code).toBe(0);
  });
});
