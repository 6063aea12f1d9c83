// The backup's copy and its check, in a worker thread. The daily backup runs inside the server, and
// on its thread it held everything else up: the check (integrity_check, counts) is one synchronous
// SQLite call through the whole file, about 2 s a gigabyte with the file in the page cache, and the
// copy's writes stall for hundreds of milliseconds at a time when the kernel throttles a process that
// dirties pages faster than the disk takes them. Meanwhile the server would answer no request, crawl
// nothing and deliver no alert (bench/backup: the thread's longest stall, 353 MB, before and after).
import { closeSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export type CopyOutcome =
  | { failed: 'copy' | 'read-back'; error: string }
  /** integrity: 'ok', or SQLite's first complaints (a damaged file can have thousands). */
  | { failed: null; integrity: string; topics: number; mentions: number; alerts: number };

// Plain CommonJS, run with `eval`: a worker needs JavaScript it can load as it stands, and this is the
// same under tsx, vitest and the CLI's esbuild bundle (a separate .ts worker file would need a loader
// in each). better-sqlite3 is passed in as the path the main thread resolved. Errors are sent as
// text: better-sqlite3's lose their message crossing threads.
const COPY_IN_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const message = (error) => String((error && error.message) || error);

async function copy() {
  const source = new Database(workerData.from, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    // All pages in one step, one read of one snapshot: SQLite starts a backup over when another
    // connection writes between its steps, and copied 100 pages a step (better-sqlite3's default) it
    // never finished while the server wrote every few milliseconds. In WAL mode the read blocks no
    // writer, and this thread is not the server's.
    await source.backup(workerData.to, { progress: () => 0x7fffffff });
    // The copy holds webhook signing secrets and every stored mention: its owner's alone.
    require('node:fs').chmodSync(workerData.to, 0o600);
  } finally {
    source.close();
  }
}

function integrityOf(copy) {
  try {
    return copy.pragma('integrity_check(10)').map((row) => row.integrity_check).join('\\\\n');
  } catch (error) {
    // Damage can stop the check itself part way ("database disk image is malformed").
    return message(error);
  }
}

function check() {
  const copy = new Database(workerData.to, { fileMustExist: true });
  try {
    // The copy carries the source's WAL mode, so reading it would leave -wal and -shm files beside it:
    // in rollback mode it is one self-contained file (Earshot turns WAL back on when it opens it).
    copy.pragma('journal_mode = DELETE');
    const integrity = integrityOf(copy);
    // A table that is not there counts 0: restore reads a file that may not be Earshot's, and says so itself.
    const has = (table) => copy.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
    const count = (table) => (integrity === 'ok' && has(table) ? copy.prepare('SELECT count(*) AS n FROM ' + table).get().n : 0);
    return { failed: null, integrity, topics: count('topics'), mentions: count('mentions'), alerts: count('alerts') };
  } catch (error) {
    return { failed: 'read-back', error: message(error) };
  } finally {
    copy.close();
  }
}

copy().then(
  () => parentPort.postMessage(check()),
  (error) => parentPort.postMessage({ failed: 'copy', error: message(error) }),
);
`;

const driver = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * Makes the empty file a copy is then written into (never an existing one), its owner's alone before
 * SQLite writes the first secret into it: SQLite would create it with the umask's mode (0644), readable
 * by everyone until the chmod after the copy, and left so by a process killed meanwhile. The journal
 * SQLite adds beside it takes its mode.
 */
export function createCopyTarget(path: string): void {
  closeSync(openSync(path, 'wx', 0o600));
}

/** Copies the database at `from` to `to` (SQLite's online backup) and reads the copy back, off the calling thread. */
export function copyDatabaseInWorker(from: string, to: string): Promise<CopyOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(COPY_IN_WORKER, { eval: true, workerData: { from, to, driver } });
    let outcome: CopyOutcome | null = null;
    worker.once('message', (message: CopyOutcome) => {
      outcome = message;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (outcome === null) reject(new Error(`the backup's worker stopped (exit code ${code}) before it answered`));
      else resolve(outcome.failed === null ? { ...outcome, integrity: summarizeIntegrity(outcome.integrity) } : outcome);
    });
  });
}

/** SQLite lists damaged pages one by one; an error message names the first two and counts the rest. */
function summarizeIntegrity(report: string): string {
  if (report === 'ok') return report;
  const problems = report.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('*** in database'));
  const rest = problems.length - 2;
  return problems.slice(0, 2).join('; ') + (rest > 0 ? `; and ${rest} more` : '');
}
