import { createInterface } from 'node:readline';
import { scoreSentiment } from '../../../scoring/score-sentiment';
import type { CommandIo } from './command-io';

/** The evaluation contract: JSON Lines {"id","text"} in, {"id","score","label"} out, one line per input line. */
export async function run(_args: string[], io: CommandIo): Promise<number> {
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    io.stdout.write(JSON.stringify(scoreLine(line, lineNumber)) + '\n');
  }
  return 0;
}

function scoreLine(line: string, lineNumber: number): Record<string, unknown> {
  let item: unknown;
  try {
    item = JSON.parse(line);
  } catch {
    return { line: lineNumber, error: 'malformed JSON' };
  }
  const record = (typeof item === 'object' && item !== null ? item : {}) as { id?: unknown; text?: unknown };
  const id = typeof record.id === 'string' || typeof record.id === 'number' ? record.id : undefined;
  if (typeof record.text !== 'string') return { ...(id === undefined ? { line: lineNumber } : { id }), error: 'text must be a string' };
  const { score, label } = scoreSentiment(record.text);
  return { id, score, label };
}
