import type { CommandIo } from './command-io';

/**
 * For a command that takes no arguments: one given is refused with the usage (exit 2), not ignored.
 * Ignored, `score "some text"` sat waiting on stdin and `serve --port 9000` listened on 8787.
 * Null when there are none.
 */
export function refuseArguments(command: string, args: string[], io: CommandIo, usage: string): number | null {
  if (args.length === 0) return null;
  io.stderr.write(`${command}: takes no arguments, got ${JSON.stringify(args[0])}\n${usage}`);
  return 2;
}
