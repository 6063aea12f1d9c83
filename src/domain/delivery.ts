import type { AlertEventType } from './alert';

export const channelKinds = ['webhook'] as const;
export type ChannelKind = (typeof channelKinds)[number];

export interface WebhookEndpoint {
  id: number;
  kind: ChannelKind;
  url: string;
  enabled: boolean;
  createdAt: number;
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
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
}

/** What a channel answers for one send attempt. */
export type DeliveryOutcome =
  | { status: 'delivered'; httpStatus: number }
  | { status: 'retry'; reason: string; httpStatus?: number; retryAfterMs?: number }
  | { status: 'rejected'; reason: string; httpStatus: number };
