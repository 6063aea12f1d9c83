import { resolve } from 'node:path';
import { ConfigError } from '../../config/config-error';
import { isDatabaseFile } from './is-database-file';

/**
 * The refusal of EARSHOT_DB for a reason that is the operator's to fix (a folder, another application's
 * file, no permission): a ConfigError, so no stack trace, naming the file by its absolute path.
 */
export function cannotOpenDatabase(path: string, why: string): ConfigError {
  return new ConfigError([`EARSHOT_DB: cannot open ${isDatabaseFile(path) ? resolve(path) : path}: ${why}`]);
}
