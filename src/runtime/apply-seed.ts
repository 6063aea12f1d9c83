import { ConfigError } from '../config/config-error';
import type { Seed, SeedWebhook } from '../config/config-schema';
import type { DetectorSettings } from '../detection/detector-settings';
import type { Topic } from '../domain/topic';
import type { Db } from '../storage/database';
import { getTopicDetectorSettings, saveTopicDetectorSettings } from '../storage/detector-settings-store';
import { ensureEndpoint } from '../storage/endpoint-store';
import { saveTopicOverrides } from '../storage/sentiment-store';
import { ensureSource } from '../storage/source-store';
import { foldTopicName } from '../domain/fold-topic-name';
import { findTopicNamedAlike, listTopics, upsertTopicByName } from '../storage/topic-store';

/** Counts only, as logged at start-up: never a URL or a secret. */
export interface SeedReport {
  topics: number;
  /** Of those topics: named like a stored topic being deleted, so left for a start after it is gone. */
  topicsWaiting: number;
  sources: number;
  webhooks: number;
  /** Of those webhooks: created now; brought to the file's settings or secret; given the file's new secret. */
  webhooksCreated: number;
  webhooksUpdated: number;
  secretsReplaced: number;
}

/**
 * When the file's secret replaces a stored one, the old one keeps signing beside it this long (both
 * signatures are sent), as `rotate-secret` does by default: a receiver still holding it keeps verifying.
 */
const replacedSecretGraceMs = 24 * 3_600_000;

/**
 * Applies the config file's topics, sources and webhooks; running it again changes nothing, and a
 * changed file converges: a seeded webhook (matched by URL) takes the settings and secret the file gives.
 * Names are checked before anything is written: a webhook's topic neither in the file nor stored, or a
 * topic named like a stored one but for case or Unicode form, is a ConfigError listing every such name,
 * and the database is left as it was.
 *
 * A file's topic named (or named like) a stored topic being deleted waits: it is left out, with the
 * settings and webhook links the file gives it, and a start after the purge step removed the old one
 * creates it anew. Not a ConfigError: that would stop the Worker's cron, and with it the purge it waits for.
 */
export async function applySeed(db: Db, seed: Seed, now: number): Promise<SeedReport> {
  const stored = await listTopics(db, { includeDeleting: true });
  const live = stored.filter((topic) => !topic.deleting);
  // A webhook may still name a topic being deleted: the link waits with it (toEndpointInput leaves it out).
  const problems = [...findLookAlikeTopicNames(seed, stored), ...findUnknownTopicNames(seed, stored.map((topic) => topic.name))];
  if (problems.length > 0) throw new ConfigError(problems);

  const topicIds = new Map(live.map((topic) => [topic.name, topic.id]));
  let topicsWaiting = 0;
  for (const [index, topic] of seed.topics.entries()) {
    if (findStoredTopicBeingDeleted(stored, topic.name)) {
      topicIds.delete(topic.name);
      topicsWaiting += 1;
      continue;
    }
    const existing = findStoredTopic(stored, topic.name);
    const current = existing?.query === topic.query ? existing : await upsertTopicByName(db, { ...topic, name: existing?.name ?? topic.name }, now);
    if (!current) {
      // The insert refused what the first check let through: a look-alike was created (through the API), or
      // marked for deletion, in between. Marked, it waits as well; created, the file must be fixed. What was
      // written before it stays, as the next start would write it again.
      const holder = await findTopicNamedAlike(db, topic.name);
      if (holder?.deleting) {
        topicsWaiting += 1;
        continue;
      }
      throw new ConfigError([lookAlikeProblem(index, topic.name, holder?.name ?? topic.name)]);
    }
    topicIds.set(topic.name, current.id);
    if (topic.lexiconOverrides) await saveTopicOverrides(db, current.id, topic.lexiconOverrides, now);
    if (topic.detectorSettings) await convergeDetectorSettings(db, current.id, topic.detectorSettings, now);
  }
  for (const source of seed.sources) await ensureSource(db, { kind: source.kind, url: source.url, name: source.name ?? null }, now);

  const report: SeedReport = { topics: seed.topics.length, topicsWaiting, sources: seed.sources.length, webhooks: seed.webhooks.length, webhooksCreated: 0, webhooksUpdated: 0, secretsReplaced: 0 };
  for (const webhook of seed.webhooks) {
    const result = await ensureEndpoint(db, toEndpointInput(webhook, topicIds), now);
    if (result.created) report.webhooksCreated += 1;
    if (result.settingsChanged || result.secretReplaced) report.webhooksUpdated += 1;
    if (result.secretReplaced) report.secretsReplaced += 1;
  }
  return report;
}

/** Saves the file's settings when they differ from the stored ones: the same file again writes nothing. */
async function convergeDetectorSettings(db: Db, topicId: number, settings: DetectorSettings, now: number): Promise<void> {
  const stored = await getTopicDetectorSettings(db, topicId);
  if (JSON.stringify(stored) !== JSON.stringify(settings)) await saveTopicDetectorSettings(db, topicId, settings, now);
}

/**
 * The stored topic a file's name means: the same string, else the same name in another Unicode form (a
 * file written before names were composed stored them as it spelled them, and the file's are composed now).
 */
function findStoredTopic<T extends { name: string }>(stored: T[], name: string): T | undefined {
  return stored.find((candidate) => candidate.name === name) ?? stored.find((candidate) => candidate.name.normalize('NFC') === name);
}

/** A stored topic named like `name` but for case or Unicode form (foldTopicName). */
function findStoredNamedAlike(stored: Topic[], name: string): Topic | undefined {
  const folded = foldTopicName(name);
  return stored.find((candidate) => foldTopicName(candidate.name) === folded);
}

/** The stored topic being deleted that a file's name means, or is named like but for case or Unicode form. */
function findStoredTopicBeingDeleted(stored: Topic[], name: string): Topic | undefined {
  const meant = findStoredTopic(stored, name) ?? findStoredNamedAlike(stored, name);
  return meant?.deleting ? meant : undefined;
}

/**
 * The API refuses `acme` beside a stored `Acme` (foldTopicName); the file must not create one either, nor
 * rename the stored topic behind the dashboard's back. An exact match wins, so a database that already
 * holds both spellings keeps working.
 */
function findLookAlikeTopicNames(seed: Seed, stored: Topic[]): string[] {
  return seed.topics.flatMap((topic, index) => {
    if (findStoredTopic(stored, topic.name) !== undefined) return [];
    // One being deleted is no conflict: the file's topic waits for it (applySeed).
    const near = findStoredNamedAlike(stored, topic.name);
    return near === undefined || near.deleting ? [] : [lookAlikeProblem(index, topic.name, near.name)];
  });
}

function lookAlikeProblem(index: number, name: string, near: string): string {
  return `EARSHOT_CONFIG topics.${index}.name: "${name}" is the stored topic "${near}" but for case or Unicode form; spell it "${near}"`;
}

/** Webhook topic names are exact (the topics table's unique key); a name differing only in case gets a hint. */
function findUnknownTopicNames(seed: Seed, storedNames: string[]): string[] {
  const known = new Set([...storedNames, ...seed.topics.map((topic) => topic.name)]);
  const problems: string[] = [];
  seed.webhooks.forEach((webhook, index) => {
    webhook.topics?.forEach((name, position) => {
      if (known.has(name)) return;
      const near = [...known].find((candidate) => candidate.toLowerCase() === name.toLowerCase());
      const hint = near === undefined ? '' : ` (did you mean "${near}"?)`;
      problems.push(`EARSHOT_CONFIG webhooks.${index}.topics.${position}: no topic named "${name}" in the file or the database${hint}`);
    });
  });
  return problems;
}

function toEndpointInput(webhook: SeedWebhook, topicIds: Map<string, number>) {
  if (webhook.secretEnv !== undefined && webhook.secret === undefined) {
    throw new Error(`webhook secretEnv ${webhook.secretEnv} was not resolved: pass the seed parseConfig returns`);
  }
  // Every name resolves (findUnknownTopicNames ran first) but those of topics being deleted, left out until they are gone; null (every topic) and undefined (left as it is) pass through.
  const ids = (names: string[]) => [...new Set(names.map((name) => topicIds.get(name)).filter((id): id is number => id !== undefined))];
  return {
    url: webhook.url,
    kind: webhook.kind,
    topicIds: webhook.topics == null ? webhook.topics : ids(webhook.topics),
    eventTypes: webhook.eventTypes,
    minSeverity: webhook.minSeverity,
    secret: webhook.secret === undefined ? undefined : { value: webhook.secret, graceMs: replacedSecretGraceMs },
  };
}
