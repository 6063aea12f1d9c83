/**
 * A configuration the operator has to fix: every problem, listed at once. Thrown at start-up by the
 * Node config loader and by applySeed (topic names in the seed are checked against the database),
 * and turned into exit status 2 without a stack trace. Problems name settings and places, never values.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}
