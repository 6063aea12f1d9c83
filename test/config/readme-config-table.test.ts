import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { renderConfigTable } from '../../src/config/render-config-table';
import { parseConfig } from '../../src/config/parse-config';

it('README configuration table matches the config schema', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.split('<!-- config-table:start -->')[1]?.split('<!-- config-table:end -->')[0]?.trim();
  expect(section).toBe(renderConfigTable());
});

it("README's EARSHOT_CONFIG example is a file Earshot accepts", () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const example = readme.split('The `EARSHOT_CONFIG` file seeds')[1]?.split('```json')[1]?.split('```')[0] ?? '';
  const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
  const parsed = parseConfig({ EARSHOT_CONFIG: 'earshot.json', EARSHOT_WEBHOOK_SECRET_OPS: secret }, () => example);
  expect(parsed.ok ? [] : parsed.problems).toEqual([]);
  expect(parsed.ok && parsed.config.seed.topics[0]?.detectorSettings?.timeZone).toBe('Europe/Paris');
});
