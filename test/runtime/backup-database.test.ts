import { existsSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupDatabase, BackupError } from '../../src/runtime/node/backup-database';

/** A database whose `mentions` table reads fine but whose index on it is damaged: SQLite opens it, a backup copies it page by page, and only an integrity check finds the damage. */
function databaseWithDamagedIndex(path: string): void {
  const db = new Database(path);
  db.exec('CREATE TABLE topics (id INTEGER PRIMARY KEY); CREATE TABLE alerts (id INTEGER PRIMARY KEY); CREATE TABLE mentions (id INTEGER PRIMARY KEY, url TEXT); CREATE INDEX mentions_url ON mentions (url)');
  const insert = db.prepare('INSERT INTO mentions (url) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 2000; i++) insert.run(`https://blog.example/post/${i}`);
  })();
  const { rootpage } = db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'mentions_url'").get() as { rootpage: number };
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  // Scribble over the index's root page past its header: the table's pages stay intact.
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(pageSize - 200, 0xa5), 0, pageSize - 200, (rootpage - 1) * pageSize + 100);
  closeSync(fd);
}

describe('backupDatabase: the copy is checked before it counts', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'earshot-backup-check-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('removes a copy that fails its integrity check and says why', async () => {
    const from = join(dir, 'damaged.db');
    databaseWithDamagedIndex(from);
    const to = join(dir, 'backups', 'copy.db');
    const failure = await backupDatabase(from, to).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BackupError);
    // One line that names the damage, not SQLite's list of every damaged page.
    expect((failure as Error).message).toMatch(/^\S+copy.db failed its integrity check \([^\n]+\) and was removed$/);
    expect((failure as Error).message.length).toBeLessThan(400);
    expect(readdirSync(join(dir, 'backups'))).toEqual([]);
  });

  it('reports what a sound copy holds, in rollback-journal mode (one file, no -wal beside it)', async () => {
    const from = join(dir, 'sound.db');
    const path = join(dir, 'copy.db');
    const db = new Database(from);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE topics (id INTEGER PRIMARY KEY); CREATE TABLE alerts (id INTEGER PRIMARY KEY); CREATE TABLE mentions (id INTEGER PRIMARY KEY)');
    db.exec('INSERT INTO topics DEFAULT VALUES; INSERT INTO mentions DEFAULT VALUES; INSERT INTO mentions DEFAULT VALUES');
    db.close();
    expect(await backupDatabase(from, path)).toMatchObject({ integrity: 'ok', topics: 1, mentions: 2, alerts: 0 });
    expect(existsSync(`${path}-wal`)).toBe(false);
    const reopened = new Database(path, { readonly: true });
    expect(reopened.pragma('journal_mode', { simple: true })).toBe('delete');
    reopened.close();
  });

  // A busy server writes all the time (a crawl stores mentions and advances cursors, deliveries record
  // attempts). SQLite's online backup starts over after a write by another connection between two of
  // its steps, so a copy taken 100 pages a step never finished while writes kept coming: here one
  // every millisecond or so, on a 17 MB database. The writes' pace is not asserted: a copy taken in
  // one step finishes whatever it is.
  it('finishes while another connection keeps writing', async () => {
    const from = join(dir, 'busy.db');
    const writer = new Database(from);
    writer.pragma('journal_mode = WAL');
    writer.pragma('synchronous = OFF');
    writer.exec('CREATE TABLE topics (id INTEGER PRIMARY KEY); CREATE TABLE alerts (id INTEGER PRIMARY KEY); CREATE TABLE mentions (id INTEGER PRIMARY KEY, text TEXT)');
    const insert = writer.prepare('INSERT INTO mentions (text) VALUES (?)');
    writer.transaction(() => {
      for (let i = 0; i < 15_000; i++) insert.run(`mention ${i} `.repeat(100));
    })();
    let writes = 0;
    const writing = setInterval(() => {
      insert.run('a mention stored during the backup');
      writes += 1;
    }, 1);
    try {
      const report = await backupDatabase(from, join(dir, 'busy-copy.db'));
      expect(report).toMatchObject({ integrity: 'ok' });
      expect(report.mentions).toBeGreaterThanOrEqual(15_000);
      expect(writes).toBeGreaterThan(0);
    } finally {
      clearInterval(writing);
      writer.close();
    }
  }, 30_000);

  it('refuses a missing database with its reason, creating none and leaving no copy', async () => {
    const failure = await backupDatabase(join(dir, 'missing.db'), join(dir, 'backups', 'copy.db')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BackupError);
    expect((failure as Error).message).toMatch(/^the copy failed and was removed: .*(unable to open|does not exist)/);
    expect(readdirSync(dir).sort()).toEqual(['backups']);
    expect(readdirSync(join(dir, 'backups'))).toEqual([]);
  });
});
