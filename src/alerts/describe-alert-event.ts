import type { AlertEventPayload, AlertEventData, MentionLink } from './alert-payload';

/** The words every chat format shares, so Slack and Discord say the same thing. */
export interface AlertEventText {
  headline: string;
  summary: string;
  severity: AlertEventData['alert']['severity'] | null;
  facts: Array<{ label: string; value: string }>;
  mentions: Array<{ label: string; mention: MentionLink }>;
  dashboardUrl: string | null;
}

const verbs = { 'alert.opened': 'Backlash detected', 'alert.escalated': 'Backlash escalated', 'alert.resolved': 'Backlash resolved' } as const;

export function describeAlertEvent(payload: AlertEventPayload): AlertEventText {
  if (payload.type === 'test') {
    return { headline: 'Earshot test event', summary: payload.data.message, severity: null, facts: [], mentions: [], dashboardUrl: null };
  }
  const { topic, alert, evidence, mentions } = payload.data;
  const observed = formatNumber(evidence.observed);
  const expected = formatNumber(evidence.expected);
  const signal = evidence.signal ?? 'negative mentions';
  const summary =
    payload.type === 'alert.resolved'
      ? `The backlash on "${topic.name}" has calmed down.`
      : `${observed} ${signal} where about ${expected} were expected.`;
  return {
    headline: `${verbs[payload.type]}: ${topic.name}`,
    summary,
    severity: alert.severity,
    facts: [
      { label: 'Severity', value: alert.severity },
      { label: 'Observed', value: observed },
      { label: 'Expected', value: expected },
      { label: 'Window', value: `${evidence.windowStart} to ${evidence.windowEnd}` },
    ],
    mentions: [
      ...(mentions.first ? [{ label: 'First negative mention', mention: mentions.first }] : []),
      ...(mentions.mostEngaged && mentions.mostEngaged.id !== mentions.first?.id ? [{ label: 'Most engaged negative mention', mention: mentions.mostEngaged }] : []),
    ],
    dashboardUrl: alert.url,
  };
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** Cuts to a vendor's length limit, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
