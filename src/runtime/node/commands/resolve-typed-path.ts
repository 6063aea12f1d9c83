import { resolve } from 'node:path';

/**
 * A file path the user typed on the command line, from the folder they typed it in. npm runs a
 * package's scripts in the package's folder whatever folder it was called from, so
 * `npm run -s earshot -- detect --input series.csv` in a subfolder read the repository's
 * series.csv (or none); npm says where it was called in INIT_CWD. Only for the `earshot` script
 * itself: a command another script starts (the tests under `npm test`) inherits INIT_CWD but runs
 * where it was started. Settings in the environment (EARSHOT_DB, EARSHOT_CONFIG) keep the repository's
 * folder, so `npm start` finds the same database from anywhere.
 */
export function resolveTypedPath(path: string, env: Record<string, string | undefined>): string {
  const typedIn = env['npm_lifecycle_event'] === 'earshot' && env['INIT_CWD'] ? env['INIT_CWD'] : process.cwd();
  return resolve(typedIn, path);
}
