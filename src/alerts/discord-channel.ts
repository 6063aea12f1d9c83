import type { AlertChannel } from './alert-channel';
import type { AlertEventPayload } from './alert-payload';
import { postChatMessage } from './post-chat-message';
import { renderDiscordMessage } from './render-discord-message';

/**
 * Discord "Execute Webhook". `wait=true` makes Discord confirm the message was saved (200 with the
 * message) instead of answering 204 before checking it, so a refused embed is a 400 we see, not a loss.
 * Discord's 429 carries Retry-After, honoured like any other.
 */
export const discordChannel: AlertChannel = {
  async deliver(delivery, endpoint, io) {
    return postChatMessage(withWait(endpoint.url), renderDiscordMessage(JSON.parse(delivery.payload) as AlertEventPayload), io);
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
