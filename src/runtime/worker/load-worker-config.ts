import { parseConfig, type ConfigResult } from '../../config/parse-config';
import type { WorkerEnv } from './worker-env';

/** How problems in the seed name it: a Worker has no file, the seed is the EARSHOT_CONFIG var itself. */
export const seedVarLabel = 'wrangler.toml [vars] EARSHOT_CONFIG';

/**
 * The same schema as Node, read from the Worker's vars and secrets. EARSHOT_CONFIG holds the seed
 * itself (a JSON string, or a TOML table that wrangler hands over as an object) instead of a path:
 * Workers have no file system, so parseConfig's readFile answers with the var's text.
 */
export function loadWorkerConfig(env: WorkerEnv): ConfigResult {
  const strings: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith('EARSHOT_') && typeof value === 'string') strings[name] = value;
  }
  const seed = env.EARSHOT_CONFIG;
  const seedText = typeof seed === 'string' ? seed : seed === undefined || seed === null ? undefined : JSON.stringify(seed);
  if (seedText === undefined || seedText.trim() === '') return parseConfig({ ...strings, EARSHOT_CONFIG: undefined });
  return parseConfig({ ...strings, EARSHOT_CONFIG: seedVarLabel }, () => seedText);
}
