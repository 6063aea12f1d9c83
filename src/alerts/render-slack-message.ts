import { httpLink } from '../domain/http-link';
import type { AlertEventPayload } from './alert-payload';
import { describeAlertEvent, truncate, utcSpanEnds, type AlertFact } from './describe-alert-event';

/**
 * A Slack incoming-webhook message in Block Kit. `text` is the notification fallback Slack shows where
 * blocks are not rendered. Limits (Slack Block Kit reference): header text 150 chars, section text 3000,
 * up to 10 section fields of 2000 each, up to 50 blocks per message.
 */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

type SlackText = { type: 'mrkdwn'; text: string; verbatim: true } | { type: 'plain_text'; text: string; emoji?: boolean };
export type SlackBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji?: boolean } }
  | { type: 'section'; text?: SlackText; fields?: SlackText[] }
  | { type: 'context'; elements: SlackText[] }
  | { type: 'divider' };

const severityEmoji = { watch: ':large_yellow_circle:', warning: ':large_orange_circle:', critical: ':red_circle:' } as const;

export function renderSlackMessage(payload: AlertEventPayload): SlackMessage {
  const text = describeAlertEvent(payload);
  const icon = payload.type === 'alert.resolved' ? ':white_check_mark:' : text.severity ? severityEmoji[text.severity] : ':wave:';
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(text.headline, 150), emoji: true } },
    { type: 'section', text: mrkdwn(`${icon} ${escapeMrkdwn(truncate(text.summary, 500))}`) },
  ];
  if (text.facts.length > 0) {
    blocks.push({ type: 'section', fields: text.facts.slice(0, 10).map((f) => (mrkdwn(`*${f.label}*\n${f.sparkline ? `\`${f.sparkline}\`\n` : ''}${f.span ? slackSpan(f.span) : escapeMrkdwn(truncate(f.value, 300))}`))) });
  }
  for (const { label, mention } of text.mentions) {
    const source = mention.source?.name;
    // Cut before escaping and linking, so no limit ever falls inside a link; escaping grows text at most 5×.
    // Scraped text stays on its line: a line break would let it set out a label or fact line of its own.
    const title = oneLine(escapeMrkdwn(truncate(mention.title ?? mention.excerpt, 100)));
    const href = httpLink(mention.url);
    const link = href && href.length <= 1000 ? `<${slackUrl(href)}|${title.replace(/\|/g, '¦')}>` : title;
    const where = source ? ` · ${oneLine(escapeMrkdwn(truncate(source, 80)))}` : '';
    const excerpt = oneLine(escapeMrkdwn(truncate(mention.excerpt, 300)));
    blocks.push({ type: 'section', text: mrkdwn(`*${label}*\n${link}${where}\n>${excerpt}`) });
  }
  if (text.dashboardUrl) blocks.push({ type: 'section', text: mrkdwn(`<${slackUrl(text.dashboardUrl)}|Open the alert in Earshot>`) });
  blocks.push({ type: 'context', elements: [mrkdwn(escapeMrkdwn(`Earshot · ${payload.type} · ${payload.id}`))] });
  // The fallback `text` is read as mrkdwn too: escaped like the blocks.
  return { text: escapeMrkdwn(truncate(`${text.headline}. ${text.summary}`, 600)), blocks };
}

/**
 * A time span in each reader's own time zone and clock (Slack "Formatting text": <!date^unix^tokens|fallback>),
 * UTC as the fallback for clients that cannot. Only numbers and our own digits go in, so nothing needs escaping.
 */
function slackSpan(span: NonNullable<AlertFact['span']>): string {
  const seconds = (ms: number) => Math.floor(ms / 1000);
  const utc = utcSpanEnds(span);
  return `<!date^${seconds(span.from)}^{date_short_pretty} {time}|${utc.from}> – <!date^${seconds(span.to)}^{time}|${utc.to}>`;
}

/**
 * A mrkdwn text object that Slack takes as written: without `verbatim`, Slack also turns bare
 * "@channel", "@here" and "#channel" in the text into mentions and links ("certain mentions will be
 * automatically parsed"), and scraped titles may contain them. Our own <url|label> links still work.
 */
function mrkdwn(text: string): SlackText {
  return { type: 'mrkdwn', text, verbatim: true };
}

/** Slack's three control characters in mrkdwn (Slack "Formatting text": escape &, < and >). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Line breaks (\n, \r\n, a lone \r) and the spaces around them as one space. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

/** A URL inside <url|label>: "|" and ">" would end it early. */
function slackUrl(url: string): string {
  return url.replace(/\|/g, '%7C').replace(/>/g, '%3E').replace(/</g, '%3C');
}
