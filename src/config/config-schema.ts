import { z } from 'zod';
import { foldTopicName } from '../domain/fold-topic-name';
import { inferChannelKind } from '../alerts/infer-channel-kind';
import { isolateName } from '../domain/isolate-name';
import { webhookSettingsFields } from '../api/webhook-settings-fields';
import { sourceKinds } from '../domain/source';
import { detectorSettingsSchema } from '../detection/detector-settings';
import { topicQueryField } from '../matching/topic-query-field';

/**
 * Every setting Earshot reads, in one place. `EARSHOT_*` variables are named only here;
 * the README's configuration table is generated from `settingDocs` below.
 */
const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce
  .number({ message: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');

/**
 * `host=token` pairs, by comma or space: a Mastodon access token per instance (`mastodon.social=abc…`). A
 * bare host or an `https://host` origin; each host once. Messages name the host, never the token.
 */
const mastodonTokens = z.string().transform((raw, ctx) => {
  const tokens: Record<string, string> = {};
  for (const pair of raw.split(/[\s,]+/).filter((part) => part !== '')) {
    const split = pair.indexOf('=');
    const host = split > 0 ? instanceHostOf(pair.slice(0, split)) : null;
    const token = split > 0 ? pair.slice(split + 1) : '';
    // Without a host, the entry may be a token pasted alone: it is not repeated.
    if (host === null) ctx.addIssue({ code: 'custom', message: split > 0 ? `"${isolateName(pair.slice(0, split))}" is not an instance's host: each entry is host=token (e.g. mastodon.social=…)` : 'each entry must be host=token (e.g. mastodon.social=…): one has no host' });
    else if (!/^[\x21-\x7e]+$/.test(token)) ctx.addIssue({ code: 'custom', message: `the token for ${host} is empty or not printable ASCII` });
    else if (host in tokens) ctx.addIssue({ code: 'custom', message: `${host} is given twice` });
    else tokens[host] = token;
  }
  return tokens;
});

/** `mastodon.social`, `Mastodon.Social:443` or `https://mastodon.social` → the URL host the adapter compares; null when it is not a bare host. */
function instanceHostOf(text: string): string | null {
  const withScheme = /^https?:\/\//i.test(text) ? text : `https://${text}`;
  if (!/^https?:\/\/[^/?#@\s]+\/?$/i.test(withScheme)) return null;
  try {
    return new URL(withScheme).host;
  } catch {
    return null;
  }
}

export const envSchema = z.object({
  EARSHOT_DB: z.string().min(1, 'must not be empty').default('./data/earshot.db'),
  EARSHOT_PORT: port.default(8787),
  EARSHOT_HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  EARSHOT_API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  EARSHOT_CONFIG: z.string().min(1, 'must not be empty').optional(),
  EARSHOT_ALLOW_PRIVATE_URLS: booleanFlag.default(false),
  // Alert links are built on it and sent to chat and webhook receivers: a dashboard is http(s), never javascript: or ftp:.
  EARSHOT_PUBLIC_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  EARSHOT_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  EARSHOT_BACKUP_DIR: z.string().min(1, 'must not be empty').optional(),
  EARSHOT_BACKUP_KEEP: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be between 1 and 365').max(365, 'must be between 1 and 365').default(7),
  // Operator credentials for the social sources: secrets, never logged (see build-node-deps).
  EARSHOT_REDDIT_CLIENT_ID: z.string().trim().min(1, 'must not be empty').optional(),
  EARSHOT_REDDIT_CLIENT_SECRET: z.string().min(1, 'must not be empty').optional(),
  EARSHOT_BLUESKY_IDENTIFIER: z.string().trim().min(1, 'must not be empty').optional(),
  EARSHOT_BLUESKY_APP_PASSWORD: z.string().min(1, 'must not be empty').optional(),
  EARSHOT_BLUESKY_SERVICE: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).default('https://bsky.social'),
  EARSHOT_MASTODON_TOKENS: mastodonTokens.optional(),
});

export type EnvSettings = z.infer<typeof envSchema>;

export const settingDocs: Record<keyof EnvSettings, string> = {
  EARSHOT_DB: "SQLite database file (Node runtime). Created with its folder on first start, both its user's alone (0600, 0700): it holds webhook signing secrets. Another application's SQLite file (tables, no Earshot migrations) is refused and left as it was; an empty file is taken.",
  EARSHOT_PORT: 'Port the API and dashboard listen on.',
  EARSHOT_HOST: 'Address to bind. Anything but loopback (127.x.x.x written out, ::1, localhost) requires EARSHOT_API_KEY.',
  EARSHOT_API_KEY: 'Bearer key for the API (stored hashed). Unset is allowed only on a loopback binding.',
  EARSHOT_CONFIG: 'Path of a JSON file that seeds topics, sources and webhooks at start (idempotent).',
  EARSHOT_ALLOW_PRIVATE_URLS: 'Let feeds and webhooks on loopback/private addresses through the URL guard (tests, demo, intranets).',
  EARSHOT_PUBLIC_URL: 'Base URL of the dashboard, used for links in alerts.',
  EARSHOT_LOG_LEVEL: 'debug, info, warn or error.',
  EARSHOT_BACKUP_DIR: 'Folder for daily backups of the database (Node runtime): one consistent copy a day, earshot-YYYY-MM-DD.db. Unset: none (the backup command still works).',
  EARSHOT_BACKUP_KEEP: 'How many daily backups EARSHOT_BACKUP_DIR keeps; older ones are removed. One named after today (a clock wrong then, or now) is neither counted nor removed, and logged as a warning.',
  EARSHOT_REDDIT_CLIENT_ID: 'Reddit app-only OAuth client id (a "script" app). With the secret, Reddit search reports scores and comment counts; without, the keyless feed is used.',
  EARSHOT_REDDIT_CLIENT_SECRET: 'Secret of that Reddit app. Never logged.',
  EARSHOT_BLUESKY_IDENTIFIER: 'Bluesky handle or email of the account that searches (Bluesky search needs a signed-in account).',
  EARSHOT_BLUESKY_APP_PASSWORD: 'A Bluesky app password for that account (Settings → App passwords), never the main password. Never logged.',
  EARSHOT_BLUESKY_SERVICE: "The account's service (PDS). The app password is sent there and nowhere else: a Bluesky source pointing at another host is refused.",
  EARSHOT_MASTODON_TOKENS: 'Mastodon access tokens by instance, `host=token` pairs separated by commas (e.g. `mastodon.social=…`; an app\'s token with the `read:search` and `read:statuses` scopes). Each is sent only to its own instance, over https: status search answers signed-in users only on most instances, and some close tag timelines to visitors. Never logged.',
};

/**
 * Operator credentials by source kind, as adapters read them from `io.credentials[kind]`. A service
 * appears only when all its settings are given: half a credential is no credential.
 */
export function sourceCredentials(env: EnvSettings): Record<string, Record<string, string> | undefined> {
  const credentials: Record<string, Record<string, string>> = {};
  if (env.EARSHOT_REDDIT_CLIENT_ID && env.EARSHOT_REDDIT_CLIENT_SECRET) {
    credentials.reddit = { clientId: env.EARSHOT_REDDIT_CLIENT_ID, clientSecret: env.EARSHOT_REDDIT_CLIENT_SECRET };
  }
  if (env.EARSHOT_BLUESKY_IDENTIFIER && env.EARSHOT_BLUESKY_APP_PASSWORD) {
    credentials.bluesky = {
      identifier: env.EARSHOT_BLUESKY_IDENTIFIER,
      appPassword: env.EARSHOT_BLUESKY_APP_PASSWORD,
      service: env.EARSHOT_BLUESKY_SERVICE,
    };
  }
  if (env.EARSHOT_MASTODON_TOKENS && Object.keys(env.EARSHOT_MASTODON_TOKENS).length > 0) credentials.mastodon = { ...env.EARSHOT_MASTODON_TOKENS };
  return credentials;
}

export const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });

/**
 * A topic's sentiment corrections: word or phrase → AFINN-style weight in [-5, 5], 0 making it
 * neutral for this brand (e.g. "killer" for a game studio). Changing them re-scores the topic's mentions.
 */
export const lexiconOverridesSchema = z
  .unknown()
  .superRefine(refuseAmbiguousOverrideKeys)
  .pipe(z.record(z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters'), z.number().min(-5).max(5)))
  .refine((overrides) => Object.keys(overrides).length <= 500, 'at most 500 words');

/**
 * Two keys that are one word once trimmed (" love " and "love") would keep one weight silently, and
 * "__proto__" would be dropped by the object it lands in: both refused, so what is saved is what was sent.
 */
function refuseAmbiguousOverrideKeys(value: unknown, ctx: z.RefinementCtx): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  const seen = new Map<string, string>();
  for (const key of Object.keys(value)) {
    if (key === '__proto__') ctx.addIssue({ code: 'custom', path: [key], message: 'is not a word Earshot can store' });
    const word = key.trim();
    const earlier = seen.get(word);
    if (earlier !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `is the same word as ${JSON.stringify(isolateName(earlier))}: give it once` });
    else seen.set(word, key);
  }
}

/**
 * Unknown keys in the file are refused, named: a misspelt `lexiconOverride` silently dropped would be a
 * setting the operator believes is applied.
 */
const refuseUnknownKeys = { error: (issue: { code?: string; keys?: readonly string[] }) => (issue.code === 'unrecognized_keys' ? unknownKeys(issue.keys ?? []) : undefined) };

function unknownKeys(keys: readonly string[]): string {
  return `unknown key${keys.length > 1 ? 's' : ''} ${keys.map((key) => `"${isolateName(key)}"`).join(', ')}`;
}

export const seedTopicSchema = z.strictObject({
  // Composed (NFC), as the API stores names: the same name typed and pasted is one string.
  name: z.string().trim().normalize('NFC').min(1, 'must not be empty').max(200),
  // The API's own check: a query the matcher cannot parse would be a topic that never hears anything.
  query: topicQueryField,
  lexiconOverrides: lexiconOverridesSchema.optional(),
  /**
   * The topic's detector settings, as the API takes them: given, they replace the stored ones whole at
   * every start (a field left out takes its default); left out, the settings stay as they are (set on
   * the dashboard, say).
   */
  detectorSettings: detectorSettingsSchema.optional(),
}, refuseUnknownKeys);

export const seedSourceSchema = z.strictObject({
  // Search kinds seeded without a topic search for every enabled topic.
  kind: z.enum(sourceKinds),
  url: httpUrl,
  name: z.string().max(200).optional(),
}, refuseUnknownKeys);

/**
 * The name of the variable that holds a webhook's signing secret. The file is often committed, so the
 * secret itself never goes in it; EARSHOT_ names only, so a file cannot point at unrelated variables and
 * both runtimes pass them through (see parseConfig, loadWorkerConfig). Messages never repeat the value.
 */
const secretEnvField = z.string().superRefine((name, ctx) => {
  if (name.startsWith('whsec_')) ctx.addIssue({ code: 'custom', message: 'is the secret itself: put it in an environment variable and give that variable\'s name here' });
  else if (!/^EARSHOT_[A-Z0-9_]+$/.test(name)) ctx.addIssue({ code: 'custom', message: 'must be the name of an environment variable: EARSHOT_ followed by A-Z, 0-9 or _' });
  else if (name in envSchema.shape) ctx.addIssue({ code: 'custom', message: `names ${name}, one of Earshot's own settings; use a variable of its own` });
});

/** The names counterpart of webhookSettingsFields.topicIds: a file cannot know ids. Resolved by applySeed. */
const seedTopicNames = z
  .array(seedTopicSchema.shape.name, { message: 'must be a list of topic names' })
  .min(1, 'must list at least one topic, or be null for every topic')
  .max(100, 'must list at most 100 topics')
  .nullable()
  .optional();

/** What the kind/secretEnv check reads; it runs whenever these are valid, even beside other problems. */
const webhookKindInputs = z.object({ url: httpUrl, kind: webhookSettingsFields.kind, secretEnv: z.string().optional() });

/**
 * A seeded endpoint: created or brought up to date by URL at every start. The settings are the API's own
 * fields; a field left out is left as it is. Unknown keys are refused: a pasted `"secret": "whsec_…"` must
 * not be silently dropped (the message names the key, never its value).
 */
export const seedWebhookSchema = z
  .strictObject(
    {
      url: httpUrl,
      kind: webhookSettingsFields.kind,
      topics: seedTopicNames,
      eventTypes: webhookSettingsFields.eventTypes,
      minSeverity: webhookSettingsFields.minSeverity,
      secretEnv: secretEnvField.optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? unknownWebhookKeys(issue.keys) : undefined) },
  )
  .superRefine(
    (webhook, ctx) => {
      const kind = webhook.kind ?? inferChannelKind(webhook.url);
      if (webhook.secretEnv !== undefined && kind !== 'webhook') {
        ctx.addIssue({ code: 'custom', path: ['secretEnv'], message: `only kind webhook is signed; a ${kind} URL is its own secret` });
      }
    },
    // Every problem at once: not skipped because another field has one.
    { when: (payload) => webhookKindInputs.safeParse(payload.value).success },
  );

function unknownWebhookKeys(keys: readonly string[]): string {
  const hint = keys.some((key) => /secret/i.test(key)) ? ': give the signing secret in an environment variable named by secretEnv, never in this file' : '';
  return `${unknownKeys(keys)}${hint}`;
}

const webhookUrls = z.object({ webhooks: z.array(z.object({ url: z.string() })) });
const topicNames = z.object({ topics: z.array(z.object({ name: z.string() })) });

export const seedFileSchema = z
  .strictObject(
    {
      topics: z.array(seedTopicSchema).default([]),
      sources: z.array(seedSourceSchema).default([]),
      webhooks: z.array(seedWebhookSchema).default([]),
    },
    refuseUnknownKeys,
  )
  .superRefine(
    (seed, ctx) => {
      // Topics are matched by name, and names that differ only in case or Unicode form are one (foldTopicName).
      const first = new Map<string, number>();
      seed.topics.forEach((topic, index) => {
        const key = foldTopicName(topic.name.trim());
        const earlier = first.get(key);
        if (earlier === undefined) first.set(key, index);
        else ctx.addIssue({ code: 'custom', path: ['topics', index, 'name'], message: `names the topic of topics.${earlier} again (names that differ only in case are one); give each topic once` });
      });
    },
    // Every problem at once: not skipped because another field has one.
    { when: (payload) => topicNames.safeParse(payload.value).success },
  )
  .superRefine(
    (seed, ctx) => {
      // Endpoints are matched by URL: two entries for one URL would fight over its settings at every start.
      const first = new Map<string, number>();
      seed.webhooks.forEach((webhook, index) => {
        const earlier = first.get(webhook.url);
        if (earlier === undefined) first.set(webhook.url, index);
        else ctx.addIssue({ code: 'custom', path: ['webhooks', index, 'url'], message: `is the URL of webhooks.${earlier} too; give each endpoint once` });
      });
    },
    { when: (payload) => webhookUrls.safeParse(payload.value).success },
  );

export type SeedFile = z.infer<typeof seedFileSchema>;

/** A seeded webhook as applied: the signing secret read from the variable its secretEnv names. */
export type SeedWebhook = SeedFile['webhooks'][number] & { secret?: string };

/** The seed as applySeed takes it; parseConfig resolves each secretEnv (a SeedFile without secrets is one too). */
export type Seed = Omit<SeedFile, 'webhooks'> & { webhooks: SeedWebhook[] };

export interface Config extends EnvSettings {
  seed: Seed;
  /**
   * EARSHOT_ variables set but read by nothing, whose names are a letter or two from a setting's
   * (EARSHOT_PROT): a typo to warn about at start. Others (a receiver's EARSHOT_WEBHOOK_SECRET in the
   * same shell, EARSHOT_DEMO_DAY) are none of this process's business.
   */
  misspeltVariables?: { name: string; setting: string }[];
}
