// `earshot replay --topic ID --from DATE --to DATE [--settings FILE] [--json]`: runs the detector
// over the stored history of a topic and lists the alerts it would have fired, for tuning settings
// before saving them. Dates are YYYY-MM-DD or ISO date-times (UTC when no zone is given). Up to 30
// days before --from warm the baseline up, from the topic's first bucket as the detect job starts it.
// Exit 0 with the list, 1 on bad input, 2 on bad usage.
import { readFile } from 'node:fs/promises';
import { listReplayBuckets } from '../../../api/detection-routes';
import { checkDetectorSettings } from '../../../detection/detector-settings';
import { parseTimestamp } from '../../../detection/parse-series-csv';
import { replayHistory, type ReplayedAlert } from '../../../detection/replay-history';
import { getTopicDetectorSettings } from '../../../storage/detector-settings-store';
import { getTopic } from '../../../storage/topic-store';
import { buildNodeDeps } from '../build-node-deps';
import { loadNodeConfig } from '../load-node-config';
import type { CommandIo } from './command-io';
import { resolveTypedPath } from './resolve-typed-path';
import { describeReadError } from './describe-read-error';
import { readOptions } from './read-options';
import { withConfig } from './with-config';

const usage = 'usage: earshot replay --topic ID --from DATE --to DATE [--settings FILE] [--json]\n';

export async function run(args: string[], io: CommandIo): Promise<number> {
  const parsed = parseOptions(args);
  if (!parsed.ok) {
    io.stderr.write(`replay: ${parsed.error}\n${usage}`);
    return 2;
  }
  const file = await loadSettingsFile(parsed.settingsFile === null ? null : resolveTypedPath(parsed.settingsFile, io.env));
  if (!file.ok) {
    io.stderr.write(`replay: ${file.error}\n`);
    return 1;
  }
  return withConfig(io, async () => {
    const runtime = await buildNodeDeps(loadNodeConfig(io.env), Date.now());
    try {
      const topic = await getTopic(runtime.deps.db, parsed.topicId);
      if (!topic) {
        io.stderr.write(`replay: no topic ${parsed.topicId}\n`);
        return 1;
      }
      // The topic's saved settings, with the file's fields on top: try a change before saving it.
      const settings = checkDetectorSettings({ ...(await getTopicDetectorSettings(runtime.deps.db, topic.id)), ...file.value });
      if (!settings.ok) {
        io.stderr.write(`replay: ${parsed.settingsFile}:\n  ${settings.errors.join('\n  ')}\n`);
        return 1;
      }
      const buckets = await listReplayBuckets(runtime.deps.db, topic, parsed.from, parsed.to);
      const alerts = replayHistory({ buckets, settings: settings.settings, from: parsed.from, to: parsed.to });
      io.stdout.write(parsed.json ? `${JSON.stringify({ topicId: topic.id, settings: settings.settings, alerts })}\n` : formatAlerts(topic.name, alerts));
      return 0;
    } finally {
      await runtime.close();
    }
  });
}

type Options = { ok: true; topicId: number; from: number; to: number; settingsFile: string | null; json: boolean } | { ok: false; error: string };

function parseOptions(args: string[]): Options {
  const read = readOptions(args, ['topic', 'from', 'to', 'settings'], ['json']);
  if (!read.ok) return read;
  const { topic, settings } = read.strings;
  const topicId = Number(topic);
  if (!Number.isSafeInteger(topicId) || topicId < 1) return { ok: false, error: '--topic must be a topic id' };
  const from = parseDate(read.strings.from);
  const to = parseDate(read.strings.to);
  if (Number.isNaN(from) || Number.isNaN(to)) return { ok: false, error: '--from and --to must be dates (YYYY-MM-DD or an ISO date-time)' };
  if (from >= to) return { ok: false, error: '--from must be before --to' };
  return { ok: true, topicId, from, to, settingsFile: settings ?? null, json: read.flags.json === true };
}

function parseDate(value: string | undefined): number {
  if (value === undefined) return NaN;
  return parseTimestamp(value);
}

/** The settings file's fields, validated on their own first so errors name the file's own fields. */
async function loadSettingsFile(file: string | null): Promise<{ ok: true; value: Record<string, unknown> } | { ok: false; error: string }> {
  if (file === null) return { ok: true, value: {} };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, error: `cannot read ${file}: ${describeReadError(error)}` };
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `${file}: not JSON: ${(error as Error).message}` };
  }
  const check = checkDetectorSettings(input);
  return check.ok ? { ok: true, value: input as Record<string, unknown> } : { ok: false, error: `${file}:\n  ${check.errors.join('\n  ')}` };
}

function formatAlerts(topicName: string, alerts: ReplayedAlert[]): string {
  const iso = (t: number | null) => (t === null ? 'still open' : new Date(t).toISOString().slice(0, 16).replace('T', ' '));
  const lines = [`${alerts.length} alert(s) for "${topicName}"`];
  for (const a of alerts) {
    const first = a.events[0]?.evidence;
    const why = first ? `${first.observed} vs ${first.expected} expected in ${first.windowMinutes} min (surprise ${first.surprise})` : '';
    lines.push(`  ${iso(a.openedAt)} → ${iso(a.resolvedAt)}  ${a.kind.padEnd(14)} ${a.severity.padEnd(8)} ${a.notifications} notification(s)  ${why}`);
  }
  return `${lines.join('\n')}\n`;
}
