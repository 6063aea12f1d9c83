// Per-topic detector settings. The table is this module's own (migration 0004), so its row type
// lives here rather than in the shared Database interface.
import type { Kysely } from 'kysely';
import { checkDetectorSettings, defaultDetectorSettings, type DetectorSettings } from '../detection/detector-settings';
import type { Database, Db } from './database';

interface TopicDetectorSettingsTable {
  topic_id: number;
  /** JSON of the settings as the user gave them (defaults are filled in when read). */
  settings: string;
  updated_at: number;
}

type SettingsDb = Kysely<Database & { topic_detector_settings: TopicDetectorSettingsTable }>;

/** The topic's settings, defaults where none were saved. A stored row that no longer validates (an older version) reads as the defaults. */
export async function getTopicDetectorSettings(db: Db, topicId: number): Promise<DetectorSettings> {
  const row = await (db as unknown as SettingsDb).selectFrom('topic_detector_settings').select('settings').where('topic_id', '=', topicId).executeTakeFirst();
  if (!row) return defaultDetectorSettings;
  const check = checkDetectorSettings(JSON.parse(row.settings));
  return check.ok ? check.settings : defaultDetectorSettings;
}

/** Saves already validated settings; the caller validates with checkDetectorSettings first. */
export async function saveTopicDetectorSettings(db: Db, topicId: number, settings: DetectorSettings, now: number): Promise<void> {
  const json = JSON.stringify(settings);
  await (db as unknown as SettingsDb)
    .insertInto('topic_detector_settings')
    .values({ topic_id: topicId, settings: json, updated_at: now })
    .onConflict((oc) => oc.column('topic_id').doUpdateSet({ settings: json, updated_at: now }))
    .execute();
}
