import type { Delivery, DeliveryOutcome, WebhookEndpoint } from '../domain/delivery';
import type { SafeFetch } from '../http/safe-fetch';

export interface ChannelIo {
  fetch: SafeFetch;
  now: number;
  /** Whole exchange; a slow receiver is retried later, not waited on. */
  timeoutMs: number;
  /** Secrets that sign this attempt, current first; only the signed webhook channel uses them. */
  signingSecrets: readonly string[];
}

/** One alert format (signed webhook, Slack, Discord, ...): turns an outbox row into one send attempt. */
export interface AlertChannel {
  deliver(delivery: Delivery, endpoint: WebhookEndpoint, io: ChannelIo): Promise<DeliveryOutcome>;
}

/** Standard Webhooks recommends 15 to 30 s; the low end keeps one stuck receiver from holding up a run. */
export const DEFAULT_SEND_TIMEOUT_MS = 15_000;

/** A receiver's answer body is only read for an error excerpt. */
export const MAX_RESPONSE_BYTES = 64 * 1024;
