import type { Delivery, DeliveryOutcome, WebhookEndpoint } from '../domain/delivery';
import type { SafeFetch } from '../http/safe-fetch';

export interface ChannelIo {
  fetch: SafeFetch;
  now: number;
}

/** One alert format (plain webhook, Slack, Discord, ...): turns an outbox row into one send attempt. */
export interface AlertChannel {
  deliver(delivery: Delivery, endpoint: WebhookEndpoint, io: ChannelIo): Promise<DeliveryOutcome>;
}
