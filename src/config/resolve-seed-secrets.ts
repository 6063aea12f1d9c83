import type { Seed, SeedFile } from './config-schema';
import { isStandardWebhookSecret } from './is-standard-webhook-secret';

export type SeedSecretsResult = { ok: true; seed: Seed } | { ok: false; problems: string[] };

/**
 * Reads each seeded webhook's signing secret from the variable its `secretEnv` names, checking it is a
 * Standard Webhooks secret. Problems name the variable, never its value: a Worker answers them over HTTP.
 */
export function resolveSeedSecrets(seed: SeedFile, env: Record<string, string | undefined>, label: string): SeedSecretsResult {
  const problems: string[] = [];
  const webhooks = seed.webhooks.map((webhook, index) => {
    const name = webhook.secretEnv;
    if (name === undefined) return webhook;
    const secret = env[name];
    const where = `${label} webhooks.${index}.secretEnv`;
    if (secret === undefined || secret === '') {
      problems.push(`${where}: ${name} is not set (or empty)`);
    } else if (!isStandardWebhookSecret(secret)) {
      problems.push(`${where}: ${name} is not a Standard Webhooks secret: whsec_ followed by the base64 of 24 to 64 random bytes, nothing before or after it`);
    } else {
      return { ...webhook, secret };
    }
    return webhook;
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, seed: { ...seed, webhooks } };
}
