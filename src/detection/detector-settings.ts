// Per-topic detector settings: validated once with zod, every problem reported at once with its path,
// so `replay --settings file.json` and the API can say exactly which field is wrong.
import { z } from 'zod';
import { isolateName } from '../domain/isolate-name';
import { isTimeZone } from './local-time';

export const detectionKinds = ['backlash', 'positive-surge', 'volume-spike', 'silence'] as const;
export type DetectionKind = (typeof detectionKinds)[number];
/** Every kind of alert the detector raises: the configurable ones plus source health, which is always on. */
export type LifecycleKind = DetectionKind | 'source-health';

/**
 * Surprise (-log10 of the tail probability under the fitted model) a window needs to fire.
 * medium = 6: one bucket in a million, so three windows over a year of 5-minute buckets (~315,000
 * tests) would false-alarm about once every three years if counts followed the model exactly. Real
 * series are burstier than any fitted model; the margin is what keeps them to a few a month.
 */
export const sensitivityThresholds = { low: 8, medium: 6, high: 4.5 } as const;

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM, 00:00 to 23:59');

/**
 * The same words for a value of the wrong type as for a fraction: the dashboard's Preview (a query
 * string parsed first) and its Save (this schema) must refuse "abc" alike, not one of them in zod's
 * "Invalid input: expected number, received string".
 */
const wholeNumber = z.number({ error: 'must be a whole number' }).int('must be a whole number');

export const detectorSettingsSchema = z
  .object({
    /** How surprising a surge must be to alert: low alerts least, high most. */
    sensitivity: z.enum(['low', 'medium', 'high'], { error: 'must be one of low, medium, high' }).default('medium'),
    /** Fewest mentions (negative ones for a backlash) in the alerting window. */
    minCount: wholeNumber.min(1, 'must be at least 1').max(100_000, 'must be at most 100000').default(5),
    /** How long the signal must stay near baseline before an alert resolves; also the reopen window. */
    cooldownMinutes: wholeNumber.min(5, 'must be at least 5').max(10_080, 'must be at most 10080 (7 days)').default(60),
    /**
     * Hours of learned history before the first alert. Short on purpose: a new topic caught in a
     * storm on its first afternoon should still alert. Until the topic has a week of history its
     * bar is raised instead (see youthMargin in evaluate-topic), because it has not seen a whole
     * day or a whole week yet; a job that seeds a new topic from stored history skips most of this.
     */
    warmupHours: z.number({ error: 'must be a number of hours' }).min(0, 'must be 0 or more').max(672, 'must be at most 672 (4 weeks)').default(3),
    /** Local time for the daily and weekly profile and for quiet hours, as minutes east of UTC. */
    utcOffsetMinutes: wholeNumber.min(-720, 'must be at least -720 (UTC-12)').max(840, 'must be at most 840 (UTC+14)').default(0),
    /**
     * Local time as an IANA time zone ("Europe/Paris"), which follows daylight saving where a fixed
     * offset is an hour off for half the year (local-time.ts). Used instead of utcOffsetMinutes.
     */
    timeZone: z.string({ error: 'must be an IANA time zone such as Europe/Paris, or null' }).refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris or America/New_York').nullable().default(null),
    /** Non-critical notifications are held back between start and end (local time; may wrap midnight). */
    quietHours: z
      .object({ start: clockTime, end: clockTime })
      .strict()
      .refine((q) => q.start !== q.end, 'start and end must differ')
      .nullable()
      .default(null),
    /**
     * Which event kinds to raise. `volume-spike` ignores sentiment (used for plain count series);
     * `silence` is far fewer mentions than usual while every source answered.
     */
    kinds: z
      .array(z.enum(detectionKinds, { error: `must be one of ${detectionKinds.join(', ')}` }), { error: 'must be a list of kinds' })
      .min(1, 'must name at least one kind')
      // A kind named twice is the same setting: stored once, as webhook event types are.
      .transform((kinds) => [...new Set(kinds)])
      .default(['backlash', 'positive-surge', 'silence']),
  })
  .strict()
  .superRefine((settings, ctx) => {
    // Two answers to one question: refuse rather than pick one silently.
    if (settings.timeZone !== null && settings.utcOffsetMinutes !== 0) {
      ctx.addIssue({ code: 'custom', path: ['timeZone'], message: 'set a time zone or a UTC offset, not both (utcOffsetMinutes must be 0 with a time zone)' });
    }
  });

export type DetectorSettings = z.output<typeof detectorSettingsSchema>;
export type DetectorSettingsInput = z.input<typeof detectorSettingsSchema>;

export type SettingsCheck = { ok: true; settings: DetectorSettings } | { ok: false; errors: string[] };

/** Validates settings from a file or a request body; the errors name each field, e.g. "cooldownMinutes: must be at least 5". */
export function checkDetectorSettings(input: unknown): SettingsCheck {
  const result = detectorSettingsSchema.safeParse(input ?? {});
  if (result.success) return { ok: true, settings: result.data };
  const errors = result.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : 'settings';
    if (issue.code === 'unrecognized_keys') return `${where}: unknown setting ${issue.keys.map((k) => `"${isolateName(k)}"`).join(', ')}`;
    return `${where}: ${issue.message}`;
  });
  return { ok: false, errors };
}

export class DetectorSettingsError extends Error {
  constructor(readonly errors: string[]) {
    super(`invalid detector settings:\n  ${errors.join('\n  ')}`);
    this.name = 'DetectorSettingsError';
  }
}

/** Like checkDetectorSettings, but throws a DetectorSettingsError listing every problem. */
export function parseDetectorSettings(input: unknown): DetectorSettings {
  const check = checkDetectorSettings(input);
  if (!check.ok) throw new DetectorSettingsError(check.errors);
  return check.settings;
}

export const defaultDetectorSettings: DetectorSettings = parseDetectorSettings({});
