import { alertTone, isMostlyOneAuthor, type AuthorSpread } from '../domain/alert';
import type { AlertEventPayload, AlertEventData, MentionLink } from './alert-payload';

/** The words every chat format shares, so Slack and Discord say the same thing. */
export interface AlertEventText {
  headline: string;
  summary: string;
  severity: AlertEventData['alert']['severity'] | null;
  facts: AlertFact[];
  /** Each with where it was posted in `mention.source` (untrusted text: each chat escapes it). */
  mentions: Array<{ label: string; mention: MentionLink }>;
  dashboardUrl: string | null;
}

/**
 * One fact of the message. A time span is also given as instants (epoch ms) so each chat can show it in
 * the reader's own time zone (Slack's <!date>, Discord's <t:>); `value` is the UTC text behind it.
 */
export interface AlertFact {
  label: string;
  value: string;
  span?: { from: number; to: number };
  /** A sparkline (block characters) each chat sets in monospace before `value`. */
  sparkline?: string;
}

const verbs = { 'alert.opened': 'detected', 'alert.escalated': 'escalated', 'alert.resolved': 'resolved' } as const;

type Kind = AlertEventData['alert']['kind'];

/** What each kind of alert is called, how its end is told, and which mentions it leads with. */
const wording: Record<Kind, { name: string; over: (topic: string) => string; mentions: string; peak: string | null }> = {
  backlash: { name: 'Backlash', over: (t) => `The backlash on "${t}" has calmed down.`, mentions: 'negative mention', peak: 'At its peak' },
  'positive-surge': { name: 'Positive surge', over: (t) => `The positive surge on "${t}" has settled.`, mentions: 'positive mention', peak: 'At its peak' },
  'volume-spike': { name: 'Volume spike', over: (t) => `Mentions of "${t}" are back to their usual volume.`, mentions: 'mention', peak: 'At its peak' },
  silence: { name: 'Silence', over: (t) => `Mentions of "${t}" are arriving as usual again.`, mentions: 'mention', peak: 'At its quietest' },
  // An outage has no size worth telling: every source failed, that was all of it.
  'source-health': { name: 'Source outage', over: (t) => `The sources for "${t}" are answering again.`, mentions: 'mention', peak: null },
};

export function describeAlertEvent(payload: AlertEventPayload): AlertEventText {
  if (payload.type === 'test') {
    return { headline: 'Earshot test event', summary: payload.data.message, severity: null, facts: [], mentions: [], dashboardUrl: null };
  }
  const { topic, alert, evidence, mentions } = payload.data;
  const words = wording[alert.kind];
  if (payload.type === 'alert.resolved' && alert.resolution === 'topic-deleted') return describeDeletedTopicsEnd(payload.data, words.name);
  const observed = formatNumber(evidence.observed);
  const expected = formatNumber(evidence.expected);
  // What a window counted, as the detector named it; events stored before it did say the kind's mentions.
  const unnamed = `${words.mentions}s`;
  const signal = evidence.signal ?? unnamed;
  // A resolution tells how big the story got (the peak), where the opening told how it started.
  const peak = payload.type === 'alert.resolved' && words.peak !== null ? evidence.peakWindow ?? null : null;
  const size = peak
    ? `${words.peak}: ${countedAgainstExpected(peak.observed, peak.signal ?? unnamed, peak.expected)}`
    : countedAgainstExpected(evidence.observed, signal, evidence.expected);
  const summary = payload.type === 'alert.resolved' ? `${words.over(topic.name)}${peak ? ` ${size}` : ''}` : size;
  return {
    headline: `${words.name} ${verbs[payload.type]}: ${topic.name}`,
    summary,
    severity: alert.severity,
    facts: [
      { label: 'Severity', value: alert.severity },
      ...(peak
        ? [{ label: 'Peak', value: `${formatNumber(peak.observed)} (about ${formatNumber(peak.expected)} expected)` }, describeWindow(peak.windowStart, peak.windowEnd, 'Peak window')]
        : [{ label: 'Observed', value: observed }, { label: 'Expected', value: expected }, describeWindow(evidence.windowStart, evidence.windowEnd)]),
      ...(evidence.terms.length > 0 ? [{ label: 'Words', value: evidence.terms.join(', ') }] : []),
      // The opening window's tone, reach and authors would sit beside the peak's numbers as if they were its own.
      ...(peak ? [] : [...describeSentimentAndEngagement(evidence), ...describeAuthors(evidence.authors)]),
      ...describeRecovery(evidence.recovery, alertTone(alert.kind)),
      ...describeRecent(evidence.recent),
    ],
    mentions: [
      // An opening's first mention is where the story started (the pickup path), whatever its tone.
      ...(mentions.first ? [{ label: payload.type === 'alert.opened' ? 'Where it started' : `First ${words.mentions}`, mention: mentions.first }] : []),
      ...(mentions.mostEngaged && mentions.mostEngaged.id !== mentions.first?.id ? [{ label: `Most engaged ${words.mentions}`, mention: mentions.mostEngaged }] : []),
    ].map(({ label, mention }) => ({ label: label + describeCopies(mention), mention })),
    dashboardUrl: alert.url,
  };
}

/**
 * An alert closed because its topic was deleted: nothing calmed down, so no peak or recovery is told,
 * and no dashboard link (the alert went with the topic).
 */
function describeDeletedTopicsEnd({ topic, alert }: AlertEventData, name: string): AlertEventText {
  return {
    headline: `${name} closed: ${topic.name}`,
    summary: `The topic "${topic.name}" was deleted from Earshot, so this alert is closed and its mentions are no longer watched.`,
    severity: alert.severity,
    facts: [{ label: 'Severity', value: alert.severity }, { label: 'Opened', value: describeInstant(alert.openedAt) }],
    mentions: [],
    dashboardUrl: null,
  };
}

/** "2026-11-30 12:05 UTC" (the text as given when it is not a time). */
function describeInstant(iso: string): string {
  const at = Date.parse(iso);
  return Number.isFinite(at) ? utcSpanEnds({ from: at, to: at }).from : iso;
}

/** "111 negative mentions per 60 minutes where about 0.5 were expected." */
function countedAgainstExpected(observed: number, signal: string, expected: number): string {
  return `${formatNumber(observed)} ${signal} where about ${formatNumber(expected)} were expected.`;
}

/**
 * The tone and the reach behind the counts, each only when the window has it: a topic whose sources
 * report no engagement (RSS) gets no engagement line rather than "0".
 */
function describeSentimentAndEngagement({ sentiment, engagement }: AlertEventData['evidence']): AlertEventText['facts'] {
  const facts: AlertEventText['facts'] = [];
  if (sentiment && sentiment.during !== null) {
    facts.push({ label: 'Mean sentiment', value: `${formatScore(sentiment.before)} the day before, ${formatScore(sentiment.during)} during` });
  }
  if (engagement && engagement.perMentionDuring !== null) {
    const before = engagement.perMentionBefore === null ? 'unknown' : formatNumber(engagement.perMentionBefore);
    const share = engagement.knownShare === null ? '' : ` (${Math.round(engagement.knownShare * 100)} % of posts report it)`;
    facts.push({
      label: 'Engagement per post',
      value: `${before} the day before, ${formatNumber(engagement.perMentionDuring)} during; ${formatNumber(engagement.totalDuring ?? 0)} in all${share}`,
    });
  }
  return facts;
}

/** "2026-11-30 13:15–14:15 UTC" (the end's date too when the window crosses midnight), with its instants. */
function describeWindow(start: string, end: string, label = 'Window'): AlertFact {
  const from = Date.parse(start);
  const to = Date.parse(end);
  if (!Number.isFinite(from) || !Number.isFinite(to)) return { label, value: `${start} to ${end}` };
  const ends = utcSpanEnds({ from, to });
  return { label, value: `${ends.from.replace(' UTC', '')}–${ends.to}`, span: { from, to } };
}

/** A span's ends in UTC: "2026-11-30 13:15 UTC" and "14:15 UTC" (with the date when it is another day). */
export function utcSpanEnds(span: { from: number; to: number }): { from: string; to: string } {
  const from = new Date(span.from).toISOString();
  const to = new Date(span.to).toISOString();
  const sameDay = from.slice(0, 10) === to.slice(0, 10);
  return { from: `${from.slice(0, 10)} ${from.slice(11, 16)} UTC`, to: `${sameDay ? '' : `${to.slice(0, 10)} `}${to.slice(11, 16)} UTC` };
}

/** " (posted 40 times)" for a text many accounts posted, so a coordinated pile-on reads as one; only a whole number over 1. */
function describeCopies(mention: MentionLink): string {
  const copies = mention.copies;
  if (typeof copies !== 'number' || !Number.isInteger(copies) || copies < 2) return '';
  return ` (posted ${copies}${mention.copiesAtLeast === true ? '+' : ''} times)`;
}

/**
 * How many people the surge is: "3 for 18 posts; one wrote 12 of them". Only when some posts name
 * an author (feeds often do not); the author's name stays out of the message text, it is in the
 * payload and on the dashboard.
 */
function describeAuthors(authors: AuthorSpread | null): AlertEventText['facts'] {
  if (!authors || authors.known === 0) return [];
  const posts = authors.known === authors.mentions ? `${formatNumber(authors.known)} posts` : `the ${formatNumber(authors.known)} of ${formatNumber(authors.mentions)} posts that name one`;
  const one = isMostlyOneAuthor(authors) && authors.top ? `; one wrote ${formatNumber(authors.top.mentions)} of them` : '';
  return [{ label: 'Authors', value: `${formatNumber(authors.distinct)} for ${posts}${one}` }];
}

/** How long the story ran: "volume back after 2 h 5 min, negative share after 3 h 5 min". */
function describeRecovery(recovery: AlertEventData['evidence']['recovery'], tone: string | null): AlertEventText['facts'] {
  if (!recovery || recovery.minutesToVolume === null) return [];
  const share = tone !== null && recovery.minutesToShare !== null ? `, ${tone} share after ${formatMinutes(recovery.minutesToShare)}` : '';
  return [{ label: 'Recovery', value: `volume back after ${formatMinutes(recovery.minutesToVolume)}${share}` }];
}

const BLOCKS = '▁▂▃▄▅▆▇█';

/**
 * The last two hours as a sparkline, so a chat reader sees the surge's shape (a spike, a build, a
 * tail) before opening the page: "▁▁▁▂▁▃▆█▇▅", with the busiest bucket and the usual level in words.
 * One scale for both, so a line of ▁ under a usual level of 10 reads as the silence it is.
 */
function describeRecent(recent: AlertEventData['evidence']['recent']): AlertEventText['facts'] {
  if (!recent || recent.counts.length === 0 || !recent.counts.every((c) => Number.isFinite(c) && c >= 0)) return [];
  const usual = recent.usual.filter((u): u is number => typeof u === 'number' && Number.isFinite(u) && u >= 0);
  const busiest = Math.max(...recent.counts);
  // The alert's own peak sets the scale when it is higher: a resolution's calm hours read as calm.
  const peak = typeof recent.peak === 'number' && Number.isFinite(recent.peak) && recent.peak > busiest ? recent.peak : null;
  const top = Math.max(1, busiest, peak ?? 0, ...usual);
  const sparkline = recent.counts.map((c) => BLOCKS[c <= 0 ? 0 : Math.max(1, Math.round((c / top) * (BLOCKS.length - 1)))]).join('');
  const per = `${formatNumber(recent.bucketMinutes)} min`;
  const atPeak = peak === null ? '' : ` (${formatNumber(peak)} at the alert's peak)`;
  return [{ label: `Last ${formatMinutes(recent.counts.length * recent.bucketMinutes)}`, value: `busiest ${per}: ${formatNumber(busiest)}${atPeak}${describeUsual(usual)}`, sparkline }];
}

/** ", usually about 2.8"; a level under a tenth is "under 0.1", not a rounded "0.0" that reads as none. */
function describeUsual(usual: number[]): string {
  if (usual.length === 0) return '';
  const mean = usual.reduce((a, b) => a + b, 0) / usual.length;
  return mean < 0.1 ? ', usually under 0.1' : `, usually about ${formatNumber(mean)}`;
}

function formatMinutes(total: number): string {
  const hours = Math.floor(total / 60);
  const minutes = Math.round(total - hours * 60);
  return hours === 0 ? `${minutes} min` : minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

/** A sentiment score in [-1, 1] with its sign: "+0.20", "-0.64". */
function formatScore(score: number | null): string {
  if (score === null) return 'unknown';
  return `${score > 0 ? '+' : ''}${score.toFixed(2)}`;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** Cuts to a vendor's length limit, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
