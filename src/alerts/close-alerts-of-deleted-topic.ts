import type { DetectorState } from '../detection/detector-state';
import type { Alert } from '../domain/alert';
import type { Topic } from '../domain/topic';
import type { Deps } from '../runtime/deps';
import { listUnresolvedAlerts, updateAlert } from '../storage/alert-store';
import { findAlertByDetectorKey } from '../storage/detection-store';
import { loadDetectorState, saveDetectorState } from '../storage/detector-state-store';
import type { AlertResolution } from './alert-payload';
import { raiseAlertEvent, sinceReopening } from './raise-alert-event';

/** Kept in the closed alert's evidence (the payload's `alert.resolution`) and qualifying its event id. */
const TOPIC_DELETED: AlertResolution = 'topic-deleted';

/**
 * The end of a deleted topic's alerts, told to the receivers that heard them open. The topic's alerts go
 * with its row, and the detector never runs on a topic being deleted, so without this a receiver that
 * opened an incident on `alert.opened` kept it open for good. Each unresolved alert is resolved as
 * "topic-deleted" (its own event id, `..._resolved_topic-deleted`: it is never the detector's
 * resolution), and a resolution quiet hours were holding (the detector state's) is sent now, as the
 * detector would have at their end. The usual rules hold: only endpoints told of the alert hear it, an
 * acknowledged alert's end is not notified (decide-notification's table), a mute holds it.
 *
 * Safe to repeat and to stop anywhere: the event is raised before the row is marked resolved (a repeat
 * finds the row still open and raises the same event id again, which the outbox takes once), and the
 * held resolutions leave the state only once they are raised. Bounded: at most one unresolved alert per
 * kind. Returns how many alerts were closed or had their held resolution sent.
 */
export async function closeAlertsOfDeletedTopic(deps: Deps, topic: Pick<Topic, 'id' | 'name'>, now: number): Promise<number> {
  let closed = 0;
  for (const alert of await listUnresolvedAlerts(deps.db, topic.id)) {
    const ended: Alert = { ...alert, status: 'resolved', resolvedAt: now, evidence: { ...alert.evidence, resolution: TOPIC_DELETED } };
    if (alert.status !== 'acknowledged') await raiseAlertEvent(deps, ended, topic, 'alert.resolved', now, TOPIC_DELETED);
    await updateAlert(deps.db, alert.id, { status: ended.status, resolvedAt: now, evidence: ended.evidence }, now);
    deps.log.info('alert closed: its topic is being deleted', { alertId: alert.id, topicId: topic.id, kind: alert.kind });
    closed += 1;
  }
  return closed + (await sendHeldResolutions(deps, topic, now));
}

async function sendHeldResolutions(deps: Deps, topic: Pick<Topic, 'id' | 'name'>, now: number): Promise<number> {
  const state = await loadDetectorState<DetectorState>(deps.db, topic.id);
  const held = state?.heldResolutions ?? [];
  if (!state || held.length === 0) return 0;
  for (const resolution of held) {
    const alert = await findAlertByDetectorKey(deps.db, topic.id, resolution.kind, resolution.key);
    // The id the detector would have given it when quiet hours ended.
    if (alert?.status === 'resolved') await raiseAlertEvent(deps, alert, topic, 'alert.resolved', now, sinceReopening(resolution.reopenedAt));
  }
  const { heldResolutions: _sent, ...rest } = state;
  await saveDetectorState(deps.db, topic.id, rest, now);
  return held.length;
}
