// The detector's API, under /api/topics/:id:
//   GET  /detector-settings   the topic's settings (defaults filled in)
//   PUT  /detector-settings   replace them; 400 names every invalid field
//   GET  /replay?from=&to=[&sensitivity=&minCount=&cooldownMinutes=&warmupHours=&utcOffsetMinutes=
//        &timeZone=Europe/Paris|off&quietHours=22:00-07:00|off&kinds=a,b]
//        the alerts the detector would have fired over stored history, with the topic's settings
//        overridden by the query: for tuning before saving (every setting, so the dashboard can
//        preview its whole form). Up to 30 days before `from` warm it up (see listReplayBuckets).
import { Hono } from 'hono';
import { z } from 'zod';
import { checkDetectorSettings } from '../detection/detector-settings';
import type { DetectionBucket } from '../detection/evaluate-topic';
import { replayHistory } from '../detection/replay-history';
import type { Topic } from '../domain/topic';
import type { Db } from '../storage/database';
import { firstTopicBucketStart, listDetectionBuckets } from '../storage/detection-store';
import { getTopicDetectorSettings, saveTopicDetectorSettings } from '../storage/detector-settings-store';
import { getTopic } from '../storage/topic-store';
import { invalid, notFound } from './api-error';
import { checkRange, instantString, parseId, parseSearchParams, readJsonBody } from './parse-request';
import { refuseOtherMethods, type RouteContext } from './route-context';
import { takesNoQuery } from './unread-input';

const DAY = 86_400_000;
export const REPLAY_WARMUP_MS = 30 * DAY;
const MAX_REPLAY_MS = 92 * DAY;

const whole = z.string().regex(/^[0-9]{1,6}$/, 'must be a whole number').transform(Number);
const signedWhole = z.string().regex(/^-?[0-9]{1,6}$/, 'must be a whole number').transform(Number);
const decimal = z.string().regex(/^[0-9]{1,6}(\.[0-9]{1,3})?$/, 'must be a number').transform(Number);
/** `22:00-07:00`, or `off` for none; the times themselves are checked with the rest of the settings. */
const quietHoursRange = z.string().transform((value, ctx) => {
  if (value === 'off') return null;
  const match = /^([^-]*)-([^-]*)$/.exec(value);
  if (!match) {
    ctx.addIssue({ code: 'custom', message: 'must be HH:MM-HH:MM (local start and end) or off' });
    return z.NEVER;
  }
  return { start: match[1]!, end: match[2]! };
});

const replaySearch = z
  .strictObject({
    from: instantString,
    to: instantString,
    sensitivity: z.string().optional(),
    minCount: whole.optional(),
    cooldownMinutes: whole.optional(),
    warmupHours: decimal.optional(),
    utcOffsetMinutes: signedWhole.optional(),
    /** An IANA zone, or `off` for none (the fixed offset then); the zone itself is checked with the rest. */
    timeZone: z.string().transform((value) => (value === 'off' ? null : value)).optional(),
    quietHours: quietHoursRange.optional(),
    kinds: z.string().transform((s) => s.split(',').map((k) => k.trim()).filter(Boolean)).optional(),
  })
  .superRefine(checkRange);

/**
 * The buckets a replay runs over: from where the detect job starts a topic (its oldest bucket or its
 * creation, whichever is earlier; see seedStart in jobs/detect.ts), at most REPLAY_WARMUP_MS before
 * `from`. Thirty days of empty buckets before a young topic's first mention would teach the baseline
 * that the topic is silent and old (no youth margin), and the replay would fire what the job never did.
 */
export async function listReplayBuckets(db: Db, topic: Topic, from: number, to: number): Promise<DetectionBucket[]> {
  const first = await firstTopicBucketStart(db, topic.id);
  const start = Math.max(from - REPLAY_WARMUP_MS, Math.min(topic.createdAt, first ?? topic.createdAt));
  return listDetectionBuckets(db, topic.id, start, to);
}

/** "cooldownMinutes: must be at least 5" → { path: "query.cooldownMinutes", message: "must be at least 5" } */
function toProblems(errors: string[], place: 'query' | 'body') {
  return errors.map((e) => {
    const colon = e.indexOf(':');
    const field = e.slice(0, colon);
    return { path: field === 'settings' ? place : `${place}.${field}`, message: e.slice(colon + 2) };
  });
}

export function detectionRoutes({ deps, now }: RouteContext): Hono {
  const app = new Hono();

  app.get('/:id/detector-settings', takesNoQuery, async (c) => {
    const id = parseId(c);
    if (!(await getTopic(deps.db, id))) throw notFound('topic');
    return c.json({ topicId: id, settings: await getTopicDetectorSettings(deps.db, id) });
  });

  app.put('/:id/detector-settings', takesNoQuery, async (c) => {
    const id = parseId(c);
    const body = await readJsonBody(c);
    // checkDetectorSettings reads null as "defaults" (a settings file may be empty); a request must say what it sets.
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalid([{ path: 'body', message: 'must be a JSON object of detector settings' }]);
    const check = checkDetectorSettings(body);
    if (!check.ok) throw invalid(toProblems(check.errors, 'body'));
    if (!(await getTopic(deps.db, id))) throw notFound('topic');
    await saveTopicDetectorSettings(deps.db, id, check.settings, now());
    return c.json({ topicId: id, settings: check.settings });
  });

  app.get('/:id/replay', async (c) => {
    const id = parseId(c);
    const { from, to, ...overrides } = parseSearchParams(c, replaySearch);
    if (to - from > MAX_REPLAY_MS) throw invalid([{ path: 'query.from', message: 'replay at most 92 days at a time' }]);
    const topic = await getTopic(deps.db, id);
    if (!topic) throw notFound('topic');
    const saved = await getTopicDetectorSettings(deps.db, id);
    const check = checkDetectorSettings({ ...saved, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) });
    if (!check.ok) throw invalid(toProblems(check.errors, 'query'));
    const buckets = await listReplayBuckets(deps.db, topic, from, to);
    const alerts = replayHistory({ buckets, settings: check.settings, from, to });
    return c.json({
      topicId: id,
      from,
      to,
      settings: check.settings,
      alerts: alerts.map((a) => ({
        key: a.key,
        kind: a.kind,
        severity: a.severity,
        openedAt: a.openedAt,
        resolvedAt: a.resolvedAt,
        notifications: a.notifications,
        events: a.events.map((e) => ({ type: e.type, at: e.at, severity: e.severity, notify: e.notification.notify, evidence: e.evidence, recovery: e.recovery })),
      })),
    });
  });

  refuseOtherMethods(app, '/:id/detector-settings', ['GET', 'PUT']);
  refuseOtherMethods(app, '/:id/replay', ['GET']);
  return app;
}
