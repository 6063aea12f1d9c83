import { httpLink } from '../domain/http-link';
import type { AlertEventPayload } from './alert-payload';
import { describeAlertEvent, truncate } from './describe-alert-event';

/**
 * A Discord "Execute Webhook" body with one rich embed. Limits (Discord "Embed Limits"): title 256,
 * description 4096, up to 25 fields, field name 256, field value 1024, footer 2048, and 6000 characters
 * across all of them. `allowed_mentions.parse: []` so a mention's text can never ping @everyone.
 */
export interface DiscordMessage {
  username: string;
  allowed_mentions: { parse: string[] };
  embeds: DiscordEmbed[];
}

export interface DiscordEmbed {
  title: string;
  description: string;
  url?: string;
  color: number;
  timestamp: string;
  fields: Array<{ name: string; value: string; inline?: boolean }>;
  footer: { text: string };
}

const severityColor = { watch: 0xf1c40f, warning: 0xe67e22, critical: 0xe74c3c } as const;
const resolvedColor = 0x2ecc71;
const testColor = 0x3498db;

export function renderDiscordMessage(payload: AlertEventPayload): DiscordMessage {
  const text = describeAlertEvent(payload);
  const color = payload.type === 'alert.resolved' ? resolvedColor : text.severity ? severityColor[text.severity] : testColor;
  // Short facts (severity, counts) sit side by side; sentences (the window, sentiment, engagement) get a row each.
  // A time span as Discord timestamps (<t:unix:f>), shown in each reader's own zone and clock.
  const fields: DiscordEmbed['fields'] = text.facts.map((f) =>
    f.span
      ? { name: f.label, value: `<t:${Math.floor(f.span.from / 1000)}:f> – <t:${Math.floor(f.span.to / 1000)}:t>`, inline: false }
      : f.sparkline
        ? { name: f.label, value: `\`${f.sparkline}\`\n${escapeMarkdown(truncate(f.value, 450))}`, inline: false }
        : { name: f.label, value: escapeMarkdown(truncate(f.value, 500)), inline: f.value.length <= 24 },
  );
  for (const { label, mention } of text.mentions) {
    const source = mention.source?.name;
    // Cut before escaping (which at most doubles) and linking, so the 1024 limit never falls inside a link.
    const title = escapeMarkdown(truncate(mention.title ?? mention.excerpt, 100));
    const href = httpLink(mention.url);
    const link = href && href.length <= 500 ? `[${title}](${discordHref(href)})` : title;
    const where = source ? ` · ${escapeMarkdown(truncate(source, 80))}` : '';
    fields.push({ name: label, value: `${link}${where}\n> ${escapeMarkdown(truncate(mention.excerpt, 150))}` });
  }
  return {
    username: 'Earshot',
    allowed_mentions: { parse: [] },
    embeds: [
      {
        // Titles render markdown too, and the headline names the topic: escaped like the summary.
        title: escapeMarkdownWithin(text.headline, 256),
        // The summary names the topic, which anyone with API access sets: escaped like scraped text.
        description: escapeMarkdown(truncate(text.summary, 1000)),
        ...(text.dashboardUrl ? { url: text.dashboardUrl } : {}),
        color,
        timestamp: payload.timestamp,
        fields: fields.slice(0, 25),
        footer: { text: truncate(`Earshot · ${payload.type} · ${payload.id}`, 2048) },
      },
    ],
  };
}

/** escapeMarkdown of the text cut so that the escaped result fits in `max`: the cut never splits an escape. */
function escapeMarkdownWithin(text: string, max: number): string {
  let cut = truncate(text, max);
  while (escapeMarkdown(cut).length > max) cut = truncate(text, cut.length - 1);
  return escapeMarkdown(cut);
}

/** A link target with the characters of Discord's link syntax percent-encoded: it ends where ours does. */
function discordHref(href: string): string {
  return href.replace(/[()[\]<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Discord markdown's control characters, escaped so scraped text renders as typed, on one line: a
 * newline would let it start a heading ("# ", "-# "), a list or a quote of its own, and a leading "#"
 * or "-" does so where the text opens a field or a quote. "<@&id>" and "<#id>" would show as a role
 * or a channel (nothing pings: allowed_mentions is empty). Discord drops the backslash. Parentheses
 * stay as they are: with the brackets escaped they cannot make a link, and our own sentences use them.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/([\\*_~`|>[\]<])/g, '\\$1')
    .replace(/^(\s*)([#-])/, '$1\\$2');
}

