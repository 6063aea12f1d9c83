import type { DeliveryOutcome } from '../domain/delivery';
import { MAX_RESPONSE_BYTES, type ChannelIo } from './alert-channel';
import { classifyResponse } from './classify-response';

/** Chat webhooks (Slack, Discord): the URL is the secret, so no signature; no redirects, bounded answer. */
export async function postChatMessage(url: string, message: unknown, io: ChannelIo): Promise<DeliveryOutcome> {
  const response = await io.fetch({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
    timeoutMs: io.timeoutMs,
    maxBytes: MAX_RESPONSE_BYTES,
    maxRedirects: 0,
  });
  return classifyResponse(response, io.now);
}
