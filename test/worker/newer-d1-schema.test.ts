/**
 * The Worker in workerd (`wrangler dev`, local D1) on a D1 that the next version's
 * `wrangler d1 migrations apply` already migrated, before that version is deployed. Unlike Node, which
 * refuses a newer database, the Worker runs on (those migrations are additive, made for this window)
 * and logs a warning naming what it does not know: otherwise every request would fail until the deploy.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startWranglerDev, type WranglerDev } from './wrangler-dev';

const migrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');
const apiKey = 'worker-test-key-0123456789';
const warning = 'the database has migrations this Worker does not know: deploy the version that made them';

let worker: WranglerDev;

/** Every migration this version ships (as `wrangler d1 migrations apply` runs them), then one of the next version's. */
async function newerD1Schema(): Promise<string> {
  const files = (await readdir(migrationsDir)).filter((name) => name.endsWith('.sql')).sort();
  const shipped = await Promise.all(files.map((name) => readFile(path.join(migrationsDir, name), 'utf8')));
  return [
    ...shipped,
    'create table if not exists topic_archives (topic_id integer primary key, archived_at integer not null);',
    "insert or ignore into schema_migrations (name, applied_at) values ('0099-add-topic-archives', 0);",
  ].join('\n');
}

interface LogLine {
  level: string;
  message: string;
  newer?: string[];
  applied?: string[];
}

function logLines(): LogLine[] {
  return worker
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{') && line.endsWith('}'))
    .map((line) => JSON.parse(line) as LogLine);
}

beforeAll(async () => {
  worker = await startWranglerDev({ EARSHOT_LOG_LEVEL: 'info', EARSHOT_API_KEY: apiKey }, { d1Sql: await newerD1Schema() });
}, 180_000);

afterAll(async () => {
  await worker?.stop();
});

it('runs on a D1 a newer version migrated, and warns naming the migrations it does not know', async () => {
  const auth = { authorization: `Bearer ${apiKey}` };
  const created = await fetch(`${worker.origin}/api/topics`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Acme', query: 'acme' }),
  });
  expect(created.status, worker.output()).toBe(201);
  const listed = await fetch(`${worker.origin}/api/topics`, { headers: auth });
  expect(listed.status).toBe(200);
  expect(((await listed.json()) as { topics: Array<{ name: string }> }).topics.map((t) => t.name)).toEqual(['Acme']);

  // The isolate prepared the database on that first request; its log line can still be on its way.
  for (let i = 0; i < 50 && !logLines().some((line) => line.message === warning); i += 1) await new Promise((resolve) => setTimeout(resolve, 200));
  const lines = logLines();
  expect(lines.filter((line) => line.message === warning), worker.output()).toEqual([expect.objectContaining({ level: 'warn', newer: ['0099-add-topic-archives'] })]);
  // Every migration this version knows was already applied: none ran again.
  expect(lines.filter((line) => line.message === 'database migrated')).toEqual([]);
});
