import type { AlertChannel } from './alert-channel';
import { MAX_RESPONSE_BYTES } from './alert-channel';
import type { AlertEventPayload } from './alert-payload';
import { classifyResponse } from './classify-response';
import { renderDiscordMessage } from './render-discord-message';

/**
 * Discord "Execute Webhook". `wait=true` makes Discord confirm the message was saved (200 with the
 * message) instead of answering 204 before checking it, so a refused embed is a 400 we see, not a loss.
 * Discord's 429 carries Retry-After, honoured like any other.
 */
export const discordChannel: AlertChannel = {
  async deliver(delivery, endpoint, io) {
    const message = renderDiscordMessage(JSON.parse(delivery.payload) as AlertEventPayload);
    const response = await io.fetch({
      url: withWait(endpoint.url),
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
      timeoutMs: io.timeoutMs,
      maxBytes: MAX_RESPONSE_BYTES,
      maxRedirects: 0,
    });
    return classifyResponse(response, io.now);
  },
};

function withWait(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.searchParams.set('wait', 'true');
    return parsed.href;
  } catch {
    return url; // the fetch port reports the invalid URL
  }
}
