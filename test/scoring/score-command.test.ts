import { readFileSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/runtime/node/commands/score-command';
import { runCommand } from '../support/run-command';

const fixture = readFileSync(new URL('../fixtures/scoring/mixed-lines.jsonl', import.meta.url), 'utf8');

async function runScore(input: string): Promise<{ code: number; lines: Record<string, unknown>[]; stderr: string }> {
  const { code, out, err } = await runCommand(run, [], { stdin: input });
  return { code, lines: out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>), stderr: err };
}

describe('score command', () => {
  it('answers every non-blank line in order, malformed ones with an error naming the id or line', async () => {
    const { code, lines, stderr } = await runScore(fixture);
    expect(code).toBe(0);
    expect(lines.map((l) => ('id' in l ? { id: l.id } : { line: l.line }))).toEqual([
      { id: 'good-1' }, { line: 2 }, { id: 'no-text' }, { id: 42 }, { line: 6 }, { line: 7 }, { id: 'unscored' }, { id: 'crlf' }, { id: 'last' },
    ]);
    expect(lines.filter((l) => 'error' in l)).toEqual([
      { line: 2, error: 'malformed JSON' },
      { id: 'no-text', error: 'text must be a string' },
      { line: 6, error: 'expected a JSON object {"id","text"}' },
      { line: 7, error: 'id must be a string or a number' },
    ]);
    expect(stderr).toContain('4 malformed');
  });

  it('refuses text given as an argument (it reads stdin), exit 2 with its usage, instead of waiting on stdin', async () => {
    const { code, out, err } = await runCommand(run, ['I love it'], { stdin: '{"id":1,"text":"fine"}\n' });
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^score: takes no arguments, got "I love it"\nusage: earshot score < mentions\.jsonl/);
  });

  it.each([
    ['positive', 'good-1', 'positive', 1],
    ['negative with a numeric id', 42, 'negative', -1],
    ['another language', 'unscored', 'unscored', 0],
    ['CRLF line end', 'last', 'positive', 1],
  ])('scores a good line: %s', async (_name, id, label, sign) => {
    const { lines } = await runScore(fixture);
    const line = lines.find((l) => l.id === id);
    expect(line).toMatchObject({ id, label });
    expect(Math.sign(line?.score as number)).toBe(sign);
  });

  it('writes every line of a large input (back-pressure, batching)', async () => {
    const input = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: `n${i}`, text: i % 2 ? 'great' : 'awful' })).join('\n');
    const { lines } = await runScore(input);
    expect(lines).toHaveLength(3000);
    expect(lines[2999]).toMatchObject({ id: 'n2999', label: 'positive' });
  });
});

describe('score command when the reader goes away', () => {
  it('stops quietly on EPIPE instead of crashing', async () => {
    const { Writable } = await import('node:stream');
    let writes = 0;
    const stdout = new Writable({
      write(_chunk, _encoding, callback) {
        writes += 1;
        callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const input = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ id: `e${i}`, text: 'fine' })).join('\n');
    const code = await run([], { stdin: Readable.from([input]), stdout, stderr: new PassThrough(), env: {} });
    expect(code).toBe(0);
    expect(writes).toBe(1);
  });
});

describe('score command as a process', () => {
  it('lets stdout drain before it exits, so a pipe reader gets every line', async () => {
    const { spawn } = await import('node:child_process');
    const cli = new URL('../../src/runtime/node/cli.ts', import.meta.url).pathname;
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'score'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    const input = Array.from({ length: 5000 }, (_, i) => JSON.stringify({ id: `p${i}`, text: 'not bad at all, really good' })).join('\n');
    child.stdin.end(`${input}\nnot json\n`);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const lines = Buffer.concat(chunks).toString('utf8').split('\n').filter(Boolean);
    expect(code).toBe(0);
    expect(lines).toHaveLength(5001);
    expect(JSON.parse(lines[5000]!)).toEqual({ line: 5001, error: 'malformed JSON' });
  });
});
