import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/runtime/node/open-sqlite';
import { migrateToLatest } from '../../src/storage/migrate';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('openSqlite', () => {
  it('makes a new database and its folder its user\'s alone, the WAL files too (they hold webhook secrets)', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'earshot-open-')), 'data');
    const path = join(dir, 'earshot.db');
    const { db } = openSqlite(path);
    await migrateToLatest(db, Date.UTC(2026, 10, 30));
    expect([mode(dir), mode(path), mode(`${path}-wal`), mode(`${path}-shm`)]).toEqual([0o700, 0o600, 0o600, 0o600]);
    await db.destroy();
  });

  it("leaves an existing database's mode as the operator set it", async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'earshot-open-')), 'shared.db');
    writeFileSync(path, '');
    chmodSync(path, 0o640);
    const { db } = openSqlite(path);
    await migrateToLatest(db, Date.UTC(2026, 10, 30));
    expect(mode(path)).toBe(0o640);
    await db.destroy();
  });
});
