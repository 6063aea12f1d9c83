// Runs one CLI command in-process (its exported `run`) with captured output, as the process would see it.
import { PassThrough, Readable } from 'node:stream';
import type { CommandIo } from '../../src/runtime/node/commands/command-io';

export type CommandRun = (args: string[], io: CommandIo) => Promise<number>;

export async function runCommand(
  run: CommandRun,
  args: string[],
  options: { stdin?: string; env?: CommandIo['env'] } = {},
): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const stdin = options.stdin === undefined ? new PassThrough() : Readable.from([options.stdin]);
  const code = await run(args, { stdin, stdout, stderr, env: options.env ?? {} });
  return { code, out: Buffer.concat(out).toString('utf8'), err: Buffer.concat(err).toString('utf8') };
}
