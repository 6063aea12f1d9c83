// `earshot restore --from FILE`: a backup back in place of the embedded database (restore-database.ts).
// Earshot must be stopped first; the database it replaces is kept beside it.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadNodeConfig } from '../load-node-config';
import { isDatabaseFile } from '../is-database-file';
import { RestoreError, restoreDatabase } from '../restore-database';
import type { CommandIo } from './command-io';
import { resolveTypedPath } from './resolve-typed-path';
import { withConfig } from './with-config';

const usage = 'usage: earshot restore --from FILE   (stop Earshot first; the database it replaces is kept beside it)\n';

export async function run(args: string[], io: CommandIo): Promise<number> {
  const from = args[0] === '--from' && args.length === 2 && args[1] ? resolveTypedPath(args[1], io.env) : null;
  if (from === null) {
    io.stderr.write(usage);
    return 2;
  }
  return withConfig(io, async () => {
    const live = loadNodeConfig(io.env).EARSHOT_DB;
    const refusal = !isDatabaseFile(live) ? `EARSHOT_DB is ${live}, not a database file` : !existsSync(from) ? `no file at ${from}: nothing to restore` : null;
    if (refusal) {
      io.stderr.write(`earshot restore: ${refusal}\n`);
      return 2;
    }
    try {
      io.stdout.write(`${JSON.stringify(await restoreDatabase(from, resolve(live), Date.now()))}\n`);
      return 0;
    } catch (error) {
      if (!(error instanceof RestoreError)) throw error;
      io.stderr.write(`earshot restore: ${error.message}\n`);
      return 1;
    }
  });
}
