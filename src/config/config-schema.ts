import { z } from 'zod';
import { sourceKinds } from '../domain/source';

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

export const envSchema = z.object({
  EARSHOT_DB: z.string().min(1, 'must not be empty').default('./data/earshot.db'),
  EARSHOT_PORT: port.default(8787),
  EARSHOT_HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  EARSHOT_API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  EARSHOT_CONFIG: z.string().min(1, 'must not be empty').optional(),
  EARSHOT_ALLOW_PRIVATE_URLS: booleanFlag.default(false),
  EARSHOT_PUBLIC_URL: z.url({ message: 'must be an absolute URL' }).optional(),
  EARSHOT_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  // Operator credentials for the social sources: secrets, never logged (see build-node-deps).
  EARSHOT_REDDIT_CLIENT_ID: z.string().trim().min(1, 'must not be empty').optional(),
  EARSHOT_REDDIT_CLIENT_SECRET: z.string().min(1, 'must not be empty').optional(),
  EARSHOT_BLUESKY_IDENTIFIER: z.string().trim().min(1, 'must not be empty').optional(),
  EARSHOT_BLUESKY_APP_PASSWORD: z.string().min(1, 'must not be empty').optional(),
  EARSHOT_BLUESKY_SERVICE: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).default('https://bsky.social'),
});

export type EnvSettings = z.infer<typeof envSchema>;

export const settingDocs: Record<keyof EnvSettings, string> = {
  EARSHOT_DB: 'SQLite database file (Node runtime). Created with its folder on first start.',
  EARSHOT_PORT: 'Port the API and dashboard listen on.',
  EARSHOT_HOST: 'Address to bind. Anything but loopback requires EARSHOT_API_KEY.',
  EARSHOT_API_KEY: 'Bearer key for the API (stored hashed). Unset is allowed only on a loopback binding.',
  EARSHOT_CONFIG: 'Path of a JSON file that seeds topics, sources and webhooks at start (idempotent).',
  EARSHOT_ALLOW_PRIVATE_URLS: 'Let feeds and webhooks on loopback/private addresses through the URL guard (tests, demo, intranets).',
  EARSHOT_PUBLIC_URL: 'Base URL of the dashboard, used for links in alerts.',
  EARSHOT_LOG_LEVEL: 'debug, info, warn or error.',
  EARSHOT_REDDIT_CLIENT_ID: 'Reddit app-only OAuth client id (a "script" app). With the secret, Reddit search reports scores and comment counts; without, the keyless feed is used.',
  EARSHOT_REDDIT_CLIENT_SECRET: 'Secret of that Reddit app. Never logged.',
  EARSHOT_BLUESKY_IDENTIFIER: 'Bluesky handle or email of the account that searches (Bluesky search needs a signed-in account).',
  EARSHOT_BLUESKY_APP_PASSWORD: 'A Bluesky app password for that account (Settings → App passwords), never the main password. Never logged.',
  EARSHOT_BLUESKY_SERVICE: "The account's service (PDS). The app password is sent there and nowhere else: a Bluesky source pointing at another host is refused.",
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
  return credentials;
}

const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });

/**
 * A topic's sentiment corrections: word or phrase → AFINN-style weight in [-5, 5], 0 making it
 * neutral for this brand (e.g. "killer" for a game studio). Changing them re-scores the topic's mentions.
 */
export const lexiconOverridesSchema = z
  .record(z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters'), z.number().min(-5).max(5))
  .refine((overrides) => Object.keys(overrides).length <= 500, 'at most 500 words');

export const seedTopicSchema = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  query: z.string().trim().min(1, 'must not be empty').max(2000),
  lexiconOverrides: lexiconOverridesSchema.optional(),
});

export const seedSourceSchema = z.object({
  // Search kinds seeded without a topic search for every enabled topic.
  kind: z.enum(sourceKinds),
  url: httpUrl,
  name: z.string().max(200).optional(),
});

export const seedWebhookSchema = z.object({
  url: httpUrl,
});

export const seedFileSchema = z
  .object({
    topics: z.array(seedTopicSchema).default([]),
    sources: z.array(seedSourceSchema).default([]),
    webhooks: z.array(seedWebhookSchema).default([]),
  })
  .strict();

export type SeedFile = z.infer<typeof seedFileSchema>;

export interface Config extends EnvSettings {
  seed: SeedFile;
}
