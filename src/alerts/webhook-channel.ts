import type { DeliveryOutcome } from '../domain/delivery';
import type { AlertChannel } from './alert-channel';

/** Receivers get this long to answer; a slow receiver is retried, not waited on. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/** Plain JSON POST of the event payload. */
export const webhookChannel: AlertChannel = {
  async deliver(delivery, endpoint, io) {
    const response = await io.fetch({
      url: endpoint.url,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': delivery.eventId },
      body: delivery.payload,
      timeoutMs: WEBHOOK_TIMEOUT_MS,
      maxBytes: 64 * 1024,
      maxRedirects: 0,
    });
    return classifyResponse(response);
  },
};

export function classifyResponse(response: Awaited<ReturnType<Parameters<AlertChannel['deliver']>[2]['fetch']>>): DeliveryOutcome {
  if (response.kind === 'failed') {
    if (response.error.kind === 'blocked' || response.error.kind === 'invalid-url') {
      return { status: 'rejected', reason: response.error.message, httpStatus: 0 };
    }
    return { status: 'retry', reason: `${response.error.kind}: ${response.error.message}` };
  }
  const status = response.status;
  if (status >= 200 && status < 300) return { status: 'delivered', httpStatus: status };
  if (status === 408 || status === 429 || status >= 500) return { status: 'retry', reason: `HTTP ${status}`, httpStatus: status };
  return { status: 'rejected', reason: `HTTP ${status}`, httpStatus: status };
}
