import type { ExpressionBuilder, Selectable } from 'kysely';
import { inferChannelKind } from '../alerts/infer-channel-kind';
import { generateWebhookSecret } from '../alerts/sign-webhook';
import type { AlertEventType, AlertSeverity } from '../domain/alert';
import type { ChannelKind, WebhookEndpoint } from '../domain/delivery';
import type { Database, Db, WebhookEndpointsTable } from './database';

/** The reason an endpoint turned off through the API or the dashboard shows; Earshot's own say what it saw. */
export const DISABLED_BY_HAND = 'turned off by hand';

export function toEndpoint(row: Selectable<WebhookEndpointsTable>): WebhookEndpoint {
  return {
    id: row.id,
    kind: row.kind as ChannelKind,
    url: row.url,
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    topicIds: parseJsonList<number>(row.topic_ids),
    eventTypes: parseJsonList<AlertEventType>(row.event_types),
    minSeverity: row.min_severity as AlertSeverity,
    failingSince: row.failing_since,
    disabledAt: row.disabled_at,
    disabledReason: row.disabled_reason,
    previousSecretExpiresAt: row.previous_secret_expires_at,
  };
}

function parseJsonList<T>(text: string | null): T[] | null {
  if (text === null) return null;
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? (value as T[]) : null;
}

/** What a user chooses per endpoint. */
export interface EndpointSettings {
  kind?: ChannelKind;
  enabled?: boolean;
  topicIds?: number[] | null;
  eventTypes?: AlertEventType[] | null;
  minSeverity?: AlertSeverity;
}

/**
 * The endpoint as created, with its signing secret: the only answer that ever carries it. Null for Slack
 * and Discord, which are not signed (their URL is the secret).
 */
export type CreatedEndpoint = WebhookEndpoint & { secret: string | null };

/** The endpoint with the secret it was just given. */
export type RotatedEndpoint = WebhookEndpoint & { secret: string };

export async function listEndpoints(db: Db, options: { enabledOnly?: boolean } = {}): Promise<WebhookEndpoint[]> {
  let query = db.selectFrom('webhook_endpoints').selectAll().orderBy('id');
  if (options.enabledOnly) query = query.where('enabled', '=', 1);
  return (await query.execute()).map(toEndpoint);
}

export async function getEndpoint(db: Db, id: number): Promise<WebhookEndpoint | undefined> {
  const row = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toEndpoint(row) : undefined;
}

function settingsColumns(settings: EndpointSettings) {
  return {
    ...(settings.kind !== undefined ? { kind: settings.kind } : {}),
    ...(settings.enabled !== undefined ? { enabled: settings.enabled ? 1 : 0 } : {}),
    ...(settings.topicIds !== undefined ? { topic_ids: settings.topicIds === null ? null : JSON.stringify(settings.topicIds) } : {}),
    ...(settings.eventTypes !== undefined ? { event_types: settings.eventTypes === null ? null : JSON.stringify(settings.eventTypes) } : {}),
    ...(settings.minSeverity !== undefined ? { min_severity: settings.minSeverity } : {}),
  };
}

/**
 * Returns undefined when the URL is registered already. A signed webhook's secret is generated here,
 * unless the config file gives one, so every path that creates one (API, config file) signs; without a
 * kind, Slack and Discord URLs are recognised. Those are not signed and get no secret: one shown at
 * creation would look like something to configure. Changed to kind `webhook` later, the endpoint gets one
 * on first use (loadSigningSecrets), which rotate-secret tells.
 */
export async function createEndpoint(
  db: Db,
  input: { url: string; secret?: string } & EndpointSettings,
  now: number,
): Promise<CreatedEndpoint | undefined> {
  const kind = input.kind ?? inferChannelKind(input.url);
  const secret = input.secret ?? (kind === 'webhook' ? generateWebhookSecret() : null);
  const disabled = input.enabled === false ? { disabled_at: now, disabled_reason: DISABLED_BY_HAND } : {};
  const row = await db
    .insertInto('webhook_endpoints')
    .values({ enabled: 1, ...settingsColumns(input), ...disabled, kind, url: input.url, secret, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('url').doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ? { ...toEndpoint(row), secret } : undefined;
}

/** A signing secret the config file gives, and how long the one it replaces keeps signing beside it. */
export interface GivenSecret {
  value: string;
  graceMs: number;
}

export interface EnsuredEndpoint {
  endpoint: WebhookEndpoint;
  created: boolean;
  settingsChanged: boolean;
  secretReplaced: boolean;
}

/**
 * Seeding: the endpoint with this URL, created, or brought to the settings and secret given. A setting
 * left out is left as it is (set through the API, say); only what differs is written, so seeding the
 * same file again changes nothing, not even updated_at.
 */
export async function ensureEndpoint(
  db: Db,
  input: { url: string; secret?: GivenSecret } & EndpointSettings,
  now: number,
): Promise<EnsuredEndpoint> {
  const { secret, ...settings } = input;
  const created = await createEndpoint(db, { ...settings, ...(secret ? { secret: secret.value } : {}) }, now);
  if (created) {
    const { secret: _secret, ...endpoint } = created;
    return { endpoint, created: true, settingsChanged: false, secretReplaced: false };
  }
  const row = await db.selectFrom('webhook_endpoints').selectAll().where('url', '=', input.url).executeTakeFirstOrThrow();
  let endpoint = toEndpoint(row);
  const patch = differingSettings(endpoint, settings);
  const settingsChanged = Object.keys(patch).length > 0;
  if (settingsChanged) endpoint = (await updateEndpoint(db, endpoint.id, patch, now)) ?? endpoint;
  const replaced = secret ? await writeEndpointSecret(db, endpoint.id, secret.value, secret.graceMs, now) : undefined;
  if (replaced) endpoint = toEndpoint(replaced);
  return { endpoint, created: false, settingsChanged, secretReplaced: replaced !== undefined };
}

function differingSettings(stored: WebhookEndpoint, wanted: EndpointSettings): EndpointSettings {
  const differs = (key: keyof EndpointSettings) => wanted[key] !== undefined && JSON.stringify(wanted[key]) !== JSON.stringify(stored[key]);
  return Object.fromEntries((['kind', 'enabled', 'topicIds', 'eventTypes', 'minSeverity'] as const).filter(differs).map((key) => [key, wanted[key]]));
}

/**
 * Turning an endpoint off records when, and that it was by hand; turning it back on forgets why it was
 * turned off and its failure streak.
 */
export async function updateEndpoint(db: Db, id: number, patch: { url?: string } & EndpointSettings, now: number): Promise<WebhookEndpoint | undefined> {
  const row = await db
    .updateTable('webhook_endpoints')
    .set((eb) => ({
      ...(patch.url !== undefined ? { url: patch.url } : {}),
      ...settingsColumns(patch),
      ...(patch.enabled === true ? { failing_since: null, disabled_at: null, disabled_reason: null } : {}),
      ...(patch.enabled === false ? disabledByHand(eb, now) : {}),
      updated_at: now,
    }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row ? toEndpoint(row) : undefined;
}

/**
 * An endpoint that is off already keeps when and why it went off first (Earshot's own reason, say): SQLite
 * reads the old row on the right-hand side of SET, so `enabled` here is the value before this update.
 */
function disabledByHand(eb: ExpressionBuilder<Database, 'webhook_endpoints'>, now: number) {
  const wasOn = eb('enabled', '=', 1);
  return {
    disabled_at: eb.case().when(wasOn).then(now).else(eb.ref('disabled_at')).end(),
    disabled_reason: eb.case().when(wasOn).then(DISABLED_BY_HAND).else(eb.ref('disabled_reason')).end(),
  };
}

export async function deleteEndpoint(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * A new secret; the old one keeps signing alongside it until `now + graceMs`, so receivers can switch
 * over without dropping a message (Standard Webhooks, "zero downtime secret rotation").
 */
export async function rotateEndpointSecret(db: Db, id: number, graceMs: number, now: number): Promise<RotatedEndpoint | undefined> {
  const secret = generateWebhookSecret();
  const row = await writeEndpointSecret(db, id, secret, graceMs, now);
  return row ? { ...toEndpoint(row), secret } : undefined;
}

/**
 * Sets the secret unless it is the current one already (then undefined, as for an unknown id). The
 * replaced secret, if any, becomes the previous one until `now + graceMs`; one statement, so two
 * isolates seeding at once cannot lose it (SQLite reads the old row on the right-hand side of SET).
 */
async function writeEndpointSecret(db: Db, id: number, secret: string, graceMs: number, now: number) {
  const keepOld = graceMs > 0;
  return db
    .updateTable('webhook_endpoints')
    .set((eb) => ({
      secret,
      previous_secret: keepOld ? eb.ref('secret') : null,
      previous_secret_expires_at: keepOld ? eb.case().when('secret', 'is', null).then(null).else(now + graceMs).end() : null,
      updated_at: now,
    }))
    .where('id', '=', id)
    .where((eb) => eb.or([eb('secret', 'is', null), eb('secret', '!=', secret)]))
    .returningAll()
    .executeTakeFirst();
}

/** The secrets that sign a message sent at `now`: the current one first, then the rotated-out one during its grace period. */
export async function loadSigningSecrets(db: Db, id: number, now: number): Promise<string[]> {
  const row = await db
    .selectFrom('webhook_endpoints')
    .select(['secret', 'previous_secret', 'previous_secret_expires_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return [];
  let secret = row.secret;
  if (secret === null) {
    // An endpoint from before secrets existed gets one on first use; the user reads it through rotate-secret.
    secret = generateWebhookSecret();
    await db.updateTable('webhook_endpoints').set({ secret }).where('id', '=', id).where('secret', 'is', null).execute();
    return loadSigningSecrets(db, id, now);
  }
  const previousActive = row.previous_secret !== null && row.previous_secret_expires_at !== null && row.previous_secret_expires_at > now;
  return previousActive && row.previous_secret !== null ? [secret, row.previous_secret] : [secret];
}

/** Starts the failure streak if none is running; returns when it started. */
export async function markEndpointFailing(db: Db, id: number, now: number): Promise<number> {
  await db.updateTable('webhook_endpoints').set({ failing_since: now }).where('id', '=', id).where('failing_since', 'is', null).execute();
  const row = await db.selectFrom('webhook_endpoints').select('failing_since').where('id', '=', id).executeTakeFirst();
  return row?.failing_since ?? now;
}

export async function markEndpointHealthy(db: Db, id: number): Promise<void> {
  await db.updateTable('webhook_endpoints').set({ failing_since: null }).where('id', '=', id).where('failing_since', 'is not', null).execute();
}

/** Earshot turning an endpoint off by itself; the reason is shown on the endpoint. */
export async function disableEndpoint(db: Db, id: number, reason: string, now: number): Promise<void> {
  await db
    .updateTable('webhook_endpoints')
    .set({ enabled: 0, disabled_at: now, disabled_reason: reason.slice(0, 300), updated_at: now })
    .where('id', '=', id)
    .where('enabled', '=', 1)
    .execute();
}
