import type { AlertChannel } from './alert-channel';
import { MAX_RESPONSE_BYTES } from './alert-channel';
import type { AlertEventPayload } from './alert-payload';
import { classifyResponse } from './classify-response';
import { renderSlackMessage } from './render-slack-message';

/**
 * Slack incoming webhook: the URL is the credential, so nothing is signed. Slack answers 200 "ok", or
 * 400 invalid_payload, 403 action_prohibited, 404 channel_not_found, 410 channel_is_archived (the endpoint
 * is gone), 429 with Retry-After, 500 rollup_error.
 */
export const slackChannel: AlertChannel = {
  async deliver(delivery, endpoint, io) {
    const message = renderSlackMessage(JSON.parse(delivery.payload) as AlertEventPayload);
    const response = await io.fetch({
      url: endpoint.url,
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
