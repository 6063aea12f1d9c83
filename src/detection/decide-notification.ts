// Whether a lifecycle event is sent to the alert channels. The event is always recorded; this only
// decides the notification (uptime-kuma's habit: the rule is a table above the function).
//
//   event      acknowledged  snoozed  quiet hours  → notify
//   opened     –             –        no             yes
//   opened     –             –        yes            only if critical
//   escalated  any           any      no             yes      (escalation breaks through ack/snooze)
//   escalated  any           any      yes            only if critical
//   reopened   no            no       no             yes
//   reopened   yes           any      any            no       (already being handled)
//   reopened   any           yes      any            no
//   reopened   no            no       yes            only if critical
//   resolved   no            no       no             yes
//   resolved   yes or snoozed, or in quiet hours     no       (quiet hours: held, and sent when they end
//                                                           if the team heard of the alert: evaluate-topic)
import type { AlertSeverity } from '../domain/alert';
import type { LifecycleEventType } from './advance-alert';

export type NotifyDecision = { notify: true } | { notify: false; reason: 'acknowledged' | 'snoozed' | 'quiet-hours' };

export interface NotifyContext {
  type: LifecycleEventType;
  severity: AlertSeverity;
  acknowledged: boolean;
  snoozed: boolean;
  inQuietHours: boolean;
}

export function decideNotification(ctx: NotifyContext): NotifyDecision {
  const quietBlocks = ctx.inQuietHours && !(ctx.type !== 'resolved' && ctx.severity === 'critical');
  if (ctx.type === 'reopened' || ctx.type === 'resolved') {
    if (ctx.acknowledged) return { notify: false, reason: 'acknowledged' };
    if (ctx.snoozed) return { notify: false, reason: 'snoozed' };
  }
  if (quietBlocks) return { notify: false, reason: 'quiet-hours' };
  return { notify: true };
}

const DAY_MINUTES = 24 * 60;

/** Quiet hours in local clock time; `start > end` wraps midnight (22:00–07:00). */
export function isInQuietHours(at: number, quietHours: { start: string; end: string } | null, utcOffsetMinutes: number): boolean {
  if (quietHours === null) return false;
  const minute = ((Math.floor(at / 60_000 + utcOffsetMinutes) % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
  const start = minutesOf(quietHours.start);
  const end = minutesOf(quietHours.end);
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

function minutesOf(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}
