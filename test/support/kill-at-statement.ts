// A real SQLite connection that stops at its N-th statement (0: never), the way a power cut or an OOM
// kill would stop a job: for the crash tests' child processes (SIGKILL), and in-process (a throw), where
// each statement commits on its own, as on D1, so what is on disk then is what a kill -9 there would leave.
import type { KyselyPlugin } from 'kysely';
import type { Db } from '../../src/storage/database';
import { openSqlite } from '../../src/runtime/node/open-sqlite';

/** `db` with `before(n)` called before its n-th statement (from 1), and the count so far. */
export function countingStatements(db: Db, before: (n: number) => void): { db: Db; statements: () => number } {
  let statements = 0;
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      statements += 1;
      before(statements);
      return args.node;
    },
    async transformResult(args) {
      return args.result;
    },
  };
  return { db: db.withPlugin(plugin), statements: () => statements };
}

/** For a child process: SIGKILLs it right before the connection's N-th statement. */
export function openDbThatDiesAt(dbPath: string, killAt: number): { db: Db; statements: () => number } {
  return countingStatements(openSqlite(dbPath).db, (n) => {
    if (killAt > 0 && n === killAt) process.kill(process.pid, 'SIGKILL');
  });
}

/** Thrown in place of every statement a connection that died never sent. */
export class DiedAtStatement extends Error {}

/** In-process: the N-th statement and every later one throw DiedAtStatement instead of running. */
export function dbThatDiesAt(db: Db, dieAt: number): { db: Db; statements: () => number } {
  return countingStatements(db, (n) => {
    if (dieAt > 0 && n >= dieAt) throw new DiedAtStatement(`died before statement ${n}`);
  });
}
