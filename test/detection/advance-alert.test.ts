import { describe, expect, it } from 'vitest';
import { advanceAlert, ESCALATION_HOLD_MS, type ActiveAlert, type AlertPhase, type ResolvedAlert } from '../../src/detection/advance-alert';
import type { AlertSeverity } from '../../src/domain/alert';
import type { KindSignal, SignalLevel } from '../../src/detection/score-signals';

const MIN = 60_000;
const COOLDOWN = 120 * MIN;
const T0 = 1_000_000_000_000;

const evidence = { windowMinutes: 5, windowStart: T0, windowEnd: T0 + 5 * MIN, observed: 10, expected: 1, band: { low: 0, high: 3 }, surprise: 8, share: null, partialCoverage: false };
const signal = (level: SignalLevel, severity: AlertSeverity = 'watch'): KindSignal => ({ kind: 'backlash', level, severity, evidence });
const active = (over: Partial<ActiveAlert> = {}): ActiveAlert => ({
  status: 'active', key: `backlash:${T0}`, kind: 'backlash', openedAt: T0, severity: 'watch', lastEscalatedAt: T0, lastFiringAt: T0,
  quietSince: null, shareBackAt: null, acknowledged: false, snoozedUntil: null, peak: evidence, ...over,
});
const resolved = (resolvedAt: number): ResolvedAlert => ({ status: 'resolved', key: `backlash:${T0}`, kind: 'backlash', openedAt: T0, resolvedAt, severity: 'warning', snoozedUntil: null });

// The table of advance-alert.ts, row by row.
const table: { name: string; phase: AlertPhase | null; level: SignalLevel; severity?: AlertSeverity; at: number; status: string | null; event: string | null }[] = [
  { name: 'none + firing → opened', phase: null, level: 'firing', at: T0, status: 'active', event: 'opened' },
  { name: 'none + elevated → nothing', phase: null, level: 'elevated', at: T0, status: null, event: null },
  { name: 'none + quiet → nothing', phase: null, level: 'quiet', at: T0, status: null, event: null },
  { name: 'active + firing, higher severity after the hold → escalated', phase: active(), level: 'firing', severity: 'critical', at: T0 + ESCALATION_HOLD_MS, status: 'active', event: 'escalated' },
  { name: 'active + firing, higher severity within the hold → held back', phase: active(), level: 'firing', severity: 'critical', at: T0 + ESCALATION_HOLD_MS - MIN, status: 'active', event: null },
  { name: 'active, its opening held by quiet hours + firing, higher severity within the hold → escalated', phase: active({ held: { type: 'opened', evidence } }), level: 'firing', severity: 'critical', at: T0 + MIN, status: 'active', event: 'escalated' },
  { name: 'active + firing, same severity → nothing', phase: active(), level: 'firing', severity: 'watch', at: T0 + 3 * ESCALATION_HOLD_MS, status: 'active', event: null },
  { name: 'active + firing, lower severity → nothing (never de-escalates)', phase: active({ severity: 'critical' }), level: 'firing', severity: 'watch', at: T0 + 3 * ESCALATION_HOLD_MS, status: 'active', event: null },
  { name: 'active + elevated → stays open', phase: active({ quietSince: T0 }), level: 'elevated', at: T0 + COOLDOWN, status: 'active', event: null },
  { name: 'active + quiet shorter than the cool-down → stays open', phase: active({ quietSince: T0 }), level: 'quiet', at: T0 + COOLDOWN - MIN, status: 'active', event: null },
  { name: 'active + quiet for the cool-down → resolved', phase: active({ quietSince: T0 }), level: 'quiet', at: T0 + COOLDOWN, status: 'resolved', event: 'resolved' },
  { name: 'resolved + firing within the cool-down → reopened (same alert)', phase: resolved(T0), level: 'firing', at: T0 + COOLDOWN - MIN, status: 'active', event: 'reopened' },
  { name: 'resolved + firing after the cool-down → opened (new alert)', phase: resolved(T0), level: 'firing', at: T0 + COOLDOWN, status: 'active', event: 'opened' },
  { name: 'resolved + quiet within the cool-down → kept for reopening', phase: resolved(T0), level: 'quiet', at: T0 + MIN, status: 'resolved', event: null },
  { name: 'resolved + quiet after the cool-down → forgotten', phase: resolved(T0), level: 'quiet', at: T0 + COOLDOWN, status: null, event: null },
];

describe('advanceAlert truth table', () => {
  it.each(table)('$name', ({ phase, level, severity, at, status, event }) => {
    const step = advanceAlert(phase, signal(level, severity), at, COOLDOWN);
    expect(step.phase?.status ?? null).toBe(status);
    expect(step.transition?.type ?? null).toBe(event);
  });

  it('a reopened alert keeps its key; an alert opened after the cool-down gets a new one', () => {
    expect(advanceAlert(resolved(T0), signal('firing'), T0 + MIN, COOLDOWN).transition?.alert.key).toBe(`backlash:${T0}`);
    expect(advanceAlert(resolved(T0), signal('firing'), T0 + COOLDOWN, COOLDOWN).transition?.alert.key).toBe(`backlash:${T0 + COOLDOWN}`);
  });

  it('a reopening is the same alert: it keeps its acknowledgement and says when it reopened; a new alert starts unacknowledged', () => {
    const acknowledged: ResolvedAlert = { ...resolved(T0), acknowledged: true };
    expect(advanceAlert(acknowledged, signal('firing'), T0 + MIN, COOLDOWN).transition?.alert).toMatchObject({ acknowledged: true, reopenedAt: T0 + MIN });
    expect(advanceAlert(acknowledged, signal('firing'), T0 + COOLDOWN, COOLDOWN).transition?.alert).toMatchObject({ acknowledged: false, reopenedAt: null });
    // A resolution remembers the acknowledgement, for a reopening within the cool-down.
    expect(advanceAlert(active({ quietSince: T0, acknowledged: true }), signal('quiet'), T0 + COOLDOWN, COOLDOWN).phase).toMatchObject({ status: 'resolved', acknowledged: true });
  });

  it('a resolution reports the recovery: when volume was back and how long after opening', () => {
    const step = advanceAlert(active({ quietSince: T0 + 90 * MIN }), signal('quiet'), T0 + 90 * MIN + COOLDOWN, COOLDOWN);
    expect(step.transition?.recovery).toMatchObject({ volumeBackAt: T0 + 90 * MIN, minutesToVolume: 90 });
  });

  it('a resolution reports when the share was back too, or that it was not yet', () => {
    const back = advanceAlert(active({ quietSince: T0 + 90 * MIN, shareBackAt: T0 + 100 * MIN }), signal('quiet'), T0 + 90 * MIN + COOLDOWN, COOLDOWN);
    expect(back.transition?.recovery).toEqual({ volumeBackAt: T0 + 90 * MIN, minutesToVolume: 90, shareBackAt: T0 + 100 * MIN, minutesToShare: 100 });
    // The last quiet bucket still has its negative share up (evidence share surprise 3): not back.
    const angry = { ...signal('quiet'), evidence: { ...evidence, share: { of: 'negative' as const, before: 0.2, during: 0.4, surprise: 3 } } };
    const notBack = advanceAlert(active({ quietSince: T0 + 90 * MIN }), angry, T0 + 90 * MIN + COOLDOWN, COOLDOWN);
    expect(notBack.transition?.recovery).toMatchObject({ shareBackAt: null, minutesToShare: null });
  });
});
