import { ConfigError } from '../load-node-config';
import type { CommandIo } from './command-io';

/** A bad configuration is the operator's to fix: list every problem and exit 2, no stack trace. */
export async function withConfig(io: CommandIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr.write(`earshot: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
