import type { Selectable } from 'kysely';
import type { ChannelKind, WebhookEndpoint } from '../domain/delivery';
import type { Db, WebhookEndpointsTable } from './database';

export function toEndpoint(row: Selectable<WebhookEndpointsTable>): WebhookEndpoint {
  return { id: row.id, kind: row.kind as ChannelKind, url: row.url, enabled: row.enabled === 1, createdAt: row.created_at };
}

export async function listEndpoints(db: Db, options: { enabledOnly?: boolean } = {}): Promise<WebhookEndpoint[]> {
  let query = db.selectFrom('webhook_endpoints').selectAll().orderBy('id');
  if (options.enabledOnly) query = query.where('enabled', '=', 1);
  return (await query.execute()).map(toEndpoint);
}

export async function getEndpoint(db: Db, id: number): Promise<WebhookEndpoint | undefined> {
  const row = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toEndpoint(row) : undefined;
}

/** Returns undefined when the URL is registered already. */
export async function createEndpoint(db: Db, input: { url: string; kind?: ChannelKind; enabled?: boolean }, now: number): Promise<WebhookEndpoint | undefined> {
  const row = await db
    .insertInto('webhook_endpoints')
    .values({ url: input.url, kind: input.kind ?? 'webhook', enabled: input.enabled === false ? 0 : 1, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('url').doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ? toEndpoint(row) : undefined;
}

export async function ensureEndpoint(db: Db, url: string, now: number): Promise<WebhookEndpoint> {
  const created = await createEndpoint(db, { url }, now);
  if (created) return created;
  const row = await db.selectFrom('webhook_endpoints').selectAll().where('url', '=', url).executeTakeFirstOrThrow();
  return toEndpoint(row);
}

export async function updateEndpoint(db: Db, id: number, patch: { url?: string; enabled?: boolean }, now: number): Promise<WebhookEndpoint | undefined> {
  const row = await db
    .updateTable('webhook_endpoints')
    .set({
      ...(patch.url !== undefined ? { url: patch.url } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled ? 1 : 0 } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row ? toEndpoint(row) : undefined;
}

export async function deleteEndpoint(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
