// `earshot backup --to FILE`: a consistent copy of the embedded database, taken while Earshot runs.
// Copying data/earshot.db with cp is not one: in WAL mode the newest commits live in earshot.db-wal
// until a checkpoint, and a crawl writing during the copy tears it. SQLite's online backup
// (better-sqlite3's db.backup) reads through the WAL and starts over when a writer changes a page it
// has copied. The copy is integrity-checked before the command says it is done, and it never
// overwrites a file: an old backup is not replaced by mistake.
import { existsSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { loadNodeConfig } from '../load-node-config';
import type { CommandIo } from './command-io';
import { withConfig } from './with-config';

const usage = 'usage: earshot backup --to FILE   (a new file: a backup never overwrites one)\n';

export async function run(args: string[], io: CommandIo): Promise<number> {
  const to = args[0] === '--to' && args.length === 2 && args[1] ? resolve(args[1]) : null;
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
    const source = new BetterSqlite3(from, { fileMustExist: true });
    try {
      source.pragma('busy_timeout = 5000');
      await source.backup(to);
    } catch (error) {
      // A half-written copy is worse than none: it looks like a backup.
      rmSync(to, { force: true });
      io.stderr.write(`earshot backup: the copy failed and was removed: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    } finally {
      source.close();
    }
    const checked = checkCopy(to);
    if (checked.integrity !== 'ok') {
      io.stderr.write(`earshot backup: ${to} failed its integrity check (${checked.integrity}); keep the database as it is and try again\n`);
      return 1;
    }
    io.stdout.write(`${JSON.stringify({ to, bytes: statSync(to).size, ...checked })}\n`);
    return 0;
  });
}

function refuse(from: string, to: string): string | null {
  if (from === ':memory:' || from.startsWith('file:')) return `EARSHOT_DB is ${from}, not a database file`;
  if (!existsSync(from)) return `no database at ${resolve(from)}: nothing to back up (EARSHOT_DB names the one to copy)`;
  if (existsSync(to)) return `${to} exists: name a new file (a backup never overwrites one)`;
  return null;
}

/** The copy's integrity and what it holds, read from the copy itself. */
function checkCopy(path: string): { integrity: string; topics: number; mentions: number; alerts: number } {
  const copy = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    const integrity = String(copy.pragma('integrity_check', { simple: true }));
    const count = (table: string) => (copy.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { integrity, topics: count('topics'), mentions: count('mentions'), alerts: count('alerts') };
  } finally {
    copy.close();
  }
}
