import type { CommandIo } from './command-io';

export async function run(_args: string[], io: CommandIo): Promise<number> {
  io.stderr.write('jobs: not built yet\n');
  return 2;
}
