// Test helper, run as a child process: one crawl against a real SQLite file that SIGKILLs itself right
// before its N-th database statement, the way a power cut or an OOM kill would stop it.
import { runCrawl } from '../../jobs/crawl';
import { silentLogger } from '../../src/runtime/logger';
import { createNodeSafeFetch } from '../../src/runtime/node/node-safe-fetch';
import { openDbThatDiesAt } from './kill-at-statement';

const [dbPath, killAtArg] = process.argv.slice(2);
const { db, statements } = openDbThatDiesAt(dbPath!, Number(killAtArg));
const deps = {
  db,
  fetch: createNodeSafeFetch({ allowPrivate: true }),
  log: silentLogger,
  settings: { publicUrl: null, credentials: {} },
};
const report = await runCrawl(deps, Date.UTC(2026, 10, 30, 12, 0, 0), { force: true });
process.stdout.write(JSON.stringify({ statements: statements(), report }) + '\n');
await db.destroy();
