// `npm run bench:backup`: how long the server's thread stands still while the daily backup runs.
// A database of BENCH_MENTIONS mentions (default 500,000, about 400 MB: a year of a busy topic) is
// backed up by backupDatabase, with a 5-ms timer on the main thread recording the longest gap between
// its ticks: the longest time the server would have answered no request and run no job. Baseline, in
// the same run: the copy and its read-back on the main thread, as Earshot did before (better-sqlite3's
// stepwise backup, then journal mode, integrity_check and counts: one synchronous call through the file).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { backupDatabase } from '../../src/runtime/node/backup-database';
import { openSqlite } from '../../src/runtime/node/open-sqlite';
import { migrateToLatest } from '../../src/storage/migrate';

const MENTIONS = Number(process.env.BENCH_MENTIONS ?? 500_000);
const T0 = Date.UTC(2026, 0, 5);

async function buildDatabase(path: string): Promise<void> {
  const opened = openSqlite(path);
  await migrateToLatest(opened.db, T0);
  const raw = opened.raw;
  raw.prepare("INSERT INTO topics (name, query, created_at, updated_at) VALUES ('FundSpark', 'fundspark', ?, ?)").run(T0, T0);
  raw.prepare("INSERT INTO sources (kind, url, name, created_at, updated_at) VALUES ('rss', 'https://blog.example/feed', 'Blog', ?, ?)").run(T0, T0);
  const mention = raw.prepare(
    `INSERT INTO mentions (source_id, dedup_key, url, author, title, text, published_at, fetched_at, bucket_at, sentiment_score, sentiment_label, sentiment_version)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'bench')`,
  );
  const link = raw.prepare('INSERT INTO mention_topics (mention_id, topic_id, bucket_at, counted) VALUES (?, 1, ?, 1)');
  const body = 'FundSpark took my pledge and the project never shipped; support has not answered in three weeks. '.repeat(4);
  raw.transaction(() => {
    for (let i = 0; i < MENTIONS; i++) {
      const at = T0 + i * 60_000;
      const bucket = at - (at % 300_000);
      const id = mention.run(`k${i}`, `https://blog.example/post/${i}`, `author${i % 997}`, `Post ${i}`, `${body}${i}`, at, at, bucket, -0.4, 'negative').lastInsertRowid;
      link.run(id, bucket);
    }
  })();
  await opened.db.destroy();
}

/** Runs `work` while a 5-ms timer ticks on this thread; returns the longest gap between ticks and the time taken. */
async function longestStall(work: () => Promise<unknown>): Promise<{ stallMs: number; totalMs: number }> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  const start = performance.now();
  await work();
  const totalMs = performance.now() - start;
  clearInterval(timer);
  longest = Math.max(longest, performance.now() - last);
  return { stallMs: longest, totalMs };
}

/** What Earshot did before: the read-back on the calling thread. */
function readBackOnThisThread(path: string): void {
  const copy = new Database(path, { fileMustExist: true });
  copy.pragma('journal_mode = DELETE');
  copy.pragma('integrity_check', { simple: true });
  for (const table of ['topics', 'mentions', 'alerts']) copy.prepare(`SELECT count(*) AS n FROM ${table}`).get();
  copy.close();
}

const dir = mkdtempSync(join(tmpdir(), 'earshot-bench-backup-'));
try {
  const live = join(dir, 'earshot.db');
  await buildDatabase(live);
  // One copy first, so both measured runs find the file in the page cache alike.
  await backupDatabase(live, join(dir, 'warm.db'));
  const baselineCopy = join(dir, 'baseline.db');
  const baseline = await longestStall(async () => {
    const source = new Database(live, { fileMustExist: true });
    await source.backup(baselineCopy);
    source.close();
    readBackOnThisThread(baselineCopy);
  });
  const now = await longestStall(() => backupDatabase(live, join(dir, 'now.db')));
  const { statSync } = await import('node:fs');
  const mb = statSync(live).size / 1e6;
  console.log(`backup of a ${mb.toFixed(0)} MB database (${MENTIONS.toLocaleString('en')} mentions)\n`);
  console.log('copy and check                    longest stall of the thread   whole backup');
  console.log(`on the server's thread (baseline)  ${baseline.stallMs.toFixed(0).padStart(8)} ms               ${(baseline.totalMs / 1000).toFixed(1)} s`);
  console.log(`in a worker thread (now)          ${now.stallMs.toFixed(0).padStart(8)} ms               ${(now.totalMs / 1000).toFixed(1)} s`);
  console.log(`\nlongest stall: ${(now.stallMs / baseline.stallMs).toFixed(3)}x the baseline's`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
