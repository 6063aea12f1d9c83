import { sql } from 'kysely';
import type { Db } from './database';
import { spend, type StatementBudget } from './statement-budget';

/**
 * How much one step of a sweep takes on. window: mention ids one statement looks at, so each reads a
 * bounded stretch of the mentions table wherever the deleted topic's mentions lie. chunk: mentions one
 * statement deletes, at most. The statement finds them itself (no id list is bound), so D1's 100-parameter
 * limit does not bound the chunk. Fixed, so a run after a crash looks at the stretch the crashed run did.
 */
export interface SweepLimits {
  window: number;
  chunk: number;
}

export const SWEEP_LIMITS: SweepLimits = { window: 1000, chunk: 100 };

/** A deleted topic's sweep: the mentions with ids from nextId to lastId that no topic links are to go. */
export interface MentionSweep {
  topicId: number;
  nextId: number;
  /** Null until the first step after the topic row is gone. */
  lastId: number | null;
}

export type SweepStep = { kind: 'removed'; mentions: number } | { kind: 'done' } | { kind: 'out-of-budget' };

/**
 * Deleting a topic, step one, sent before the topic row is deleted: records a sweep from the topic's
 * lowest linked mention id (the next mention id when it has none), for the mentions that cascade leaves
 * with no link. A sweep only runs once its topic row is gone, so a crash between this and the delete
 * leaves a sweep that waits (the topic and its links are all still there) and a DELETE asked again
 * takes it over. No row when there is no such topic.
 */
export async function recordMentionSweep(db: Db, topicId: number, now: number): Promise<void> {
  await sql`
    insert into mention_sweeps (topic_id, next_id, last_id, requested_at)
    select t.id,
      coalesce((select min(mention_id) from mention_topics where topic_id = t.id), (select coalesce(max(id), 0) + 1 from mentions)),
      null, ${now}
    from topics t where t.id = ${topicId}
    on conflict (topic_id) do update set next_id = min(mention_sweeps.next_id, excluded.next_id)
  `.execute(db);
}

/** Sweeps whose topic row is gone, oldest topic first. One statement on a table that is empty unless a topic was deleted. */
export async function listMentionSweeps(db: Db, topicId?: number): Promise<MentionSweep[]> {
  let query = db
    .selectFrom('mention_sweeps')
    .select(['topic_id', 'next_id', 'last_id'])
    .where((eb) => eb.not(eb.exists(eb.selectFrom('topics').select('topics.id').whereRef('topics.id', '=', 'mention_sweeps.topic_id'))));
  if (topicId !== undefined) query = query.where('topic_id', '=', topicId);
  const rows = await query.orderBy('topic_id').execute();
  return rows.map((r) => ({ topicId: r.topic_id, nextId: r.next_id, lastId: r.last_id }));
}

/**
 * One step of a deleted topic's sweep, each a single statement (two for the first), in an order that
 * keeps every crash repairable without transactions; `sweep` follows what the step wrote.
 * a. last_id is fixed at the highest mention id there is (once: the topic row is gone by now, so every
 *    mention that was linked to it, inserted before its link, has an id at or below it);
 * b. in the window from next_id, the mentions that no link has and that no link repeats a story through
 *    are deleted, up to a chunk (the check is part of the delete, so a link written meanwhile keeps its
 *    mention); a full chunk leaves the window where it is, for the next step;
 * c. a window with less than a chunk deleted has none left: next_id moves past it (never back);
 * d. with next_id past last_id, the sweep's row goes.
 * A crash between any two leaves the row as the last finished step wrote it, and the next run goes on from it.
 */
export async function sweepStep(db: Db, sweep: MentionSweep, budget: StatementBudget, limits: SweepLimits = SWEEP_LIMITS): Promise<SweepStep> {
  if (sweep.lastId === null) {
    if (!spend(budget, 2)) return { kind: 'out-of-budget' };
    await db
      .updateTable('mention_sweeps')
      .set({ last_id: sql<number>`(select coalesce(max(id), 0) from mentions)` })
      .where('topic_id', '=', sweep.topicId)
      .where('last_id', 'is', null)
      .execute();
    const row = await db.selectFrom('mention_sweeps').select(['next_id', 'last_id']).where('topic_id', '=', sweep.topicId).executeTakeFirst();
    if (!row) return { kind: 'done' };
    sweep.nextId = Math.max(sweep.nextId, row.next_id);
    sweep.lastId = row.last_id;
    return { kind: 'removed', mentions: 0 };
  }
  if (sweep.nextId > sweep.lastId) {
    if (!spend(budget, 1)) return { kind: 'out-of-budget' };
    await db.deleteFrom('mention_sweeps').where('topic_id', '=', sweep.topicId).whereRef('next_id', '>', 'last_id').execute();
    return { kind: 'done' };
  }
  // The delete, and the move past the window should it come out short: taken together, so a run never stops between the two.
  if (!spend(budget, 2)) return { kind: 'out-of-budget' };
  const windowEnd = Math.min(sweep.lastId, sweep.nextId + limits.window - 1);
  const removed = await deleteUnlinkedMentions(db, sweep.nextId, windowEnd, limits.chunk);
  if (removed >= limits.chunk) {
    budget.left += 1;
    return { kind: 'removed', mentions: removed };
  }
  await db
    .updateTable('mention_sweeps')
    .set({ next_id: sql<number>`max(next_id, ${windowEnd + 1})` })
    .where('topic_id', '=', sweep.topicId)
    .execute();
  sweep.nextId = windowEnd + 1;
  return { kind: 'removed', mentions: removed };
}

/** As much of one sweep as the budget allows; done when its row is gone. */
export async function sweepMentions(db: Db, sweep: MentionSweep, budget: StatementBudget, limits: SweepLimits = SWEEP_LIMITS): Promise<{ removed: number; done: boolean }> {
  let removed = 0;
  for (;;) {
    const step = await sweepStep(db, sweep, budget, limits);
    if (step.kind === 'out-of-budget') return { removed, done: false };
    if (step.kind === 'done') return { removed, done: true };
    removed += step.mentions;
  }
}

/**
 * The sweep of one deleted topic, as far as the budget allows: DELETE /api/topics/:id runs it with a small
 * budget, so the mentions of a small topic go within the request; the purge job sweeps the rest.
 * True when nothing is left of it.
 */
export async function sweepDeletedTopic(db: Db, topicId: number, budget: StatementBudget): Promise<boolean> {
  if (!spend(budget, 1)) return false;
  const [sweep] = await listMentionSweeps(db, topicId);
  if (!sweep) return true;
  return (await sweepMentions(db, sweep, budget)).done;
}

/**
 * Mentions in [from, to] that nothing refers to any more, up to `chunk`, deleted in one statement: no
 * topic links them, and no link repeats a story through them. A link's duplicate_of points at a mention
 * linked to the same topic (insertMentions and the source purge only ever choose one there), so a
 * mention with no link is no story's first mention anywhere; the second check keeps that true even if
 * that rule were ever broken, rather than leave a repeat pointing at a deleted mention.
 */
async function deleteUnlinkedMentions(db: Db, from: number, to: number, chunk: number): Promise<number> {
  const result = await db
    .deleteFrom('mentions')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('mentions as m')
        .select('m.id')
        .where('m.id', '>=', from)
        .where('m.id', '<=', to)
        .where((e) => e.not(e.exists(e.selectFrom('mention_topics as l').select('l.mention_id').whereRef('l.mention_id', '=', 'm.id'))))
        .where((e) => e.not(e.exists(e.selectFrom('mention_topics as d').select('d.mention_id').whereRef('d.duplicate_of', '=', 'm.id'))))
        .orderBy('m.id')
        .limit(chunk),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
