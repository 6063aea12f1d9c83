// On Node, what migrates the database (`earshot migrate`, `restore`, and the start of serve, jobs and replay) also
// recounts what a migration left pending: 0014's repaired story counts are right when it returns.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildNodeDeps } from '../../src/runtime/node/build-node-deps';
import { run as migrateCommand } from '../../src/runtime/node/commands/migrate-command';
import { loadNodeConfig } from '../../src/runtime/node/load-node-config';
import { openSqlite } from '../../src/runtime/node/open-sqlite';
import { restoreDatabase } from '../../src/runtime/node/restore-database';
import { createJsonLogger } from '../../src/runtime/logger';
import { runCommand } from '../support/run-command';
import { DAMAGE_T0, openBefore0014, readBucketCounts, repairedBucketCounts, seedStoryCountDamage } from '../support/story-count-damage';

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('migrating a database whose story counts 0014 repairs, on Node', () => {
  it.each([
    {
      name: '`earshot migrate`',
      migrate: async (path: string) => {
        const { code, out, err } = await runCommand(migrateCommand, [], { env: { EARSHOT_DB: path } });
        expect({ code, err }).toEqual({ code: 0, err: '' });
        expect(out).toBe('applied: 0014-repair-story-counts\nstory counts recounted for topics: 1\n');
        const { db } = openSqlite(path);
        try {
          return await readBucketCounts(db);
        } finally {
          await db.destroy();
        }
      },
    },
    {
      name: 'the start of serve, jobs and replay',
      migrate: async (path: string) => {
        const lines: string[] = [];
        const runtime = await buildNodeDeps(loadNodeConfig({ EARSHOT_DB: path }), DAMAGE_T0, { log: createJsonLogger((line) => lines.push(line)) });
        expect(lines.map((line) => JSON.parse(line) as { message: string; topicIds?: number[] })).toContainEqual(expect.objectContaining({ message: 'story counts recounted', topicIds: [1] }));
        try {
          return await readBucketCounts(runtime.deps.db);
        } finally {
          await runtime.close();
        }
      },
    },
    {
      name: '`earshot restore` of a backup taken before 0014',
      migrate: async (backup: string) => {
        const live = join(dirname(backup), 'live.db');
        expect((await restoreDatabase(backup, live, DAMAGE_T0)).migrated).toContain('0014-repair-story-counts');
        const { db } = openSqlite(live);
        try {
          return await readBucketCounts(db);
        } finally {
          await db.destroy();
        }
      },
    },
  ])('has them right when $name returns, before any crawl', async ({ migrate }) => {
    const dir = mkdtempSync(join(tmpdir(), 'earshot-migrate-'));
    folders.push(dir);
    const path = join(dir, 'earshot.db');
    const damaged = await openBefore0014(path);
    const damage = await seedStoryCountDamage(damaged);
    await damaged.destroy();
    expect(await migrate(path)).toEqual(repairedBucketCounts(damage));
  });
});
