import type { Delivery, DeliveryAttempt, DeliveryOutcome, WebhookEndpoint } from '../domain/delivery';
import type { Deps } from '../runtime/deps';
import { insertDeliveryAttempt } from '../storage/delivery-attempt-store';
import { claimDelivery, deferDelivery, findEarlierPendingDelivery, getDelivery, giveUpUnannouncedResolutions, recordDeliveryAttempt } from '../storage/delivery-store';
import { disableEndpoint, getEndpoint, loadSigningSecrets, markEndpointFailing, markEndpointHealthy } from '../storage/endpoint-store';
import { DEFAULT_SEND_TIMEOUT_MS } from './alert-channel';
import { alertChannels } from './alert-channels';
import { nextDeliveryState } from './delivery-schedule';
import { redactForLog } from './redact-for-log';

/** An endpoint failing without a single success for this long is turned off (and says why). */
export const DISABLE_AFTER_FAILING_MS = 24 * 60 * 60 * 1000;

/** How long a lease outlasts the send's timeout: room for signing, the answer's record and a slow database. */
export const LEASE_MARGIN_MS = 60_000;

/**
 * The most statements one attempt sends (test/alerts/attempt-statements.test.ts counts them): the endpoint, an
 * earlier row of the alert, the claim, the signing secrets (three when one is generated), the row's record, the
 * attempt log, a resolution given up, the failure streak (two), the endpoint turned off, and the row read back.
 * A Worker run starts a row only while this many still fit under its cap, so no send is left without its record.
 */
export const MOST_STATEMENTS_PER_ATTEMPT = 13;

export interface AttemptOptions {
  timeoutMs?: number;
  /** Jitter source; tests pass a fixed one. */
  random?: () => number;
  /** Only measures latency for the attempt log; scheduling uses `now`. */
  clock?: () => number;
}

export interface AttemptResult {
  delivery: Delivery;
  attempt: DeliveryAttempt;
}

/**
 * One send of one outbox row, then its record: the row's next state, a line in the attempt log, and the
 * endpoint's health. Returns null when another runner holds the row, its endpoint is off, or an earlier
 * event of the same alert must reach the endpoint first (the row then waits just behind it).
 */
export async function attemptDelivery(deps: Deps, delivery: Delivery, now: number, options: AttemptOptions = {}): Promise<AttemptResult | null> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
  const endpoint = await getEndpoint(deps.db, delivery.endpointId);
  if (!endpoint || !endpoint.enabled) return null;
  // One alert's events reach an endpoint in order: "resolved" never overtakes an "opened" still in backoff.
  const earlier = await findEarlierPendingDelivery(deps.db, delivery);
  if (earlier) {
    // Behind an earlier row being sent, not just behind its due time: else this one is due again at once.
    await deferDelivery(deps.db, delivery, Math.max(earlier.nextAttemptAt, earlier.sendingUntil ?? now, now) + 1, now);
    return null;
  }
  // The lease outlasts the send, so a crash mid-send means a retry after it, never a lost row.
  const leaseUntil = now + timeoutMs + LEASE_MARGIN_MS;
  if (!(await claimDelivery(deps.db, delivery, leaseUntil, now))) return null;
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const outcome = await send(deps, delivery, endpoint, now, timeoutMs);
  const latencyMs = clock() - started;
  const next = nextDeliveryState(delivery, outcome, now, options.random ?? Math.random);
  const error = next.error === null ? null : redactForLog(next.error, endpoint.url);
  const recorded = await recordDeliveryAttempt(deps.db, { deliveryId: delivery.id, until: leaseUntil }, { ...next, error }, now);
  if (!recorded) {
    // The send outlived its lease and another sender took the row: its answer sets the state, this one is only logged.
    deps.log.warn('delivery lease ran out before its attempt was recorded', { deliveryId: delivery.id, leaseUntil });
  }
  const attempt = await insertDeliveryAttempt(deps.db, {
    deliveryId: delivery.id,
    endpointId: endpoint.id,
    attemptedAt: now,
    outcome: outcome.status,
    httpStatus: 'httpStatus' in outcome && outcome.httpStatus !== undefined && outcome.httpStatus !== 0 ? outcome.httpStatus : null,
    latencyMs,
    error,
    nextAttemptAt: next.status === 'pending' ? next.nextAttemptAt : null,
  });
  // Given up on an opening or escalation (by this sender's own record): a resolution waiting behind it may be moot.
  if (recorded && (next.status === 'dead' || next.status === 'rejected') && delivery.alertId !== null && delivery.eventType !== 'alert.resolved') {
    const dropped = await giveUpUnannouncedResolutions(deps.db, delivery.alertId, endpoint.id, now);
    if (dropped > 0) deps.log.info('alert resolution not sent: the endpoint never received the alert', { alertId: delivery.alertId, endpointId: endpoint.id });
  }
  await updateEndpointHealth(deps, endpoint, outcome, now);
  logAttempt(deps, delivery, attempt, next.status);
  const updated = await getDelivery(deps.db, delivery.id);
  return updated ? { delivery: updated, attempt } : null;
}

/** Ids, never the URL: webhook URLs often carry their credential in the path. The error is redacted already. */
function logAttempt(deps: Deps, delivery: Delivery, attempt: DeliveryAttempt, status: Delivery['status']): void {
  deps.log.info('delivery attempt', {
    deliveryId: delivery.id,
    endpointId: attempt.endpointId,
    eventId: delivery.eventId,
    attempt: attempt.attempt,
    outcome: attempt.outcome,
    status,
    httpStatus: attempt.httpStatus,
    latencyMs: attempt.latencyMs,
    ...(attempt.error !== null ? { error: attempt.error } : {}),
    ...(attempt.nextAttemptAt !== null ? { nextAttemptAt: attempt.nextAttemptAt } : {}),
  });
}

async function send(deps: Deps, delivery: Delivery, endpoint: WebhookEndpoint, now: number, timeoutMs: number): Promise<DeliveryOutcome> {
  try {
    const signingSecrets = endpoint.kind === 'webhook' ? await loadSigningSecrets(deps.db, endpoint.id, now) : [];
    return await alertChannels[endpoint.kind].deliver(delivery, endpoint, { fetch: deps.fetch, now, timeoutMs, signingSecrets });
  } catch (error) {
    // A bug in a channel must not lose the row: it is retried like a network failure.
    return { status: 'retry', reason: `channel error: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * | outcome                     | endpoint                                                  |
 * | --------------------------- | --------------------------------------------------------- |
 * | delivered                   | healthy: the failure streak ends                          |
 * | rejected with 410 Gone      | disabled now (the receiver said it wants nothing more)    |
 * | retry or rejected           | streak starts or goes on; disabled once it spans 24 h     |
 */
async function updateEndpointHealth(deps: Deps, endpoint: WebhookEndpoint, outcome: DeliveryOutcome, now: number): Promise<void> {
  if (outcome.status === 'delivered') {
    if (endpoint.failingSince !== null) await markEndpointHealthy(deps.db, endpoint.id);
    return;
  }
  if (outcome.status === 'rejected' && outcome.endpointGone) {
    await disable(deps, endpoint.id, 'the receiver answered 410 Gone', now);
    return;
  }
  const since = await markEndpointFailing(deps.db, endpoint.id, now);
  if (now - since >= DISABLE_AFTER_FAILING_MS) {
    await disable(deps, endpoint.id, `every attempt failed since ${new Date(since).toISOString()}`, now);
  }
}

async function disable(deps: Deps, endpointId: number, reason: string, now: number): Promise<void> {
  await disableEndpoint(deps.db, endpointId, reason, now);
  deps.log.warn('webhook endpoint disabled', { endpointId, reason });
}
