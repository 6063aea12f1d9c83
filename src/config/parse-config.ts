import type { z } from 'zod';
import { envSchema, httpUrl, seedFileSchema, type Config, type Seed, type SeedFile } from './config-schema';
import { isLoopbackHost } from '../http/loopback-host';
import { checkUrl } from '../http/url-guard';
import { resolveSeedSecrets } from './resolve-seed-secrets';

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/**
 * Parses the environment and the optional seed file, collecting every problem at once so an
 * operator fixes them in one go. `readFile` is passed in: the Workers runtime has no file system.
 */
export function parseConfig(
  env: Record<string, string | undefined>,
  readFile?: (path: string) => string,
): ConfigResult {
  const relevant = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key.startsWith('EARSHOT_') && value !== undefined && value !== ''),
  );
  const problems: string[] = [];
  const parsedEnv = envSchema.safeParse(relevant);
  if (!parsedEnv.success) problems.push(...describeIssues(parsedEnv.error));

  let seed: Seed = { topics: [], sources: [], webhooks: [] };
  let urls: SeedUrls = { sources: [], webhooks: [] };
  const seedPath = relevant.EARSHOT_CONFIG;
  if (seedPath && readFile) {
    const loaded = loadSeedFile(seedPath, readFile);
    // Secrets come from the same variables as every other setting (EARSHOT_* only, see secretEnv).
    const resolved = loaded.ok ? resolveSeedSecrets(loaded.seed, relevant, `EARSHOT_CONFIG ${seedPath}`) : loaded;
    if (resolved.ok) seed = resolved.seed;
    else problems.push(...resolved.problems);
    urls = loaded.urls;
  }
  if (parsedEnv.success && seedPath) problems.push(...refusedSeedUrls(urls, parsedEnv.data.EARSHOT_ALLOW_PRIVATE_URLS, `EARSHOT_CONFIG ${seedPath}`));
  if (parsedEnv.success && !parsedEnv.data.EARSHOT_API_KEY && !isLoopbackHost(parsedEnv.data.EARSHOT_HOST)) {
    problems.push(`EARSHOT_API_KEY: required when EARSHOT_HOST (${parsedEnv.data.EARSHOT_HOST}) is not a loopback address`);
  }
  if (problems.length > 0 || !parsedEnv.success) return { ok: false, problems };
  return { ok: true, config: { ...parsedEnv.data, seed, misspeltVariables: findMisspeltVariables(Object.keys(relevant), seed) } };
}

const settingNames = Object.keys(envSchema.shape);

/** Variables a setting's name but for one or two letters, and neither a setting nor a webhook's secretEnv. */
function findMisspeltVariables(names: string[], seed: Seed): { name: string; setting: string }[] {
  const secretNames = new Set(seed.webhooks.map((webhook) => webhook.secretEnv));
  return names.flatMap((name) => {
    if (settingNames.includes(name) || secretNames.has(name)) return [];
    const setting = settingNames.find((candidate) => editDistance(name, candidate) <= 2);
    return setting === undefined ? [] : [{ name, setting }];
  });
}

/** Levenshtein distance: the letters to insert, delete or change to turn one name into the other. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The file's feed and webhook URLs through the same guard every fetch and delivery applies, so a
 * webhook at a private or loopback address is refused at start-up with its place in the file, not
 * hours later as a dead delivery. Only what the URL itself shows can be judged here (a literal
 * address, `localhost`, a metadata name); a hostname that resolves to a private address is still
 * refused at connect time.
 */
function refusedSeedUrls(urls: SeedUrls, allowPrivate: boolean, where: string): string[] {
  const problems: string[] = [];
  const check = (url: string, path: string) => {
    const verdict = checkUrl(url, { allowPrivate });
    if (verdict.kind === 'allowed') return;
    const allowable = !allowPrivate && checkUrl(url, { allowPrivate: true }).kind === 'allowed';
    problems.push(`${where} ${path}: refused by the URL guard: ${verdict.reason}${allowable ? ' (EARSHOT_ALLOW_PRIVATE_URLS=true lets private and loopback addresses through)' : ''}`);
  };
  urls.sources.forEach((url, index) => url !== undefined && check(url, `sources.${index}.url`));
  urls.webhooks.forEach((url, index) => url !== undefined && check(url, `webhooks.${index}.url`));
  return problems;
}

/** The file's feed and webhook URLs by position (undefined where an entry has none that parses). */
interface SeedUrls {
  sources: (string | undefined)[];
  webhooks: (string | undefined)[];
}

/**
 * Read even from a file with other problems, so the guard's refusals are listed beside them: every
 * problem at once, rather than a second round of fixes after the first.
 */
function readSeedUrls(json: unknown): SeedUrls {
  const field = (value: unknown, key: string): unknown => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined);
  const urlsOf = (list: unknown) => (Array.isArray(list) ? list : []).map((entry) => {
    const url = field(entry, 'url');
    return typeof url === 'string' && httpUrl.safeParse(url).success ? url : undefined;
  });
  return { sources: urlsOf(field(json, 'sources')), webhooks: urlsOf(field(json, 'webhooks')) };
}

type LoadedSeed = { ok: true; seed: SeedFile; urls: SeedUrls } | { ok: false; problems: string[]; urls: SeedUrls };

function loadSeedFile(path: string, readFile: (path: string) => string): LoadedSeed {
  const none: SeedUrls = { sources: [], webhooks: [] };
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    return { ok: false, problems: [`EARSHOT_CONFIG: cannot read ${path}: ${(error as Error).message}`], urls: none };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`EARSHOT_CONFIG: ${path} is not valid JSON: ${describeJsonSyntaxError((error as Error).message, text)}`], urls: none };
  }
  const parsed = seedFileSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problems: describeIssues(parsed.error, `EARSHOT_CONFIG ${path}`), urls: readSeedUrls(json) };
  return { ok: true, seed: parsed.data, urls: readSeedUrls(parsed.data) };
}

/**
 * The parser's message without the excerpt of the text V8 quotes in some ("Unexpected token 'w', "{"a":
 * whsec_…" is not valid JSON"): a secret pasted into the file must not reach a log, nor a Worker's
 * answer. A position becomes the line and column an editor shows.
 */
function describeJsonSyntaxError(message: string, text: string): string {
  if (text.trim() === '') return 'the file is empty (an empty seed is {})';
  const reason = message.replace(/, (\.\.\.)?".*$/s, '').replace(/ in JSON at position \d+.*$/s, '');
  const position = /at position (\d+)/.exec(message);
  if (!position) return reason;
  const before = text.slice(0, Number(position[1]));
  return `${reason} at line ${before.split('\n').length}, column ${before.length - before.lastIndexOf('\n')}`;
}

function describeIssues(error: z.ZodError, prefix?: string): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.map(String).join('.');
    const label = [prefix, where].filter(Boolean).join(' ');
    return `${label || 'config'}: ${issue.message}`;
  });
}
