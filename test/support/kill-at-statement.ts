// For the crash tests' child processes: a real SQLite database whose connection SIGKILLs the process
// right before its N-th statement (0: never), the way a power cut or an OOM kill would stop a job.
import type { KyselyPlugin } from 'kysely';
import type { Db } from '../../src/storage/database';
import { openSqlite } from '../../src/runtime/node/open-sqlite';

export function openDbThatDiesAt(dbPath: string, killAt: number): { db: Db; statements: () => number } {
  let statements = 0;
  const killer: KyselyPlugin = {
    transformQuery(args) {
      statements += 1;
      if (killAt > 0 && statements === killAt) process.kill(process.pid, 'SIGKILL');
      return args.node;
    },
    async transformResult(args) {
      return args.result;
    },
  };
  return { db: openSqlite(dbPath).db.withPlugin(killer), statements: () => statements };
}
