import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { cannotOpenDatabase } from './cannot-open-database';

/**
 * Makes the database file's folder (its user's alone), or says in a ConfigError why the path cannot
 * be a database file: a file in the way of the folder, or a folder where the file should be.
 */
export function prepareDatabaseFolder(path: string): void {
  const folder = dirname(path);
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw cannotOpenDatabase(path, code === 'EEXIST' || code === 'ENOTDIR' ? `${resolve(folder)} is not a folder` : `cannot make its folder ${resolve(folder)} (${code ?? String(error)})`);
  }
  refuseFolder(path);
}

export function refuseFolder(path: string): void {
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw cannotOpenDatabase(path, 'it is a folder: name a file in it, such as earshot.db');
}
