/**
 * Part of the storage contract (storage-contract.ts runs it on better-sqlite3 and on D1 in workerd): the
 * re-score job reads a topic's links only until its mentions are re-scored to its last overrides change,
 * and no change, crawl or link coming between its statements leaves a mention scored with old overrides.
 */
import { describe, expect, it } from 'vitest';
import { runRescore } from '../../jobs/rescore';
import type { SentimentLabel } from '../../src/domain/mention';
import { SCORER_VERSION } from '../../src/scoring/score-sentiment';
import type { Db } from '../../src/storage/database';
import { insertMentions, type ScoredDraft } from '../../src/storage/mention-store';
import { getMentionSentiment, saveManualLabel, saveTopicOverrides } from '../../src/storage/sentiment-store';
import { createSource } from '../../src/storage/source-store';
import { createTopic } from '../../src/storage/topic-store';
import { recordingStatements, type StatementHook } from '../support/statements-sent';
import { createTestDeps } from '../support/test-deps';
import type { StorageHarness } from './storage-contract';

const T0 = Date.UTC(2026, 11, 3, 9, 0);
const GAMES = 6;
/** 'killer' is negative to the scorer; a game studio's overrides make it praise, then nothing. */
const PRAISE = { killer: 3 };
const NEUTRAL = { killer: 0 };
/** Hundreds of statements, each a round trip to workerd through wrangler's proxy on D1: a bound for a hang, not a timing. */
const TIMEOUT_MS = 90_000;

/** A mention as the crawl stores it: scored by this scorer version, at `fetchedAt`. */
function stored(key: string, text: string, topicIds: number[], label: SentimentLabel): ScoredDraft {
  return {
    draft: { dedupKey: key, url: null, author: null, title: null, text, publishedAt: T0 },
    sentiment: { score: label === 'negative' ? -0.6 : label === 'positive' ? 0.6 : 0, label, explanation: [], version: SCORER_VERSION },
    topicIds,
  };
}

async function seed(db: Db) {
  const games = (await createTopic(db, { name: 'Games', query: 'game' }, T0))!.id;
  const banks = (await createTopic(db, { name: 'Banks', query: 'bank' }, T0))!.id;
  const source = (await createSource(db, { kind: 'rss', url: 'https://feeds.example/games' }, T0))!.id;
  const items = Array.from({ length: GAMES }, (_, i) => stored(`game-${i}`, `This game ${i} is killer`, [games], 'negative'));
  await insertMentions(db, source, [...items, stored('bank', 'This bank is killer', [banks], 'negative')], T0);
  const ids = (await db.selectFrom('mentions').select(['id', 'dedup_key']).orderBy('id').execute());
  const gameIds = ids.filter((r) => r.dedup_key.startsWith('game-')).map((r) => r.id);
  const bankId = ids.find((r) => r.dedup_key === 'bank')!.id;
  return { games, banks, source, gameIds, bankId };
}

async function labelsOf(db: Db, ids: number[]): Promise<Array<SentimentLabel | undefined>> {
  return Promise.all(ids.map(async (id) => (await getMentionSentiment(db, id))?.label));
}

/** Re-score runs until one says no more is waiting; how many mentions they re-scored. */
async function rescoreAll(db: Db, now: number, limit = 4): Promise<number> {
  const deps = await createTestDeps({ db });
  let rescored = 0;
  for (let run = 0; run < 20; run += 1) {
    const report = await runRescore(deps, now, { limit });
    rescored += report.rescored;
    if (!report.more) return rescored;
  }
  throw new Error('the re-score did not finish');
}

/** One re-score run through a recording connection: what it re-scored, and whether any of its statements read links. */
async function rescoreOnce(db: Db, now: number, hook?: StatementHook): Promise<{ rescored: number; readLinks: boolean }> {
  const recording = recordingStatements(db, hook);
  const report = await runRescore(await createTestDeps({ db: recording.db }), now);
  return { rescored: report.rescored, readLinks: recording.sent().some((text) => /mention_topics/.test(text) && !isPendingRecountLookup(text)) };
}

/**
 * Every run asks for buckets waiting for a recount (recountPendingBuckets): that reads only uncounted
 * links, through mention_topics_uncounted, none on a database with nothing pending, so it is not the
 * scan of a topic's links these tests are about.
 */
function isPendingRecountLookup(text: string): boolean {
  return /from "mention_topics" where "counted" < \?/.test(text);
}

export function describeOverridesRescoreContract(harness: StorageHarness): void {
  describe("re-scoring after a topic's lexicon overrides changed", { timeout: TIMEOUT_MS }, () => {
    it('reads its links only until its mentions are re-scored to the last change, and again after the next', async () => {
      const db = await harness.openEmpty();
      const { games, gameIds, bankId } = await seed(db);
      // Nothing changed yet: no topic is looked into.
      expect(await rescoreOnce(db, T0 + 500)).toEqual({ rescored: 0, readLinks: false });

      // A manual label wins and does not hold the topic back.
      await saveManualLabel(db, gameIds[0]!, 'negative', T0 + 600);
      await saveTopicOverrides(db, games, PRAISE, T0 + 1000);
      expect(await rescoreAll(db, T0 + 2000)).toBe(GAMES);
      expect(await labelsOf(db, gameIds)).toEqual(['negative', ...Array<SentimentLabel>(GAMES - 1).fill('positive')]);
      expect(await getMentionSentiment(db, gameIds[0]!)).toMatchObject({ manualLabel: 'negative', scorerLabel: 'positive' });
      expect(await labelsOf(db, [bankId])).toEqual(['negative']);
      // Caught up: a run reads none of its links, however many later runs there are.
      expect(await rescoreOnce(db, T0 + 3000)).toEqual({ rescored: 0, readLinks: false });
      expect(await rescoreOnce(db, T0 + 4000)).toEqual({ rescored: 0, readLinks: false });

      await saveTopicOverrides(db, games, NEUTRAL, T0 + 5000);
      expect(await rescoreAll(db, T0 + 6000)).toBe(GAMES);
      expect(await labelsOf(db, gameIds.slice(1))).toEqual(Array<SentimentLabel>(GAMES - 1).fill('neutral'));
      expect(await rescoreOnce(db, T0 + 7000)).toEqual({ rescored: 0, readLinks: false });
    });

    it.each([
      { name: 'it lists the topics to look into', after: /overrides_rescored_at != overrides_updated_at/ },
      { name: 'it lists their stale mentions', after: /from "mentions" as "m" inner join "mention_topics"/ },
      { name: 'it loads the overrides to score with', after: /select "id", "lexicon_overrides" from "topics"/ },
    ])('leaves no mention scored with old overrides when they change after $name', async ({ after }) => {
      const db = await harness.openEmpty();
      const { games, gameIds } = await seed(db);
      await saveTopicOverrides(db, games, PRAISE, T0 + 1000);
      let changed = false;
      const change = async () => {
        changed = true;
        await saveTopicOverrides(db, games, NEUTRAL, T0 + 2500);
      };
      expect((await rescoreOnce(db, T0 + 2000, { after, run: change })).rescored).toBe(GAMES);
      expect(changed).toBe(true);
      await rescoreAll(db, T0 + 3000);
      expect(await labelsOf(db, gameIds)).toEqual(Array<SentimentLabel>(GAMES).fill('neutral'));
      expect(await rescoreOnce(db, T0 + 4000)).toEqual({ rescored: 0, readLinks: false });
    });

    it('re-scores a mention a crawl scored with overrides loaded before their change and stored after the topic was caught up', async () => {
      const db = await harness.openEmpty();
      const { games, source } = await seed(db);
      await saveTopicOverrides(db, games, PRAISE, T0 + 1000);
      await rescoreAll(db, T0 + 2000);
      // The crawl took its time and loaded the overrides at T0 + 2500; they changed at T0 + 3000 and a re-score caught up.
      await saveTopicOverrides(db, games, NEUTRAL, T0 + 3000);
      await rescoreAll(db, T0 + 4000);
      await insertMentions(db, source, [stored('late', 'This late game is killer', [games], 'positive')], T0 + 2500);
      const late = (await db.selectFrom('mentions').select('id').where('dedup_key', '=', 'late').executeTakeFirstOrThrow()).id;
      expect((await rescoreOnce(db, T0 + 5000)).rescored).toBe(1);
      expect(await labelsOf(db, [late])).toEqual(['neutral']);
      expect(await rescoreOnce(db, T0 + 6000)).toEqual({ rescored: 0, readLinks: false });
    });

    it('re-scores a mention a crawl with overrides loaded before their change stores between the scan and the marking', async () => {
      const db = await harness.openEmpty();
      const { games, source } = await seed(db);
      await saveTopicOverrides(db, games, PRAISE, T0 + 1000);
      const crawl = () => insertMentions(db, source, [stored('late', 'This late game is killer', [games], 'negative')], T0 + 500).then(() => undefined);
      expect((await rescoreOnce(db, T0 + 2000, { after: /from "mentions" as "m" inner join "mention_topics"/, run: crawl })).rescored).toBe(GAMES);
      const late = (await db.selectFrom('mentions').select('id').where('dedup_key', '=', 'late').executeTakeFirstOrThrow()).id;
      expect((await rescoreOnce(db, T0 + 3000)).rescored).toBe(1);
      expect(await labelsOf(db, [late])).toEqual(['positive']);
      expect(await rescoreOnce(db, T0 + 4000)).toEqual({ rescored: 0, readLinks: false });
    });

    it('re-scores a mention stored before, linked to a caught-up topic only now, with the overrides it changed since', async () => {
      const db = await harness.openEmpty();
      const { games, banks, source, bankId } = await seed(db);
      await saveTopicOverrides(db, games, PRAISE, T0 + 1000);
      await rescoreAll(db, T0 + 2000);
      // Its feed lists the post again, and it now matches games too.
      await insertMentions(db, source, [stored('bank', 'This bank is killer', [banks, games], 'negative')], T0 + 3000);
      expect((await rescoreOnce(db, T0 + 4000)).rescored).toBe(1);
      expect(await labelsOf(db, [bankId])).toEqual(['positive']);
      expect(await rescoreOnce(db, T0 + 5000)).toEqual({ rescored: 0, readLinks: false });
    });

    it('re-scores a mention stored after the overrides changed, linked to their topic only when listed again', async () => {
      const db = await harness.openEmpty();
      const { games, banks, source } = await seed(db);
      await saveTopicOverrides(db, games, PRAISE, T0 + 1000);
      await rescoreAll(db, T0 + 2000);
      // Stored once the overrides were in place, scored without them: games did not match it then.
      await insertMentions(db, source, [stored('arcade', 'This arcade bank is killer', [banks], 'negative')], T0 + 3000);
      const arcade = (await db.selectFrom('mentions').select('id').where('dedup_key', '=', 'arcade').executeTakeFirstOrThrow()).id;
      expect(await rescoreAll(db, T0 + 4000)).toBe(0);
      // Its feed lists it again, and the games topic's query now matches it.
      await insertMentions(db, source, [stored('arcade', 'This arcade bank is killer', [banks, games], 'negative')], T0 + 5000);
      expect(await rescoreAll(db, T0 + 6000)).toBe(1);
      expect(await labelsOf(db, [arcade])).toEqual(['positive']);
      // Listed a third time, linked to nothing new: nothing to re-score.
      await insertMentions(db, source, [stored('arcade', 'This arcade bank is killer', [banks, games], 'negative')], T0 + 7000);
      expect(await rescoreAll(db, T0 + 8000)).toBe(0);
    });

    it('leaves a mention linked to a new topic without overrides as it was scored', async () => {
      const db = await harness.openEmpty();
      const { banks, source, bankId } = await seed(db);
      await insertMentions(db, source, [stored('bank', 'This bank is killer', [banks], 'negative')], T0 + 1000);
      const plain = (await createTopic(db, { name: 'Plain', query: 'killer' }, T0 + 2000))!.id;
      await insertMentions(db, source, [stored('bank', 'This bank is killer', [banks, plain], 'negative')], T0 + 3000);
      expect(await rescoreAll(db, T0 + 4000)).toBe(0);
      expect(await labelsOf(db, [bankId])).toEqual(['negative']);
    });
  });
}
