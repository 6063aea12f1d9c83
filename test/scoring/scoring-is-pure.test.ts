import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The scorer runs unchanged in Cloudflare Workers: no Node built-ins, no file reads, no clock.
const root = new URL('../../src/scoring/', import.meta.url).pathname;
const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));

describe('src/scoring stays pure', () => {
  it('has modules to check', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files)('%s imports no Node built-in and reads no clock', (file) => {
    const source = readFileSync(join(root, file), 'utf8');
    expect(source).not.toMatch(/from ['"](node:|fs|path|os|child_process)/);
    expect(source).not.toMatch(/\brequire\(/);
    expect(source).not.toMatch(/Date\.now\(|new Date\(|performance\.now\(/);
  });
});
