// Test helper, run as a child process: one purge run against a real SQLite file that SIGKILLs itself
// right before its N-th database statement (0: never), as test/support/crash-crawl-child.ts does for a crawl.
import { runPurge } from '../../jobs/purge-sources';
import { silentLogger } from '../../src/runtime/logger';
import { openDbThatDiesAt } from './kill-at-statement';

const [dbPath, killAtArg] = process.argv.slice(2);
const { db, statements } = openDbThatDiesAt(dbPath!, Number(killAtArg));
const deps = {
  db,
  fetch: () => Promise.reject(new Error('the purge sends no request')),
  log: silentLogger,
  settings: { publicUrl: null, credentials: {} },
};
const report = await runPurge(deps, Date.UTC(2026, 10, 30, 12, 0, 0));
process.stdout.write(JSON.stringify({ statements: statements(), report }) + '\n');
await db.destroy();
