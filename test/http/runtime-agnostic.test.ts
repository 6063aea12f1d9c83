import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** src/http, the feed parsing in src/sources and the Workers SafeFetch must run on Workers: no Node built-ins. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const files = [
  ...readdirSync(path.join(root, 'src/http')).map((name) => `src/http/${name}`),
  'src/runtime/worker/worker-safe-fetch.ts',
  'src/sources/rss-source.ts',
  'src/sources/parse-xml-feed.ts',
  'src/sources/parse-json-feed.ts',
  'src/sources/decode-feed-bytes.ts',
  'src/sources/html-to-text.ts',
  'src/sources/dedup-key.ts',
  'src/sources/canonical-url.ts',
  'src/sources/repair-html-entities.ts',
  'src/sources/unwrap-redirect-link.ts',
];

describe('runtime-agnostic modules', () => {
  it.each(files)('%s imports no Node built-in', (file) => {
    const source = readFileSync(path.join(root, file), 'utf8');
    expect(source).not.toMatch(/from\s+['"]node:/);
    expect(source).not.toMatch(/from\s+['"](fs|http|https|net|dns|zlib|stream|crypto)['"]/);
  });
});
