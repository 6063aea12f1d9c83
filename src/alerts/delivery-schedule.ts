import type { Delivery, DeliveryOutcome, DeliveryStatus } from '../domain/delivery';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

/** How long a failing delivery keeps being retried, counted along the schedule. */
export const RETRY_HORIZON_MS = 24 * hour;

/**
 * Waits between attempts: 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, then hourly while the schedule stays
 * within 24 h (Standard Webhooks, "Deliverability and reliability": exponential backoff over a long window).
 * Attempt n+1 follows n failed attempts by RETRY_DELAYS_MS[n - 1].
 */
export const RETRY_DELAYS_MS: readonly number[] = buildDelays();

function buildDelays(): number[] {
  const delays = [5 * second, 30 * second, 2 * minute, 10 * minute, 30 * minute, hour];
  let total = delays.reduce((a, b) => a + b, 0);
  while (total + hour <= RETRY_HORIZON_MS) {
    delays.push(hour);
    total += hour;
  }
  return delays;
}

/** The first attempt plus one per retry delay; after the last one the delivery is dead. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** ±10 %: enough to spread a crowd of retries after an outage, small enough that the schedule stays readable. */
export const JITTER_RATIO = 0.1;

export interface NextState {
  status: DeliveryStatus;
  nextAttemptAt: number;
  error: string | null;
}

/**
 * Where a delivery goes after one attempt. A server's Retry-After can only push the next attempt later,
 * never earlier than the schedule.
 */
export function nextDeliveryState(delivery: Pick<Delivery, 'attempts'>, outcome: DeliveryOutcome, now: number, random: () => number): NextState {
  if (outcome.status === 'delivered') return { status: 'delivered', nextAttemptAt: now, error: null };
  if (outcome.status === 'rejected') return { status: 'rejected', nextAttemptAt: now, error: outcome.reason };
  const failedAttempts = delivery.attempts + 1;
  const delay = RETRY_DELAYS_MS[failedAttempts - 1];
  if (delay === undefined) return { status: 'dead', nextAttemptAt: now, error: outcome.reason };
  const jittered = Math.round(delay * (1 + JITTER_RATIO * (2 * random() - 1)));
  return { status: 'pending', nextAttemptAt: now + Math.max(jittered, outcome.retryAfterMs ?? 0), error: outcome.reason };
}
