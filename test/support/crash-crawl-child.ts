// Test helper, run as a child process: one crawl against a real SQLite file that SIGKILLs itself right
// before its N-th database statement, the way a power cut or an OOM kill would stop it.
import type { KyselyPlugin } from 'kysely';
import { runCrawl } from '../../jobs/crawl';
import { silentLogger } from '../../src/runtime/logger';
import { createNodeSafeFetch } from '../../src/runtime/node/node-safe-fetch';
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
  fetch: createNodeSafeFetch({ allowPrivate: true }),
  log: silentLogger,
  settings: { publicUrl: null, credentials: {} },
};
const report = await runCrawl(deps, Date.UTC(2026, 10, 30, 12, 0, 0), { force: true });
process.stdout.write(JSON.stringify({ statements, report }) + '\n');
await db.destroy();
