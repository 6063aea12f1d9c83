import type { AlertSeverity } from '../../src/domain/alert';
import type { SafeFetch } from '../../src/http/safe-fetch';
import type { Deps } from '../../src/runtime/deps';
import type { Logger } from '../../src/runtime/logger';
import { createNodeSafeFetch } from '../../src/runtime/node/node-safe-fetch';
import { insertAlert } from '../../src/storage/alert-store';
import type { Db } from '../../src/storage/database';
import { createTopic } from '../../src/storage/topic-store';
import { createTestDb } from './test-db';

export const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);

export interface AlertTestDeps {
  deps: Deps;
  /** Every log line as the JSON a real logger would write: tests search it for secrets and URLs. */
  logLines: string[];
  close(): Promise<void>;
}

/**
 * Deps for delivery tests on a migrated SQLite (a file path lets a test "restart" Earshot on the same
 * database). The real Node SafeFetch, allowed to reach 127.0.0.1 only.
 */
export async function createAlertTestDeps(
  options: { path?: string; fetch?: SafeFetch; publicUrl?: string | null; logLines?: string[] } = {},
): Promise<AlertTestDeps> {
  const db: Db = await createTestDb(options.path ?? ':memory:');
  const logLines: string[] = options.logLines ?? [];
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    logLines.push(JSON.stringify({ level, message, ...fields }));
  };
  const log: Logger = { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
  const fetch = options.fetch ?? createNodeSafeFetch({ allowPrivate: true, privateAllowList: ['127.0.0.1'] });
  const deps: Deps = { db, fetch, log, settings: { publicUrl: options.publicUrl === undefined ? 'https://earshot.example' : options.publicUrl, credentials: {} } };
  return { deps, logLines, close: () => db.destroy() };
}

export async function seedTopic(db: Db, name: string, now = T0): Promise<{ id: number; name: string }> {
  const topic = await createTopic(db, { name, query: name.toLowerCase() }, now);
  if (!topic) throw new Error(`topic ${name} exists`);
  return topic;
}

export async function seedOpenAlert(db: Db, topicId: number, severity: AlertSeverity, now = T0) {
  return insertAlert(
    db,
    {
      topicId,
      kind: 'backlash',
      severity,
      evidence: {
        observed: 42,
        expected: 3,
        windowStart: now - 300_000,
        windowEnd: now,
        signal: 'negative mentions per 5 minutes',
        topMentions: [
          { id: 7, url: 'https://forum.example/t/7', title: 'Refund scandal', excerpt: 'They kept the money', sentimentScore: -0.8, publishedAt: now - 200_000 },
        ],
      },
    },
    now,
  );
}
