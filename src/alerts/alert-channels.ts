import type { ChannelKind } from '../domain/delivery';
import type { AlertChannel } from './alert-channel';
import { discordChannel } from './discord-channel';
import { slackChannel } from './slack-channel';
import { webhookChannel } from './webhook-channel';

/** Typed over the kind union: a channel kind without an implementation fails the typecheck. */
export const alertChannels: Record<ChannelKind, AlertChannel> = {
  webhook: webhookChannel,
  slack: slackChannel,
  discord: discordChannel,
};
