import type { AlertEventType, AlertSeverity } from './alert';

/** One alert format per kind: a signed Standard Webhooks JSON POST, a Slack incoming webhook, a Discord webhook. */
export const channelKinds = ['webhook', 'slack', 'discord'] as const;
export type ChannelKind = (typeof channelKinds)[number];

/**
 * Where alerts go. The signing secret is deliberately not a field: it is returned once when the endpoint
 * is created or its secret rotated, and otherwise only read by the delivery job.
 */
export interface WebhookEndpoint {
  id: number;
  kind: ChannelKind;
  url: string;
  enabled: boolean;
  createdAt: number;
  /** Only these topics; null = every topic. */
  topicIds: number[] | null;
  /** Only these event types; null = every type. */
  eventTypes: AlertEventType[] | null;
  /** Alerts below this severity are not sent here. */
  minSeverity: AlertSeverity;
  /** Start of the current run of failed attempts; null while the endpoint answers. */
  failingSince: number | null;
  /**
   * When and why the endpoint was turned off: by Earshot itself (a day of failures, or 410 Gone), or by hand
   * ("turned off by hand"); null while it is on, and for one turned off by hand before this was recorded.
   */
  disabledAt: number | null;
  disabledReason: string | null;
  /** While a rotated-out secret still signs alongside the new one (both signatures are sent). */
  previousSecretExpiresAt: number | null;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'rejected' | 'dead';

/** One outbox row: written before any send, so a crash never loses an alert. */
export interface Delivery {
  id: number;
  /** Stable across retries: the receiver's idempotency key. */
  eventId: string;
  endpointId: number;
  alertId: number | null;
  eventType: AlertEventType;
  payload: string;
  status: DeliveryStatus;
  /** Attempts since it was queued or last redelivered: where it is on the retry schedule (the log keeps every one). */
  attempts: number;
  /** When it is (or was) due; while it is being sent, the time it was due when the sender took it. */
  nextAttemptAt: number;
  /**
   * While a sender holds the row, the end of its lease: set when a send starts, cleared when its answer is
   * recorded. A lease left behind by a sender that crashed simply ends (then the row is due again); null
   * when nobody took it since.
   */
  sendingUntil: number | null;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
}

/** Whether a sender holds the row at `now`: its lease has not ended. */
export function isBeingSent(delivery: Pick<Delivery, 'sendingUntil'>, now: number): boolean {
  return delivery.sendingUntil !== null && delivery.sendingUntil > now;
}

/** What a channel answers for one send attempt. */
export type DeliveryOutcome =
  | { status: 'delivered'; httpStatus: number }
  | { status: 'retry'; reason: string; httpStatus?: number; retryAfterMs?: number }
  | { status: 'rejected'; reason: string; httpStatus: number; endpointGone?: boolean };

/** One row of the attempt log: what happened when, so a user can see the schedule and why it failed. */
export interface DeliveryAttempt {
  id: number;
  deliveryId: number;
  endpointId: number;
  /** 1 for the first attempt of the delivery, counting on across redeliveries: each number appears once in its log. */
  attempt: number;
  attemptedAt: number;
  outcome: DeliveryOutcome['status'];
  httpStatus: number | null;
  latencyMs: number;
  /** A short excerpt, with URLs reduced to their origin. */
  error: string | null;
  /** When the next attempt is due; null when this attempt ended the delivery. */
  nextAttemptAt: number | null;
}
