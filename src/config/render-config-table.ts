import { envSchema, settingDocs, type EnvSettings } from './config-schema';

/** The README's configuration table, rendered from the schema so the two cannot drift (a test compares them). */
export function renderConfigTable(): string {
  const defaults = envSchema.parse({}) as Partial<EnvSettings>;
  const rows = (Object.keys(settingDocs) as Array<keyof EnvSettings>).map((key) => {
    const value = defaults[key];
    const shown = value === undefined ? '(unset)' : `\`${String(value)}\``;
    return `| \`${key}\` | ${shown} | ${settingDocs[key]} |`;
  });
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}
