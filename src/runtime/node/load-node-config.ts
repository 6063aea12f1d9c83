import { readFileSync } from 'node:fs';
import { parseConfig } from '../../config/parse-config';
import type { Config } from '../../config/config-schema';

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads the environment and the EARSHOT_CONFIG file; every problem is listed at once. */
export function loadNodeConfig(env: Record<string, string | undefined>): Config {
  const result = parseConfig(env, (path) => readFileSync(path, 'utf8'));
  if (!result.ok) throw new ConfigError(result.problems);
  return result.config;
}
