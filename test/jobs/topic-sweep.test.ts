import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPurge } from '../../jobs/purge-sources';
import type { Deps } from '../../src/runtime/deps';
import { silentLogger } from '../../src/runtime/logger';
import { openSqlite } from '../../src/runtime/node/open-sqlite';
import { runWorkerTick, type Meters } from '../../src/runtime/worker/run-worker-tick';
import { paidPlanBudget } from '../../src/runtime/worker/worker-budget';
import type { Db } from '../../src/storage/database';
import { recordMentionSweep } from '../../src/storage/mention-sweep-store';
import { migrateToLatest } from '../../src/storage/migrate';
import { deleteTopic } from '../../src/storage/topic-purge-store';
import { recountEveryBucket, snapshotPurgeState, type PurgeSnapshot } from '../support/purge-scenario';
import { countUnlinkedMentions, expectedAfterTopicDeletion, findStrayRepeats, seedTopicDeletionScenario, TOPIC_T0, type TopicDeletionScenario } from '../support/topic-deletion-scenario';
import { createTestDeps } from '../support/test-deps';

const LATER = TOPIC_T0 + 4 * 3_600_000;
const meters = (): Meters => ({ queries: { statements: 0 }, subrequests: { count: 0 } });
const deps = (db: Db): Deps => ({ db, log: silentLogger, fetch: () => Promise.reject(new Error('no network')), settings: { publicUrl: null, credentials: {} } });

/** A database file and every SQL statement sent through it (better-sqlite3 prepares each one it runs). */
function openRecorded(path: string): { db: Db; statements: string[] } {
  const { db, raw } = openSqlite(path);
  const statements: string[] = [];
  const prepare = raw.prepare.bind(raw);
  raw.prepare = ((source: string) => {
    statements.push(source);
    return prepare(source);
  }) as typeof raw.prepare;
  return { db, statements };
}

const dir = mkdtempSync(join(tmpdir(), 'earshot-topic-sweep-'));
/** acme deleted (its row gone, its sweep recorded) and nothing swept yet: more mention ids than one sweep window. */
const template = join(dir, 'template.db');
let scenario: TopicDeletionScenario;
let before: PurgeSnapshot;
let reference: PurgeSnapshot;
let fullRunStatements = 0;

beforeAll(async () => {
  const { db } = openSqlite(template);
  await migrateToLatest(db, 0);
  scenario = await seedTopicDeletionScenario(db, { unshared: 1500 });
  before = await snapshotPurgeState(db);
  expect(await deleteTopic(db, scenario.acme, LATER, { left: Infinity })).toEqual({ kind: 'deleted' });
  await db.destroy();
  const path = join(dir, 'uninterrupted.db');
  copyFileSync(template, path);
  const run = openRecorded(path);
  expect(await runPurge(deps(run.db), LATER)).toMatchObject({ topicsSwept: [scenario.acme], more: false });
  fullRunStatements = run.statements.length;
  reference = await snapshotPurgeState(run.db);
  await run.db.destroy();
}, 60_000);

describe("the purge job's sweep of a deleted topic", () => {
  it('leaves exactly the mentions another topic links, with their links, and the other buckets as they were', async () => {
    expect(reference).toEqual(expectedAfterTopicDeletion(before, scenario.acme, [scenario.own]));
    expect(fullRunStatements).toBeGreaterThan(20);
  });

  // The budget runs out before each statement of the run in turn; the next run, with a budget to spare, finishes.
  it('stopped by its budget at any point, is finished by the next run with the same result', async () => {
    for (let budget = 0; budget <= fullRunStatements; budget += 1) {
      const path = join(dir, `budget-${budget}.db`);
      copyFileSync(template, path);
      const { db } = openSqlite(path);
      const first = await runPurge(deps(db), LATER, { statementBudget: budget });
      expect({ budget, more: first.more }).toEqual({ budget, more: budget < fullRunStatements });
      // Wherever it stopped, no link repeats a story through a missing mention, and the buckets are a fresh recount.
      expect(await findStrayRepeats(db)).toEqual([]);
      const stopped = await snapshotPurgeState(db);
      expect(await recountEveryBucket(db)).toEqual(stopped.buckets);
      expect(await runPurge(deps(db), LATER)).toMatchObject({ more: false });
      expect({ budget, ...(await snapshotPurgeState(db)) }).toEqual({ budget, ...reference });
      expect(await db.selectFrom('mention_sweeps').selectAll().execute()).toEqual([]);
      await db.destroy();
    }
  }, 120_000);

  it("finishes a sweep bigger than one Worker tick's budget over several ticks", async () => {
    const testDeps = await createTestDeps();
    const { acme, own } = await seedTopicDeletionScenario(testDeps.db, { unshared: 3000 });
    // Nothing to crawl: only the purge step has work.
    await testDeps.db.updateTable('sources').set({ enabled: 0 }).execute();
    const seeded = await snapshotPurgeState(testDeps.db);
    const expected = expectedAfterTopicDeletion(seeded, acme, [own]);
    await deleteTopic(testDeps.db, acme, LATER, { left: Infinity });
    const budget = { ...paidPlanBudget, purgeStatements: 15 };
    const reports = [];
    for (let tick = 0; tick < 30; tick += 1) {
      const report = await runWorkerTick(testDeps, LATER + tick * 60_000, budget, meters());
      reports.push(report.purge!);
      if (!report.purge!.more) break;
    }
    expect(reports.length).toBeGreaterThan(3);
    expect(reports.slice(0, -1).every((r) => r.more && r.topicsSwept.length === 0)).toBe(true);
    expect(reports.at(-1)).toMatchObject({ more: false, topicsSwept: [acme] });
    // The two mentions of acme's own source went with it (its purge, within deleteTopic); the sweep removed the rest.
    expect(reports.reduce((n, r) => n + r.unlinkedRemoved, 0)).toBe(seeded.mentions.length - expected.mentions.length - 2);
    expect(await countUnlinkedMentions(testDeps.db)).toBe(0);
    // The tick's rescore step re-scores the test's stale sentiment, so the buckets are checked against a recount.
    const { buckets, ...rest } = await snapshotPurgeState(testDeps.db);
    expect(rest).toEqual({ sources: expected.sources, mentions: expected.mentions, links: expected.links });
    expect(await recountEveryBucket(testDeps.db)).toEqual(buckets);
  });

  it.each<[string, (db: Db, s: TopicDeletionScenario) => Promise<void>]>([
    ['no topic was ever deleted', async () => {}],
    ['a deleted topic was swept already', async (db, s) => {
      await deleteTopic(db, s.acme, LATER, { left: Infinity });
      expect(await runPurge(deps(db), LATER)).toMatchObject({ topicsSwept: [s.acme], more: false });
    }],
    ['a DELETE stopped before the topic row went (its sweep waits for it)', async (db, s) => {
      await recordMentionSweep(db, s.acme, LATER);
    }],
  ])('reads no mention when %s: three look-ups (sources, topics, sweeps), within a three-statement budget', async (_, setUp) => {
    const path = join(dir, `idle-${Math.random().toString(36).slice(2)}.db`);
    const { db } = openSqlite(path);
    await migrateToLatest(db, 0);
    const s = await seedTopicDeletionScenario(db);
    await setUp(db, s);
    await db.destroy();
    const run = openRecorded(path);
    expect(await runPurge(deps(run.db), LATER, { statementBudget: 3 })).toEqual({ removed: 0, sourcesDeleted: [], topicsDeleted: [], unlinkedRemoved: 0, topicsSwept: [], more: false });
    expect(run.statements).toHaveLength(3);
    expect(run.statements.filter((statement) => /\bmentions\b/.test(statement))).toEqual([]);
    await run.db.destroy();
  });
});
