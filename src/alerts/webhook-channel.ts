import type { AlertChannel } from './alert-channel';
import { MAX_RESPONSE_BYTES } from './alert-channel';
import { classifyResponse } from './classify-response';
import { signWebhook } from './sign-webhook';

/**
 * The event payload as JSON, signed the Standard Webhooks way: `webhook-id` is the event id (the same on
 * every retry, the receiver's idempotency key), `webhook-timestamp` the time of this attempt, and
 * `webhook-signature` one `v1,` signature per active secret.
 */
export const webhookChannel: AlertChannel = {
  async deliver(delivery, endpoint, io) {
    const signed = await signWebhook({ id: delivery.eventId, timestampSeconds: io.now / 1000, body: delivery.payload, secrets: io.signingSecrets });
    const response = await io.fetch({
      url: endpoint.url,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signed },
      body: delivery.payload,
      timeoutMs: io.timeoutMs,
      maxBytes: MAX_RESPONSE_BYTES,
      maxRedirects: 0,
    });
    return classifyResponse(response, io.now);
  },
};
