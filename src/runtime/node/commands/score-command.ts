import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { scoreSentiment } from '../../../scoring/score-sentiment';
import type { CommandIo } from './command-io';
import { refuseArguments } from './refuse-arguments';

const usage = `usage: earshot score < mentions.jsonl   (JSON Lines {"id","text"} on stdin, e.g. echo '{"id":1,"text":"I love it"}' | earshot score)\n`;

/** Output lines are written in batches: one write per line costs more than the scoring itself. */
const BATCH_LINES = 256;

type OutputLine =
  | { id: string | number; score: number; label: string }
  | { id: string | number; error: string }
  | { line: number; error: string };

/**
 * The evaluation contract: JSON Lines {"id","text"} in, {"id","score","label"} out, one line per
 * non-blank input line, in input order. A malformed line gets {"id" or "line", "error"} and the rest
 * go on; the exit status is 0 unless stdin or stdout fails. Output is flushed with back-pressure
 * and the command returns (never process.exit), so a pipe reader gets every line.
 */
export async function run(args: string[], io: CommandIo): Promise<number> {
  const refused = refuseArguments('score', args, io, usage);
  if (refused !== null) return refused;
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  // A reader that stops early (`| head`) closes the pipe: stop scoring quietly, as Unix filters do.
  let outputError: NodeJS.ErrnoException | undefined;
  io.stdout.on('error', (error: NodeJS.ErrnoException) => {
    outputError = error;
    lines.close();
  });
  let lineNumber = 0;
  let malformed = 0;
  let batch: string[] = [];
  try {
    for await (const line of lines) {
      lineNumber += 1;
      if (line.trim() === '') continue;
      const output = scoreLine(line, lineNumber);
      if ('error' in output) malformed += 1;
      batch.push(JSON.stringify(output));
      if (batch.length >= BATCH_LINES) {
        await writeBatch(io.stdout, batch);
        batch = [];
      }
    }
    if (!outputError) await writeBatch(io.stdout, batch);
  } catch (error) {
    if (!outputError) throw error;
  }
  if (outputError) return outputError.code === 'EPIPE' ? 0 : 1;
  if (malformed > 0) io.stderr.write(`score: ${malformed} malformed input line(s), answered with error lines\n`);
  return 0;
}

async function writeBatch(stdout: Writable, batch: readonly string[]): Promise<void> {
  if (batch.length === 0) return;
  if (!stdout.write(batch.join('\n') + '\n')) await once(stdout, 'drain');
}

/** Parses and scores one input line; every failure is a value naming the id when there is one. */
export function scoreLine(line: string, lineNumber: number): OutputLine {
  let item: unknown;
  try {
    item = JSON.parse(line);
  } catch {
    return { line: lineNumber, error: 'malformed JSON' };
  }
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return { line: lineNumber, error: 'expected a JSON object {"id","text"}' };
  const record = item as { id?: unknown; text?: unknown };
  const id = typeof record.id === 'string' || typeof record.id === 'number' ? record.id : undefined;
  if (id === undefined) return { line: lineNumber, error: 'id must be a string or a number' };
  if (typeof record.text !== 'string') return { id, error: 'text must be a string' };
  const { score, label } = scoreSentiment(record.text);
  return { id, score, label };
}
