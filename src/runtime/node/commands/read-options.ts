import { parseArgs } from 'node:util';

export type ReadOptions<S extends string, B extends string> =
  | { ok: true; strings: Partial<Record<S, string>>; flags: Partial<Record<B, true>> }
  | { ok: false; error: string };

/**
 * A command's `--name value` / `--name=value` options and `--flag`s, strictly: an unknown option or a
 * stray argument is refused, and so is a value option given twice. node:util's parseArgs keeps the last
 * of two silently, so `detect --input a.csv --input b.csv` judged b.csv while its user may have meant a.csv.
 */
export function readOptions<S extends string, B extends string>(args: string[], strings: readonly S[], flags: readonly B[] = []): ReadOptions<S, B> {
  let values: Record<string, string[] | boolean | undefined>;
  try {
    const options = Object.fromEntries([
      ...strings.map((name) => [name, { type: 'string' as const, multiple: true }]),
      ...flags.map((name) => [name, { type: 'boolean' as const }]),
    ]);
    values = parseArgs({ args, options, strict: true, allowPositionals: false }).values as Record<string, string[] | boolean | undefined>;
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  const read: Partial<Record<S, string>> = {};
  for (const name of strings) {
    const given = values[name];
    if (!Array.isArray(given)) continue;
    if (given.length > 1) return { ok: false, error: `--${name} is given ${given.length} times; give it once` };
    read[name] = given[0];
  }
  const set: Partial<Record<B, true>> = {};
  for (const name of flags) if (values[name] === true) set[name] = true;
  return { ok: true, strings: read, flags: set };
}
