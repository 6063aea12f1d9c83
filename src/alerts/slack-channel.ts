import type { AlertChannel } from './alert-channel';
import type { AlertEventPayload } from './alert-payload';
import { postChatMessage } from './post-chat-message';
import { renderSlackMessage } from './render-slack-message';

/**
 * Slack incoming webhook: the URL is the credential, so nothing is signed. Slack answers 200 "ok", or
 * 400 invalid_payload, 403 action_prohibited, 404 channel_not_found, 410 channel_is_archived (the endpoint
 * is gone), 429 with Retry-After, 500 rollup_error.
 */
export const slackChannel: AlertChannel = {
  async deliver(delivery, endpoint, io) {
    return postChatMessage(endpoint.url, renderSlackMessage(JSON.parse(delivery.payload) as AlertEventPayload), io);
  },
};
