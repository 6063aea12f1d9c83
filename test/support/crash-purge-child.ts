// Test helper, run as a child process: one purge run against a real SQLite file that SIGKILLs itself
// right before its N-th database statement (0: never), as test/support/crash-crawl-child.ts does for a crawl.
import type { KyselyPlugin } from 'kysely';
import { runPurge } from '../../jobs/purge-sources';
import { silentLogger } from '../../src/runtime/logger';
import { openSqlite } from '../../src/runtime/node/open-sqlite';

const [dbPath, killAtArg] = process.argv.slice(2);
const killAt = Number(killAtArg);
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

const { db } = openSqlite(dbPath!);
const deps = {
  db: db.withPlugin(killer),
  fetch: () => Promise.reject(new Error('the purge sends no request')),
  log: silentLogger,
  settings: { publicUrl: null, credentials: {} },
};
const report = await runPurge(deps, Date.UTC(2026, 10, 30, 12, 0, 0));
process.stdout.write(JSON.stringify({ statements, report }) + '\n');
await db.destroy();
