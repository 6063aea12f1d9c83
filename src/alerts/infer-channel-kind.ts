import type { ChannelKind } from '../domain/delivery';

/**
 * The channel a URL is for when nobody said: Slack incoming webhooks live on hooks.slack.com/services/,
 * Discord webhooks on discord.com (or discordapp.com)/api/webhooks/. Anything else gets the signed JSON
 * webhook. Sending signed JSON to Slack would only ever earn a 400, so guessing right costs nothing.
 */
export function inferChannelKind(url: string): ChannelKind {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'webhook';
  }
  const host = parsed.hostname.toLowerCase();
  if (host === 'hooks.slack.com' && parsed.pathname.startsWith('/services/')) return 'slack';
  const discordHost = ['discord.com', 'discordapp.com', 'canary.discord.com', 'ptb.discord.com'].includes(host);
  if (discordHost && /^\/api\/(v\d+\/)?webhooks\//.test(parsed.pathname)) return 'discord';
  return 'webhook';
}
