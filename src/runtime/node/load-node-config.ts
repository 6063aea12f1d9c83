import { readFileSync } from 'node:fs';
import { parseConfig } from '../../config/parse-config';
import type { Config } from '../../config/config-schema';
import { ConfigError } from '../../config/config-error';

// Defined beside the schema so applySeed, which runs on Workers too, can throw it; re-exported for the commands.
export { ConfigError };

/** Reads the environment and the EARSHOT_CONFIG file; every problem is listed at once. */
export function loadNodeConfig(env: Record<string, string | undefined>): Config {
  const result = parseConfig(env, (path) => readFileSync(path, 'utf8'));
  if (!result.ok) throw new ConfigError(result.problems);
  return result.config;
}
