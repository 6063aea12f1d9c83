// The dev set and harness live beside the repo in ../shared/data/sentiment (see its README).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function resolveDataDir() {
  const dir = resolve(REPO_ROOT, '..', 'shared', 'data', 'sentiment');
  if (!existsSync(join(dir, 'sentiment-score.mjs'))) {
    throw new Error(`sentiment dev set not found at ${dir}: expected ../shared/data/sentiment/sentiment-score.mjs beside the repo`);
  }
  return dir;
}

export { REPO_ROOT };
