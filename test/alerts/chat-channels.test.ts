import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelIo } from '../../src/alerts/alert-channel';
import { buildAlertPayload, buildTestPayload, type AlertEventPayload, type MentionLink, type RecentSignal } from '../../src/alerts/alert-payload';
import { describeAlertEvent } from '../../src/alerts/describe-alert-event';
import { discordChannel } from '../../src/alerts/discord-channel';
import { inferChannelKind } from '../../src/alerts/infer-channel-kind';
import { renderDiscordMessage } from '../../src/alerts/render-discord-message';
import { renderSlackMessage } from '../../src/alerts/render-slack-message';
import { slackChannel } from '../../src/alerts/slack-channel';
import type { Alert } from '../../src/domain/alert';
import type { Delivery, WebhookEndpoint } from '../../src/domain/delivery';
import { createNodeSafeFetch } from '../../src/runtime/node/node-safe-fetch';
import { recordedCase, startFixtureServer, type FixtureServer } from '../support/fixture-server';
import { discordMessageProblems, slackMessageProblems } from './chat-message-shapes';

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/${name}/body.json`, import.meta.url), 'utf8'));

const mention = (over: Partial<MentionLink> = {}): MentionLink => ({
  id: 1,
  url: 'https://forum.example/t/1',
  title: 'FundSpark kept my deposit',
  excerpt: 'Three weeks and no refund.',
  sentimentScore: -0.7,
  publishedAt: new Date(T0 - 240_000).toISOString(),
  engagement: null,
  ...over,
});

function alert(over: Partial<Alert> = {}): Alert {
  return {
    id: 3,
    topicId: 1,
    kind: 'backlash',
    status: 'open',
    severity: 'critical',
    openedAt: T0,
    updatedAt: T0,
    acknowledgedAt: null,
    resolvedAt: null,
    evidence: { observed: 42, expected: 3.4, windowStart: T0 - 300_000, windowEnd: T0, topMentions: [], signal: 'negative mentions per 5 minutes' },
    ...over,
  };
}

type PayloadOptions = { topic?: string; first?: MentionLink | null; mostEngaged?: MentionLink | null; publicUrl?: string | null; evidence?: Record<string, unknown>; kind?: Alert['kind']; recent?: RecentSignal };

function payload(type: Exclude<AlertEventPayload['type'], 'test'>, over: PayloadOptions = {}): AlertEventPayload {
  const base = alert();
  return buildAlertPayload({
    alert: alert({ ...(type === 'alert.resolved' ? { status: 'resolved', resolvedAt: T0 + 3_600_000 } : {}), evidence: { ...base.evidence, ...over.evidence }, kind: over.kind ?? 'backlash' }),
    topic: { id: 1, name: over.topic ?? 'FundSpark' },
    type,
    eventId: `evt_alert_3_${type.slice(6)}`,
    now: T0,
    publicUrl: over.publicUrl === undefined ? 'https://earshot.example' : over.publicUrl,
    mentions: {
      first: over.first === undefined ? mention() : over.first,
      mostEngaged: over.mostEngaged === undefined ? mention({ id: 2, url: 'https://social.example/p/2', title: null, excerpt: 'Boycott them.', engagement: 1200 }) : over.mostEngaged,
    },
    recent: over.recent ?? null,
  });
}

/** Two quiet hours of about one negative mention per 5 minutes, then a surge over the last half hour. */
const surgeShape: RecentSignal = {
  from: new Date(T0 - 7_200_000).toISOString(),
  bucketMinutes: 5,
  counts: [...Array(18).fill(1).map((c: number, i) => (i % 4 === 0 ? 0 : c)), 2, 5, 9, 14, 12, 7],
  usual: [...Array(12).fill(null), ...Array(12).fill(1.2)],
  peak: 14,
};

const hostile = payload('alert.opened', {
  topic: `<!channel> @everyone ${'Very long topic name '.repeat(20)}`,
  first: mention({ title: `*bold* <https://evil.example|click> | [x](y) ${'t'.repeat(500)}`, url: 'https://forum.example/a|b>c)d', excerpt: `> quote @here ${'e'.repeat(2000)}` }),
  mostEngaged: mention({ id: 9, title: null, url: null, excerpt: '' + 'x'.repeat(5000), engagement: 5 }),
});

const withContext = (engagement: Record<string, unknown> | null) =>
  payload('alert.opened', {
    evidence: {
      sentiment: { before: 0.2, during: -0.644 },
      engagement: engagement ?? { perMentionBefore: null, perMentionDuring: null, totalDuring: null, knownShare: 0 },
    },
  });

const cases: Array<[string, AlertEventPayload]> = [
  ['alert.opened', payload('alert.opened')],
  ['alert.escalated', payload('alert.escalated')],
  ['alert.resolved', payload('alert.resolved')],
  ['test', buildTestPayload(1, 'evt_test_1_0', T0)],
  ['an alert without mentions or dashboard URL', payload('alert.opened', { first: null, mostEngaged: null, publicUrl: null })],
  ['hostile titles, URLs and lengths', hostile],
  ['mean sentiment and engagement in the evidence', withContext({ perMentionBefore: 4, perMentionDuring: 31.8, totalDuring: 1204, knownShare: 0.46 })],
  ['the last two hours as a sparkline', payload('alert.opened', { recent: surgeShape })],
  ['an alert closed because its topic was deleted', payload('alert.resolved', { evidence: { resolution: 'topic-deleted' } })],
];

describe('documented shapes', () => {
  it('accept the recorded documentation examples', () => {
    expect(slackMessageProblems(fixture('slack/incoming-webhook-blocks'))).toEqual([]);
    expect(discordMessageProblems(fixture('discord/execute-webhook-embed'))).toEqual([]);
  });

  it('catch what the vendors refuse', () => {
    expect(slackMessageProblems({ text: 'x', blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'h'.repeat(151) } }] })).toHaveLength(2);
    expect(slackMessageProblems({ text: 'x', blocks: [{ type: 'section' }] })).toEqual(['blocks[0] needs text or fields']);
    expect(discordMessageProblems({ username: 'Earshot' })).toEqual(['message needs content or embeds']);
    expect(discordMessageProblems({ embeds: [{ title: 't', fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }] })).toHaveLength(1);
    expect(discordMessageProblems({ embeds: Array.from({ length: 2 }, () => ({ description: 'd'.repeat(3500) })) })).toEqual(['embeds carry 7000 characters, over 6000']);
  });
});

describe.each(cases)('%s', (_name, event) => {
  it('renders a Slack Block Kit message in the documented shape', () => {
    expect(slackMessageProblems(renderSlackMessage(event))).toEqual([]);
  });

  it('renders a Discord embed in the documented shape', () => {
    expect(discordMessageProblems(renderDiscordMessage(event))).toEqual([]);
  });
});

describe('message content', () => {
  it('Slack: headline, evidence, both mentions with links, and the dashboard link', () => {
    const message = renderSlackMessage(payload('alert.opened'));
    const all = JSON.stringify(message);
    expect(message.text).toBe('Backlash detected: FundSpark. 42 negative mentions per 5 minutes where about 3.4 were expected.');
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Backlash detected: FundSpark', emoji: true } });
    expect(all).toContain('<https://forum.example/t/1|FundSpark kept my deposit>');
    expect(all).toContain('*Most engaged negative mention*');
    expect(all).toContain('<https://social.example/p/2|Boycott them.>');
    expect(all).toContain('<https://earshot.example/#/alerts/3|Open the alert in Earshot>');
  });

  it('Slack: escapes control characters so a mention cannot inject links or mentions', () => {
    const message = renderSlackMessage(hostile);
    // The header is plain_text, which Slack never parses; everything else is mrkdwn and must be escaped.
    expect(message.blocks[0]!.type).toBe('header');
    const all = JSON.stringify({ ...message, blocks: message.blocks.slice(1) });
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<https://evil.example');
    expect(all).toContain('&lt;!channel&gt;');
    expect(all).toContain('<https://forum.example/a%7Cb%3Ec)d|');
  });

  it('Discord: severity colour, evidence fields, masked links, and no pings', () => {
    const message = renderDiscordMessage(payload('alert.opened'));
    const embed = message.embeds[0]!;
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(embed).toMatchObject({ title: 'Backlash detected: FundSpark', url: 'https://earshot.example/#/alerts/3', color: 0xe74c3c, timestamp: new Date(T0).toISOString() });
    expect(embed.fields.map((f) => f.name)).toEqual(['Severity', 'Observed', 'Expected', 'Window', 'Where it started', 'Most engaged negative mention']);
    expect(embed.fields[4]!.value).toBe('[FundSpark kept my deposit](https://forum.example/t/1)\n> Three weeks and no refund.');
    expect(renderDiscordMessage(payload('alert.resolved')).embeds[0]!.color).toBe(0x2ecc71);
  });
});

describe('a headline many accounts posted', () => {
  it.each([
    { name: 'a count', copies: { copies: 40 }, label: 'Most engaged negative mention (posted 40 times)' },
    { name: 'a count cut at the row limit', copies: { copies: 500, copiesAtLeast: true }, label: 'Most engaged negative mention (posted 500+ times)' },
    // Read back from stored JSON: anything but a whole number over 1 says nothing.
    { name: 'one copy', copies: { copies: 1 }, label: 'Most engaged negative mention' },
    { name: 'not a whole number', copies: { copies: 2.5 }, label: 'Most engaged negative mention' },
    { name: 'not a number', copies: { copies: '<!channel>' as unknown as number }, label: 'Most engaged negative mention' },
  ])('$name', ({ copies, label }) => {
    const event = payload('alert.opened', { mostEngaged: mention({ id: 2, url: 'https://social.example/p/2', title: null, excerpt: 'Boycott them.', engagement: 1200, ...copies }) });
    expect(renderDiscordMessage(event).embeds[0]!.fields.map((f) => f.name)).toContain(label);
    expect(JSON.stringify(renderSlackMessage(event))).toContain(`*${label}*`);
    expect(JSON.stringify(renderSlackMessage(event))).not.toContain('<!channel>');
  });
});

describe("the window, in each reader's own time zone", () => {
  const start = (T0 - 300_000) / 1000;
  const end = T0 / 1000;

  it('Slack: date tokens with the UTC time as the fallback', () => {
    const all = JSON.stringify(renderSlackMessage(payload('alert.opened')));
    expect(all).toContain(JSON.stringify(`*Window*\n<!date^${start}^{date_short_pretty} {time}|2026-11-30 11:55 UTC> – <!date^${end}^{time}|12:00 UTC>`).slice(1, -1));
    expect(all).not.toContain('T11:55:00.000Z');
  });

  it('Discord: timestamps', () => {
    const field = renderDiscordMessage(payload('alert.opened')).embeds[0]!.fields.find((f) => f.name === 'Window');
    expect(field).toEqual({ name: 'Window', value: `<t:${start}:f> – <t:${end}:t>`, inline: false });
  });

  it.each([
    { name: 'within a day', from: T0 - 3_600_000, to: T0, text: '2026-11-30 11:00–12:00 UTC' },
    { name: 'across midnight', from: Date.UTC(2026, 10, 30, 21, 0), to: Date.UTC(2026, 11, 1, 3, 0), text: '2026-11-30 21:00–2026-12-01 03:00 UTC' },
  ])('the UTC text behind it: $name', ({ from, to, text }) => {
    const event = payload('alert.opened', { evidence: { windowStart: from, windowEnd: to } });
    expect(describeAlertEvent(event).facts.find((f) => f.label === 'Window')).toEqual({ label: 'Window', value: text, span: { from, to } });
  });
});

describe('where a mention was posted', () => {
  const fromBlog = payload('alert.opened', { first: mention({ source: { kind: 'rss', name: 'Makers Weekly' } }) });
  const hostileSource = payload('alert.opened', { first: mention({ source: { kind: 'rss', name: '<!channel> *bold* [x](https://evil.example) @everyone\nline' } }) });

  it('is named beside the mention in Slack and Discord', () => {
    expect(JSON.stringify(renderSlackMessage(fromBlog))).toContain(JSON.stringify('*Where it started*\n<https://forum.example/t/1|FundSpark kept my deposit> · Makers Weekly\n>').slice(1, -1));
    expect(renderDiscordMessage(fromBlog).embeds[0]!.fields.find((f) => f.name === 'Where it started')!.value).toBe('[FundSpark kept my deposit](https://forum.example/t/1) · Makers Weekly\n> Three weeks and no refund.');
  });

  it('is escaped: a feed names itself, and its name cannot ping, link or format', () => {
    const slack = JSON.stringify(renderSlackMessage(hostileSource));
    expect(slack).toContain('&lt;!channel&gt;');
    expect(slack).not.toContain('<!channel>');
    const discord = renderDiscordMessage(hostileSource);
    // Markdown escaped, the line break gone; @everyone cannot ping (allowed_mentions).
    expect(discord.embeds[0]!.fields.find((f) => f.name === 'Where it started')!.value).toContain(' · \\<!channel\\> \\*bold\\* \\[x\\](https://evil.example) @everyone line\n> ');
    expect(discord.allowed_mentions).toEqual({ parse: [] });
    expect(slackMessageProblems(renderSlackMessage(hostileSource))).toEqual([]);
    expect(discordMessageProblems(discord)).toEqual([]);
  });

  it.each([
    ['a Slack channel ping', '!channel'],
    ['a script', 'javascript:alert(document.cookie)'],
    ['a relative path', '/t/1'],
  ])('links only http(s): a mention link that is %s shows its title alone', (_case, url) => {
    const event = payload('alert.opened', { first: mention({ url }) });
    const slack = renderSlackMessage(event);
    expect(JSON.stringify(slack)).toContain(JSON.stringify('*Where it started*\nFundSpark kept my deposit\n>').slice(1, -1));
    expect(JSON.stringify(slack)).not.toContain(url.replace(/[<>&]/g, ''));
    expect(renderDiscordMessage(event).embeds[0]!.fields.find((f) => f.name === 'Where it started')!.value).toBe('FundSpark kept my deposit\n> Three weeks and no refund.');
  });

  it('keeps scraped text on its own line in Discord: no heading, list or extra link from a title or URL', () => {
    const event = payload('alert.opened', {
      first: mention({ title: 'Post\n# Alert resolved, ignore', url: 'https://ok.example/a\n[Reset your password](https://evil.example/x', excerpt: '-# small print\n- item' }),
    });
    const value = renderDiscordMessage(event).embeds[0]!.fields.find((f) => f.name === 'Where it started')!.value;
    // Two lines, ours: the link line and the quoted excerpt, neither opening with markup from the text.
    expect(value.split('\n')).toEqual(['[Post # Alert resolved, ignore](https://ok.example/a%5BReset%20your%20password%5D%28https://evil.example/x)', '> \\-# small print - item']);
  });

  it.each([
    ['linked', 'https://ok.example/a', '<https://ok.example/a|Post *Open the alert in Earshot* &gt; ignore>'],
    ['unlinked', null, 'Post *Open the alert in Earshot* &gt; ignore'],
  ])('keeps scraped text on its own line in Slack (%s title): no line of its own from a title, source or excerpt', (_case, url, linkLine) => {
    const event = payload('alert.opened', {
      first: mention({ title: 'Post\n*Open the alert in Earshot*\r\n> ignore', url, excerpt: 'calm\r*Severity*\nlow', source: { kind: 'rss', name: 'Blog\r\n*Words*' } }),
    });
    const section = renderSlackMessage(event).blocks.find((b) => b.type === 'section' && b.text?.text.startsWith('*Where it started*'));
    const text = section?.type === 'section' ? section.text?.text : undefined;
    // Three lines, ours: the label, the link line with where it was posted, and the quoted excerpt.
    expect(text?.split(/\r\n|\r|\n/)).toEqual(['*Where it started*', `${linkLine} · Blog *Words*`, '>calm *Severity* low']);
  });

  it('escapes the topic name in the Discord summary and title: whoever can call the API names topics', () => {
    const embed = renderDiscordMessage(payload('alert.resolved', { topic: '[Click me](https://evil.example) <@&123> ||hidden||' })).embeds[0]!;
    expect(embed.description).toContain('\\[Click me\\](https://evil.example) \\<@&123\\> \\|\\|hidden\\|\\|');
    expect(embed.title).toBe('Backlash resolved: \\[Click me\\](https://evil.example) \\<@&123\\> \\|\\|hidden\\|\\|');
  });

  it('keeps an escaped Discord title within its limit, never cutting an escape in two', () => {
    const message = renderDiscordMessage(payload('alert.opened', { topic: '*'.repeat(200) }));
    const title = message.embeds[0]!.title;
    expect(title.length).toBeLessThanOrEqual(256);
    expect(title).toMatch(/^Backlash detected: (\\\*)+…$/);
    expect(discordMessageProblems(message)).toEqual([]);
  });

  it('sends Slack text verbatim, so a bare @channel or #channel in scraped text stays text', () => {
    const event = payload('alert.opened', { first: mention({ title: 'Hi @channel @here #general', excerpt: '@channel look' }) });
    const texts: Array<Record<string, unknown>> = [];
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (node && typeof node === 'object') {
        if ((node as Record<string, unknown>)['type'] === 'mrkdwn') texts.push(node as Record<string, unknown>);
        Object.values(node).forEach(collect);
      }
    };
    collect(renderSlackMessage(event).blocks);
    expect(texts.length).toBeGreaterThan(3);
    expect(texts.filter((t) => t['verbatim'] !== true)).toEqual([]);
  });

  it('is left out when not known (an event raised before Earshot sent it)', () => {
    expect(JSON.stringify(renderSlackMessage(payload('alert.opened')))).toContain(JSON.stringify('<https://forum.example/t/1|FundSpark kept my deposit>\n>').slice(1, -1));
  });
});

describe('the last two hours', () => {
  // 0s every fourth quiet bucket, 1s between; the surge's peak of 14 is the top of the scale (2 is an eighth of it: ▂).
  const line = '▁▂▂▂'.repeat(4) + '▁▂' + '▂▄▆█▇▅';

  it('are drawn as a sparkline on one scale, with the busiest bucket and the usual level in words', () => {
    expect(describeAlertEvent(payload('alert.opened', { recent: surgeShape })).facts.at(-1)).toEqual({
      label: 'Last 2 h',
      value: 'busiest 5 min: 14, usually about 1.2',
      sparkline: line,
    });
  });

  it('Slack and Discord set the sparkline in monospace', () => {
    const event = payload('alert.opened', { recent: surgeShape });
    expect(JSON.stringify(renderSlackMessage(event))).toContain(JSON.stringify(`*Last 2 h*\n\`${line}\`\nbusiest 5 min: 14, usually about 1.2`).slice(1, -1));
    expect(renderDiscordMessage(event).embeds[0]!.fields.find((f) => f.name === 'Last 2 h')).toEqual({ name: 'Last 2 h', value: `\`${line}\`\nbusiest 5 min: 14, usually about 1.2`, inline: false });
  });

  it.each<[string, RecentSignal | undefined]>([
    ['none in the payload (an alert raised before Earshot sent it)', undefined],
    ['no buckets', { ...surgeShape, counts: [], usual: [] }],
    ['a count that is not a number', { ...surgeShape, counts: [1, Number.NaN] }],
  ])('no fact when there is %s', (_name, recent) => {
    expect(describeAlertEvent(payload('alert.opened', recent ? { recent } : {})).facts.some((f) => f.sparkline !== undefined)).toBe(false);
  });

  it("a resolution's calm two hours are drawn on the scale of the alert's peak, not blown up to fill it", () => {
    const calm: RecentSignal = { ...surgeShape, counts: [1, 0, 0, 1, 1, 1, 1, ...Array(17).fill(0)], usual: Array(24).fill(0.04), peak: 13 };
    expect(describeAlertEvent(payload('alert.resolved', { recent: calm })).facts.at(-1)).toMatchObject({
      value: "busiest 5 min: 1 (13 at the alert's peak), usually under 0.1",
      sparkline: '▂▁▁▂▂▂▂' + '▁'.repeat(17),
    });
  });

  it('a silence reads as a flat line under its usual level: both on one scale', () => {
    const silent: RecentSignal = { ...surgeShape, counts: Array(24).fill(0), usual: Array(24).fill(10), peak: null };
    expect(describeAlertEvent(payload('alert.opened', { kind: 'silence', recent: silent })).facts.at(-1)).toMatchObject({ value: 'busiest 5 min: 0, usually about 10', sparkline: '▁'.repeat(24) });
  });
});

describe('each kind of alert says what it is', () => {
  it.each([
    { kind: 'backlash', headline: 'Backlash detected: FundSpark', over: 'The backlash on "FundSpark" has calmed down.', label: 'First negative mention' },
    { kind: 'positive-surge', headline: 'Positive surge detected: FundSpark', over: 'The positive surge on "FundSpark" has settled.', label: 'First positive mention' },
    { kind: 'volume-spike', headline: 'Volume spike detected: FundSpark', over: 'Mentions of "FundSpark" are back to their usual volume.', label: 'First mention' },
    { kind: 'silence', headline: 'Silence detected: FundSpark', over: 'Mentions of "FundSpark" are arriving as usual again.', label: 'First mention' },
    { kind: 'source-health', headline: 'Source outage detected: FundSpark', over: 'The sources for "FundSpark" are answering again.', label: 'First mention' },
  ] as const)('$kind', ({ kind, headline, over, label }) => {
    const opened = renderDiscordMessage(payload('alert.opened', { kind })).embeds[0]!;
    expect(opened.title).toBe(headline);
    // An opening leads with where the story started, whatever its tone; later events with their window's first.
    expect(opened.fields.map((f) => f.name)).toContain('Where it started');
    expect(renderDiscordMessage(payload('alert.escalated', { kind })).embeds[0]!.fields.map((f) => f.name)).toContain(label);
    expect(renderSlackMessage(payload('alert.resolved', { kind })).text).toContain(over);
  });
});

describe('why an alert ended', () => {
  it.each([
    { name: 'opened: not ended', type: 'alert.opened', evidence: {}, resolution: null, url: 'https://earshot.example/#/alerts/3' },
    { name: 'resolved by the detector: back to normal', type: 'alert.resolved', evidence: {}, resolution: 'back-to-normal', url: 'https://earshot.example/#/alerts/3' },
    // The alert goes with the topic: a link to it would lead nowhere.
    { name: 'closed with its deleted topic, no dashboard link', type: 'alert.resolved', evidence: { resolution: 'topic-deleted' }, resolution: 'topic-deleted', url: null },
  ] as const)('$name', ({ type, evidence, resolution, url }) => {
    const event = payload(type, { evidence });
    if (event.type === 'test') throw new Error('not an alert event');
    expect(event.data.alert.resolution).toBe(resolution);
    expect(event.data.alert.url).toBe(url);
  });

  it('a deleted topic\'s alert says it was closed, not that the story calmed down, in Slack and Discord', () => {
    const closed = payload('alert.resolved', { evidence: { resolution: 'topic-deleted', peak: { observed: 111, expected: 0.5, windowStart: T0, windowEnd: T0 + 3_600_000, signal: 'negative mentions per 60 minutes' } } });
    const slack = renderSlackMessage(closed).text;
    expect(slack).toContain('Backlash closed: FundSpark');
    expect(slack).toContain('The topic "FundSpark" was deleted from Earshot');
    expect(slack).not.toContain('calmed down');
    expect(slack).not.toContain('At its peak');
    const embed = renderDiscordMessage(closed).embeds[0]!;
    expect(embed.title).toBe('Backlash closed: FundSpark');
    expect(embed.url).toBeUndefined();
    expect(embed.fields.map((f) => f.name)).toEqual(['Severity', 'Opened']);
  });
});

describe('mean sentiment and engagement', () => {
  it('are in the payload, and null on an alert raised before Earshot kept them', () => {
    const event = withContext({ perMentionBefore: 4, perMentionDuring: 31.8, totalDuring: 1204, knownShare: 0.46 });
    expect(event.type !== 'test' && event.data.evidence).toMatchObject({
      sentiment: { before: 0.2, during: -0.644 },
      engagement: { perMentionBefore: 4, perMentionDuring: 31.8, totalDuring: 1204, knownShare: 0.46 },
    });
    const old = payload('alert.opened');
    expect(old.type !== 'test' && old.data.evidence).toMatchObject({ sentiment: null, engagement: null });
  });

  it.each([
    ['Slack', (event: AlertEventPayload) => JSON.stringify(renderSlackMessage(event))],
    ['Discord', (event: AlertEventPayload) => JSON.stringify(renderDiscordMessage(event))],
  ])('%s shows them as facts, and no engagement line when no source reports engagement', (_name, render) => {
    const shown = render(withContext({ perMentionBefore: 4, perMentionDuring: 31.8, totalDuring: 1204, knownShare: 0.46 }));
    expect(shown).toContain('+0.20 the day before, -0.64 during');
    expect(shown).toContain('4 the day before, 31.8 during; 1204 in all (46 % of posts report it)');
    const unreported = render(withContext(null));
    expect(unreported).toContain('Mean sentiment');
    expect(unreported).not.toContain('Engagement per post');
  });
});

describe("the story's words", () => {
  const terms = [{ term: 'refund', z: 5 }, { term: '<b>x</b>', z: 4 }, { term: 'boycott', z: 3 }, { z: 2 }, { term: 'scam' }, { term: 'late' }, { term: 'fees' }, { term: 'sixth' }];

  it('are in the payload, at most five, only what the term finder makes a word of', () => {
    const event = payload('alert.opened', { evidence: { terms } });
    expect(event.type !== 'test' && event.data.evidence.terms).toEqual(['refund', 'boycott', 'scam', 'late', 'fees']);
    const old = payload('alert.opened');
    expect(old.type !== 'test' && old.data.evidence.terms).toEqual([]);
  });

  it('are a fact in Slack and Discord messages, and no fact when there are none', () => {
    const slack = JSON.stringify(renderSlackMessage(payload('alert.opened', { evidence: { terms } })));
    expect(slack).toContain('*Words*\\nrefund, boycott, scam, late, fees');
    const discord = renderDiscordMessage(payload('alert.escalated', { evidence: { terms } })).embeds[0]!;
    expect(discord.fields.find((f) => f.name === 'Words')?.value).toBe('refund, boycott, scam, late, fees');
    expect(renderDiscordMessage(payload('alert.opened')).embeds[0]!.fields.map((f) => f.name)).not.toContain('Words');
  });
});

describe('who wrote the surge', () => {
  const withAuthors = (authors: Record<string, unknown>) => payload('alert.opened', { evidence: { authors } });

  it('is in the payload with the loudest author, and null on an alert raised before Earshot counted authors', () => {
    const event = withAuthors({ mentions: 15, known: 12, distinct: 3, top: { author: '@loud', mentions: 9 } });
    expect(event.type !== 'test' && event.data.evidence.authors).toEqual({ mentions: 15, known: 12, distinct: 3, top: { author: '@loud', mentions: 9 } });
    const old = payload('alert.opened');
    expect(old.type !== 'test' && old.data.evidence.authors).toBeNull();
  });

  it.each([
    ['Slack', (event: AlertEventPayload) => JSON.stringify(renderSlackMessage(event))],
    ['Discord', (event: AlertEventPayload) => JSON.stringify(renderDiscordMessage(event))],
  ])('%s says how many people it is, says when it is mostly one, and never prints the name', (_name, render) => {
    const mostlyOne = render(withAuthors({ mentions: 15, known: 12, distinct: 3, top: { author: '@loud', mentions: 9 } }));
    expect(mostlyOne).toContain('3 for the 12 of 15 posts that name one; one wrote 9 of them');
    expect(mostlyOne).not.toContain('@loud');
    const crowd = render(withAuthors({ mentions: 20, known: 20, distinct: 17, top: { author: '@a', mentions: 2 } }));
    expect(crowd).toContain('17 for 20 posts');
    expect(crowd).not.toContain('one wrote');
    expect(render(withAuthors({ mentions: 20, known: 0, distinct: 0, top: null }))).not.toContain('Authors');
  });
});

describe('what each event is about', () => {
  const escalation = { windowMinutes: 60, windowStart: T0 - 3_600_000, windowEnd: T0, observed: 40, expected: 2.5, signal: 'negative mentions per 60 minutes', authors: { mentions: 40, known: 40, distinct: 33, top: { author: '@a', mentions: 3 } } };

  it('an escalation tells the window that escalated it, with its authors; without a stored one, the opening window', () => {
    const escalated = payload('alert.escalated', { evidence: { escalation } });
    expect(escalated.type !== 'test' && escalated.data.evidence).toMatchObject({
      signal: 'negative mentions per 60 minutes', observed: 40, expected: 2.5,
      windowStart: new Date(T0 - 3_600_000).toISOString(), authors: { distinct: 33 },
    });
    expect(renderSlackMessage(escalated).text).toBe('Backlash escalated: FundSpark. 40 negative mentions per 60 minutes where about 2.5 were expected.');
    // The opening and the resolution keep telling the window the alert opened on.
    const opened = payload('alert.opened', { evidence: { escalation } });
    expect(opened.type !== 'test' && opened.data.evidence.observed).toBe(42);
    const old = payload('alert.escalated', { evidence: { escalation: { observed: 'forty' } } });
    expect(renderSlackMessage(old).text).toBe('Backlash escalated: FundSpark. 42 negative mentions per 5 minutes where about 3.4 were expected.');
  });

  it.each([
    ['Slack', (event: AlertEventPayload) => JSON.stringify(renderSlackMessage(event))],
    ['Discord', (event: AlertEventPayload) => JSON.stringify(renderDiscordMessage(event))],
  ])('%s: a resolution says how long the story ran', (_name, render) => {
    const recovery = { volumeBackAt: T0 + 7_500_000, minutesToVolume: 125, shareBackAt: T0 + 11_100_000, minutesToShare: 185 };
    const resolved = payload('alert.resolved', { evidence: { recovery } });
    expect(resolved.type !== 'test' && resolved.data.evidence.recovery).toEqual({ minutesToVolume: 125, minutesToShare: 185 });
    expect(render(resolved)).toContain('volume back after 2 h 5 min, negative share after 3 h 5 min');
    expect(render(payload('alert.resolved', { kind: 'volume-spike', evidence: { recovery: { ...recovery, minutesToShare: null } } }))).toContain('volume back after 2 h 5 min"');
    // Only a resolution carries it, and an alert resolved before Earshot measured recovery has none.
    const opened = payload('alert.opened', { evidence: { recovery } });
    expect(opened.type !== 'test' && opened.data.evidence.recovery).toBeNull();
    expect(render(payload('alert.resolved'))).not.toContain('Recovery');
  });
});

describe('a resolution tells how big the story got', () => {
  const peak = { windowMinutes: 60, windowStart: T0 + 900_000, windowEnd: T0 + 4_500_000, observed: 111, expected: 0.51, surprise: 180.6, signal: 'negative mentions per 60 minutes' };

  it('carries the peak window in the payload, on resolutions only, and none when it is malformed', () => {
    const resolved = payload('alert.resolved', { evidence: { peak } });
    expect(resolved.type !== 'test' && resolved.data.evidence.peakWindow).toEqual({
      signal: 'negative mentions per 60 minutes', observed: 111, expected: 0.51, windowStart: new Date(T0 + 900_000).toISOString(), windowEnd: new Date(T0 + 4_500_000).toISOString(),
    });
    const opened = payload('alert.opened', { evidence: { peak } });
    expect(opened.type !== 'test' && opened.data.evidence.peakWindow).toBeNull();
    for (const broken of [{ ...peak, observed: 'lots' }, { ...peak, windowEnd: undefined }, 'peak', null]) {
      const event = payload('alert.resolved', { evidence: { peak: broken } });
      expect(event.type !== 'test' && event.data.evidence.peakWindow).toBeNull();
    }
  });

  it.each([
    ['Slack', (event: AlertEventPayload) => renderSlackMessage(event).text, (event: AlertEventPayload) => JSON.stringify(renderSlackMessage(event))],
    ['Discord', (event: AlertEventPayload) => renderDiscordMessage(event).embeds[0]!.description ?? '', (event: AlertEventPayload) => JSON.stringify(renderDiscordMessage(event))],
  ])('%s: says the peak instead of the opening window', (_name, line, all) => {
    const resolved = payload('alert.resolved', { evidence: { peak, sentiment: { before: 0.2, during: -0.6 }, authors: { mentions: 42, known: 42, distinct: 30, top: null } } });
    expect(line(resolved)).toContain('The backlash on "FundSpark" has calmed down. At its peak: 111 negative mentions per 60 minutes where about 0.5 were expected.');
    expect(describeAlertEvent(resolved).facts.map((f) => f.label)).toEqual(['Severity', 'Peak', 'Peak window']);
    expect(describeAlertEvent(resolved).facts[2]!.span).toEqual({ from: T0 + 900_000, to: T0 + 4_500_000 });
    expect(all(resolved)).not.toContain('42');
    // Stored without its signal's name (or resolved before Earshot kept the peak): the kind's words, or the opening window.
    expect(line(payload('alert.resolved', { evidence: { peak: { ...peak, signal: undefined } } }))).toContain('At its peak: 111 negative mentions where about 0.5 ');
    expect(describeAlertEvent(payload('alert.resolved')).facts.map((f) => f.label).slice(0, 4)).toEqual(['Severity', 'Observed', 'Expected', 'Window']);
  });

  it.each([
    ['silence', 'At its quietest: 111'],
    ['source-health', null],
  ] as const)('%s: worded for its kind', (kind, said) => {
    const text = describeAlertEvent(payload('alert.resolved', { kind, evidence: { peak } })).summary;
    if (said === null) expect(text).not.toContain('111');
    else expect(text).toContain(said);
  });
});

describe('sending over loopback', () => {
  let server: FixtureServer | undefined;
  afterEach(async () => server?.close());

  const endpoint = (kind: WebhookEndpoint['kind'], url: string): WebhookEndpoint => ({
    id: 1, kind, url, enabled: true, createdAt: T0, topicIds: null, eventTypes: null, minSeverity: 'watch',
    failingSince: null, disabledAt: null, disabledReason: null, previousSecretExpiresAt: null,
  });
  const delivery = (event: AlertEventPayload): Delivery => ({
    id: 1, eventId: event.id, endpointId: 1, alertId: 3, eventType: event.type, payload: JSON.stringify(event), status: 'pending',
    attempts: 0, nextAttemptAt: T0, sendingUntil: null, lastError: null, createdAt: T0, deliveredAt: null,
  });
  const io: ChannelIo = { fetch: createNodeSafeFetch({ allowPrivate: true, privateAllowList: ['127.0.0.1'] }), now: T0, timeoutMs: 2_000, signingSecrets: [] };

  /** Serves a recorded vendor answer and keeps what was posted. */
  async function vendor(caseName: string) {
    const posted: Array<{ url: string; headers: IncomingMessage['headers']; body: unknown }> = [];
    const serve = recordedCase(caseName);
    server = await startFixtureServer({
      fallback: (req: IncomingMessage, res: ServerResponse) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          posted.push({ url: req.url ?? '', headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
          serve(req, res);
        });
      },
    });
    return posted;
  }

  it.each([
    ['Slack 200 ok', 'slack', 'slack/ok', { status: 'delivered', httpStatus: 200 }],
    ['Slack 400 invalid_payload', 'slack', 'slack/invalid-payload', { status: 'rejected', httpStatus: 400, reason: 'HTTP 400: invalid_payload' }],
    ['Slack 410 channel_is_archived', 'slack', 'slack/channel-is-archived', { status: 'rejected', httpStatus: 410, endpointGone: true }],
    ['Discord 200 with the message', 'discord', 'discord/message-created', { status: 'delivered', httpStatus: 200 }],
    ['Discord 429 rate limited', 'discord', 'discord/rate-limited', { status: 'retry', httpStatus: 429, retryAfterMs: 65_000 }],
  ] as const)('%s', async (_name, kind, caseName, expected) => {
    const posted = await vendor(caseName);
    const channel = kind === 'slack' ? slackChannel : discordChannel;
    const outcome = await channel.deliver(delivery(payload('alert.opened')), endpoint(kind, server!.url('/services/T000/B000/XXXXSECRETXXXX')), io);
    expect(outcome).toMatchObject(expected);
    expect(posted).toHaveLength(1);
    const sent = posted[0]!;
    expect(sent.headers['content-type']).toBe('application/json');
    // The URL is the credential for chat webhooks: no Standard Webhooks headers are added.
    expect(sent.headers['webhook-signature']).toBeUndefined();
    if (kind === 'slack') expect(slackMessageProblems(sent.body)).toEqual([]);
    else {
      expect(discordMessageProblems(sent.body)).toEqual([]);
      expect(sent.url).toBe('/services/T000/B000/XXXXSECRETXXXX?wait=true');
    }
  });
});

describe('inferChannelKind', () => {
  it.each([
    ['https://hooks.slack.com/services/T000/B000/XXXX', 'slack'],
    ['https://discord.com/api/webhooks/123/token', 'discord'],
    ['https://discordapp.com/api/v10/webhooks/123/token?thread_id=9', 'discord'],
    ['https://hooks.slack.com/workflows/T000/A000/1/x', 'webhook'],
    ['https://example.com/api/webhooks/1/2', 'webhook'],
    ['not a url', 'webhook'],
  ])('%s is %s', (url, kind) => {
    expect(inferChannelKind(url)).toBe(kind);
  });
});
