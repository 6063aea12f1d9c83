// `earshot backup --to FILE`: a consistent copy of the embedded database, taken while Earshot runs
// (backup-database.ts). It never overwrites a file: an old backup is not replaced by mistake.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { BackupError, backupDatabase } from '../backup-database';
import { loadNodeConfig } from '../load-node-config';
import { isDatabaseFile } from '../is-database-file';
import { refuseUnusableDatabaseFile } from '../refuse-unusable-database-file';
import type { CommandIo } from './command-io';
import { resolveTypedPath } from './resolve-typed-path';
import { withConfig } from './with-config';

const usage = 'usage: earshot backup --to FILE   (a new file: a backup never overwrites one)\n';

export async function run(args: string[], io: CommandIo): Promise<number> {
  const to = args[0] === '--to' && args.length === 2 && args[1] ? resolveTypedPath(args[1], io.env) : null;
  if (to === null) {
    io.stderr.write(usage);
    return 2;
  }
  return withConfig(io, async () => {
    const from = loadNodeConfig(io.env).EARSHOT_DB;
    const refusal = refuse(from, to);
    if (refusal) {
      io.stderr.write(`earshot backup: ${refusal}\n`);
      return 2;
    }
    refuseUnusableDatabaseFile(from);
    try {
      io.stdout.write(`${JSON.stringify(await backupDatabase(from, to))}\n`);
      return 0;
    } catch (error) {
      if (!(error instanceof BackupError)) throw error;
      io.stderr.write(`earshot backup: ${error.message}\n`);
      return 1;
    }
  });
}

function refuse(from: string, to: string): string | null {
  if (!isDatabaseFile(from)) return `EARSHOT_DB is ${from}, not a database file`;
  if (!existsSync(from)) return `no database at ${resolve(from)}: nothing to back up (EARSHOT_DB names the one to copy)`;
  if (existsSync(to)) return `${to} exists: name a new file (a backup never overwrites one)`;
  return null;
}
