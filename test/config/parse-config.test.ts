import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config';

const files: Record<string, string> = {
  'good.json': JSON.stringify({ topics: [{ name: 'Acme', query: 'acme' }], sources: [{ kind: 'rss', url: 'https://example.com/feed' }], webhooks: [{ url: 'https://hooks.example.com/x' }] }),
  'bad.json': JSON.stringify({ topics: [{ name: '', query: 'acme' }], sources: [{ kind: 'ftp', url: 'nope' }], extra: 1 }),
  'broken.json': '{ not json',
};
const readFile = (path: string) => {
  const text = files[path];
  if (text === undefined) throw new Error('ENOENT: no such file');
  return text;
};

describe('parseConfig', () => {
  it('runs with nothing set, on the documented defaults', () => {
    const result = parseConfig({}, readFile);
    expect(result).toMatchObject({ ok: true, config: { EARSHOT_DB: './data/earshot.db', EARSHOT_PORT: 8787, EARSHOT_HOST: '127.0.0.1', EARSHOT_ALLOW_PRIVATE_URLS: false } });
  });

  it('reads the seed file', () => {
    const result = parseConfig({ EARSHOT_CONFIG: 'good.json' }, readFile);
    expect(result.ok && result.config.seed.topics).toEqual([{ name: 'Acme', query: 'acme' }]);
  });

  it('lists every problem at once', () => {
    const result = parseConfig(
      { EARSHOT_PORT: 'eighty', EARSHOT_ALLOW_PRIVATE_URLS: 'maybe', EARSHOT_API_KEY: 'short', EARSHOT_CONFIG: 'bad.json' },
      readFile,
    );
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.some((p) => p.startsWith('EARSHOT_PORT'))).toBe(true);
    expect(problems.some((p) => p.startsWith('EARSHOT_ALLOW_PRIVATE_URLS'))).toBe(true);
    expect(problems.some((p) => p.startsWith('EARSHOT_API_KEY'))).toBe(true);
    expect(problems.some((p) => p.includes('topics.0.name'))).toBe(true);
    expect(problems.some((p) => p.includes('sources.0.kind'))).toBe(true);
    expect(problems.some((p) => p.includes('extra'))).toBe(true);
  });

  it.each([
    ['missing file', 'missing.json', 'cannot read'],
    ['invalid JSON', 'broken.json', 'not valid JSON'],
  ])('reports a %s', (_name, path, message) => {
    const result = parseConfig({ EARSHOT_CONFIG: path }, readFile);
    expect(result.ok ? [] : result.problems.join('\n')).toContain(message);
  });

  it('refuses a public binding without an API key', () => {
    const result = parseConfig({ EARSHOT_HOST: '0.0.0.0' }, readFile);
    expect(result.ok ? '' : result.problems.join('\n')).toContain('EARSHOT_API_KEY: required');
  });

  it('accepts a public binding with a key', () => {
    expect(parseConfig({ EARSHOT_HOST: '0.0.0.0', EARSHOT_API_KEY: 'k'.repeat(32) }, readFile).ok).toBe(true);
  });
});
