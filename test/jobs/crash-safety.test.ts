import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/runtime/node/open-sqlite';
import { migrateToLatest } from '../../src/storage/migrate';
import { createSource } from '../../src/storage/source-store';
import { createTopic } from '../../src/storage/topic-store';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';

const root = new URL('../..', import.meta.url).pathname;
const ITEMS = 300;
const feed = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>big</title><link>https://big.example/</link>${Array.from(
  { length: ITEMS },
  (_, i) => `<item><title>Acme post ${i}</title><guid>post-${i}</guid><link>https://big.example/${i}</link><pubDate>${new Date(Date.UTC(2026, 10, 30, 8) + i * 37_000).toUTCString()}</pubDate><description>acme is ${i % 3 === 0 ? 'awful' : 'fine'}</description></item>`,
).join('')}</channel></rss>`;

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer({
    routes: {
      '/big.xml': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"big-v1"' });
        res.end(feed);
      },
    },
  });
});
afterAll(() => server.close());

function crawlChild(dbPath: string, killAt: number): Promise<{ killed: boolean; stdout: string }> {
  return new Promise((resolve) => {
    // --import tsx (not the tsx CLI, which runs the script in a grandchild) so the SIGKILL is this child's own.
    execFile(process.execPath, ['--import', 'tsx', 'test/support/crash-crawl-child.ts', dbPath, String(killAt)], { cwd: root, timeout: 60_000 }, (error, stdout) =>
      resolve({ killed: error?.signal === 'SIGKILL', stdout }),
    );
  });
}

async function freshDb(): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'earshot-crash-')), 'e.db');
  const { db } = openSqlite(path);
  await migrateToLatest(db, 0);
  await createTopic(db, { name: 'Acme', query: 'acme' }, 0);
  await createSource(db, { kind: 'rss', url: server.url('/big.xml') }, 0);
  await db.destroy();
  return path;
}

describe('crash safety', () => {
  // Statement numbers across the crawl: early (reading topics/sources), inside the mention inserts,
  // between a mention and its links, during the bucket recount, and at the source-state update.
  it.each([3, 5, 102, 251, 601, 650])('a crawl killed -9 before statement %i loses and doubles nothing on restart', async (killAt) => {
    const path = await freshDb();
    const crashed = await crawlChild(path, killAt);
    expect(crashed.killed).toBe(true);
    const check = new Database(path, { readonly: true });
    const etagAfterCrash = (check.prepare('select etag from sources').get() as { etag: string | null }).etag;
    const storedAfterCrash = (check.prepare('select count(*) n from mentions').get() as { n: number }).n;
    check.close();
    // The cursor never runs ahead of what is stored.
    if (storedAfterCrash < ITEMS) expect(etagAfterCrash).toBeNull();

    const restarted = await crawlChild(path, 0);
    expect(restarted.killed).toBe(false);
    const db = new Database(path, { readonly: true });
    const one = <T>(q: string) => db.prepare(q).get() as T;
    expect(one<{ n: number }>('select count(*) n from mentions').n).toBe(ITEMS);
    expect(one<{ n: number }>('select count(distinct dedup_key) n from mentions').n).toBe(ITEMS);
    expect(one<{ n: number }>('select count(*) n from mention_topics').n).toBe(ITEMS);
    expect(one<{ n: number }>('select count(*) n from mention_topics where counted = 0').n).toBe(0);
    expect(one<{ n: number }>('select sum(count) n from topic_buckets').n).toBe(ITEMS);
    expect(one<{ n: number }>('select sum(negative) n from topic_buckets').n).toBe(
      one<{ n: number }>("select count(*) n from mentions where sentiment_label = 'negative'").n,
    );
    expect(one<{ etag: string }>('select etag from sources').etag).toBe('"big-v1"');
    db.close();
    // Two child processes, each starting tsx: 6-15 s on the 2-core machine, more when it is shared.
    // The limit only catches a hang; nothing here is timed.
  }, 60_000);

  it('the child really reaches those statements when not killed', async () => {
    const path = await freshDb();
    const run = await crawlChild(path, 0);
    const { statements } = JSON.parse(run.stdout) as { statements: number };
    expect(statements).toBeGreaterThan(650);
  }, 60_000);
});
