import type { AlertEventType } from '../domain/alert';
import type { Db } from './database';

/** A topic whose alert events are not sent until `mutedUntil` (null = until unmuted). Alerts still open and show in the API. */
export interface TopicMute {
  topicId: number;
  mutedUntil: number | null;
  reason: string | null;
  createdAt: number;
}

export async function muteTopic(db: Db, input: { topicId: number; mutedUntil: number | null; reason?: string | null }, now: number): Promise<TopicMute> {
  const values = { topic_id: input.topicId, muted_until: input.mutedUntil, reason: input.reason ?? null, created_at: now };
  await db
    .insertInto('topic_mutes')
    .values(values)
    .onConflict((oc) => oc.column('topic_id').doUpdateSet({ muted_until: values.muted_until, reason: values.reason, created_at: now }))
    .execute();
  return { topicId: input.topicId, mutedUntil: input.mutedUntil, reason: values.reason, createdAt: now };
}

export async function unmuteTopic(db: Db, topicId: number): Promise<boolean> {
  const result = await db.deleteFrom('topic_mutes').where('topic_id', '=', topicId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function getTopicMute(db: Db, topicId: number): Promise<TopicMute | undefined> {
  const row = await db.selectFrom('topic_mutes').selectAll().where('topic_id', '=', topicId).executeTakeFirst();
  return row ? { topicId: row.topic_id, mutedUntil: row.muted_until, reason: row.reason, createdAt: row.created_at } : undefined;
}

/** A mute whose time has passed is simply over; nothing needs to delete it. */
export function isMuteActive(mute: TopicMute | undefined, now: number): boolean {
  return mute !== undefined && (mute.mutedUntil === null || mute.mutedUntil > now);
}

/**
 * Whether the topic's mute holds back an event of this type now. A mute with an end time is a snooze
 * ("I have seen it, tell me if it gets worse"): it holds every event but an escalation, the rule that
 * snoozed alerts notify again only when they escalate. A mute until unmuted holds everything.
 */
export function isHeldByMute(mute: TopicMute | undefined, type: AlertEventType, now: number): boolean {
  if (!isMuteActive(mute, now)) return false;
  return !(type === 'alert.escalated' && mute?.mutedUntil !== null);
}
