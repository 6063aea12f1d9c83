import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { backupDatabase } from '../../src/runtime/node/backup-database';
import { openSqlite } from '../../src/runtime/node/open-sqlite';
import { restoreDatabase } from '../../src/runtime/node/restore-database';
import { migrateToLatest } from '../../src/storage/migrate';
import { createTopic } from '../../src/storage/topic-store';
import { topicNamesIn } from '../support/topic-names-in';

const T0 = Date.UTC(2026, 10, 30, 12);

// The one rename a test cannot make fail for real: the checked copy onto the live name, after the live
// database was set aside in the same folder (a full disk, a file system that refuses it).
const renames = vi.hoisted(() => ({ failOnto: null as string | null }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const renameSync: typeof fs.renameSync = (from, to) => {
    if (renames.failOnto !== null && String(to) === renames.failOnto && String(from).endsWith('.restoring')) {
      throw Object.assign(new Error('EIO: i/o error, rename (simulated)'), { code: 'EIO' });
    }
    fs.renameSync(from, to);
  };
  return { ...fs, renameSync, default: { ...fs, renameSync } };
});

describe('restoreDatabase when the last rename fails', () => {
  it('puts the database it set aside back where it was, and leaves nothing else behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'earshot-restore-fail-'));
    const live = join(dir, 'data', 'earshot.db');
    const opened = openSqlite(live);
    await migrateToLatest(opened.db, T0);
    await createTopic(opened.db, { name: 'FundSpark', query: 'fundspark' }, T0);
    const backup = join(dir, 'earshot-backup.db');
    await backupDatabase(live, backup);
    await createTopic(opened.db, { name: 'Acme', query: 'acme' }, T0);
    await opened.db.destroy();

    renames.failOnto = live;
    try {
      await expect(restoreDatabase(backup, live, T0)).rejects.toThrow('EIO: i/o error, rename (simulated)');
    } finally {
      renames.failOnto = null;
    }
    // The live database is the one it was, with the change the backup does not hold; no copy, no set-aside file.
    expect(readdirSync(join(dir, 'data'))).toEqual(['earshot.db']);
    expect(topicNamesIn(live)).toEqual(['FundSpark', 'Acme']);
  });
});
