import type { Hono } from 'hono';
import { createApp, type AppOptions } from '../../src/api/create-app';
import type { AlertEvidence, AlertStatus } from '../../src/domain/alert';
import type { ExplanationEntry, SentimentLabel } from '../../src/domain/mention';
import type { LogFields, Logger } from '../../src/runtime/logger';
import { insertAlert, updateAlert } from '../../src/storage/alert-store';
import type { Db } from '../../src/storage/database';
import { insertMentions } from '../../src/storage/mention-store';
import { createTestDb } from '../support/test-db';

export const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);

export interface TestApi {
  app: Hono;
  db: Db;
  errors: Array<{ message: string; fields?: LogFields }>;
  // Tests read answers loosely; the shapes are asserted with toMatchObject.
  /** JSON request helper: `call('POST', '/api/topics', { name, query })`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any; headers: Headers }>;
}

/** The real app on a migrated in-memory SQLite, with a fixed clock and a logger that keeps errors for assertions. */
export async function createTestApi(options: Partial<AppOptions> = {}): Promise<TestApi> {
  const db = await createTestDb();
  const errors: TestApi['errors'] = [];
  const log: Logger = { debug() {}, info() {}, warn() {}, error: (message, fields) => errors.push({ message, ...(fields ? { fields } : {}) }) };
  const app = createApp(
    { db, log, fetch: () => Promise.reject(new Error('no network in API tests')), settings: { publicUrl: null, credentials: {} } } as never,
    { now: () => T0, auth: { required: false }, allowPrivateUrls: false, ...options },
  );
  const call: TestApi['call'] = async (method, path, body, headers = {}) => {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const response = await app.request(path, init);
    const text = await response.text();
    let json: unknown = null;
    if (text !== '') json = JSON.parse(text);
    return { status: response.status, json, headers: response.headers };
  };
  return { app, db, errors, call };
}

/** Stores scored mentions straight through the store, as a crawl would. */
export async function seedMentions(
  db: Db,
  sourceId: number,
  items: Array<{ key: string; label: SentimentLabel; topicIds: number[]; at: number; title?: string; text?: string; explanation?: ExplanationEntry[] }>,
): Promise<void> {
  await insertMentions(
    db,
    sourceId,
    items.map((item) => ({
      draft: {
        dedupKey: item.key,
        url: `https://blog.example/${item.key}`,
        author: null,
        title: item.title ?? `post ${item.key}`,
        text: item.text ?? `text of ${item.key}`,
        publishedAt: item.at,
      },
      sentiment: { score: item.label === 'negative' ? -0.5 : item.label === 'positive' ? 0.5 : 0, label: item.label, explanation: item.explanation ?? [], version: 't' },
      topicIds: item.topicIds,
    })),
    T0 + 24 * 3600_000,
  );
}

export async function seedAlert(db: Db, topicId: number, status: AlertStatus = 'open', evidence: Partial<AlertEvidence> = {}): Promise<number> {
  const alert = await insertAlert(
    db,
    {
      topicId,
      kind: 'backlash',
      severity: 'warning',
      evidence: { observed: 12, expected: 2, windowStart: T0, windowEnd: T0 + 300_000, topMentions: [], ...evidence },
    },
    T0,
  );
  if (status !== 'open') await updateAlert(db, alert.id, { status, ...(status === 'resolved' ? { resolvedAt: T0 } : {}) }, T0);
  return alert.id;
}
