import type { SeedFile } from '../config/config-schema';
import type { Db } from '../storage/database';
import { ensureEndpoint } from '../storage/endpoint-store';
import { saveTopicOverrides } from '../storage/sentiment-store';
import { ensureSource } from '../storage/source-store';
import { upsertTopicByName } from '../storage/topic-store';

export interface SeedReport {
  topics: number;
  sources: number;
  webhooks: number;
}

/** Applies the config file's topics, sources and webhooks; running it again changes nothing. */
export async function applySeed(db: Db, seed: SeedFile, now: number): Promise<SeedReport> {
  for (const topic of seed.topics) {
    const stored = await upsertTopicByName(db, topic, now);
    if (topic.lexiconOverrides) await saveTopicOverrides(db, stored.id, topic.lexiconOverrides, now);
  }
  for (const source of seed.sources) await ensureSource(db, { kind: source.kind, url: source.url, name: source.name ?? null }, now);
  for (const webhook of seed.webhooks) await ensureEndpoint(db, webhook.url, now);
  return { topics: seed.topics.length, sources: seed.sources.length, webhooks: seed.webhooks.length };
}
