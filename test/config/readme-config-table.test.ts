import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { renderConfigTable } from '../../src/config/render-config-table';

it('README configuration table matches the config schema', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.split('<!-- config-table:start -->')[1]?.split('<!-- config-table:end -->')[0]?.trim();
  expect(section).toBe(renderConfigTable());
});
