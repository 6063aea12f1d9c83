import { NewerDatabaseError } from '../../../storage/migrate';
import { ConfigError } from '../load-node-config';
import type { CommandIo } from './command-io';

/**
 * A bad configuration is the operator's to fix: list every problem and exit 2, no stack trace. So is a
 * database from a newer Earshot (exit 1): every command that migrates refuses it, changing nothing.
 */
export async function withConfig(io: CommandIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr.write(`earshot: ${error.message}\n`);
      return 2;
    }
    if (error instanceof NewerDatabaseError) {
      io.stderr.write(`earshot: EARSHOT_DB: ${error.message}; nothing was changed\n`);
      return 1;
    }
    throw error;
  }
}
