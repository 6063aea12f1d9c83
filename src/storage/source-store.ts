import type { ExpressionBuilder, Selectable } from 'kysely';
import { sourceKinds, type Source, type SourceKind } from '../domain/source';
import type { SourceCursor, SourceFailure } from '../sources/source-adapter';
import type { Database, Db, SourcesTable } from './database';

export function toSource(row: Selectable<SourcesTable>): Source {
  return {
    id: row.id,
    kind: (sourceKinds as readonly string[]).includes(row.kind) ? (row.kind as SourceKind) : 'rss',
    url: row.url,
    name: row.name,
    topicId: row.topic_id,
    enabled: row.enabled === 1,
    state: {
      etag: row.etag,
      lastModified: row.last_modified,
      cursor: row.cursor,
      nextCheckAt: row.next_check_at,
      errorCount: row.error_count,
      lastError: row.last_error,
      lastErrorKind: row.last_error_kind as Source['state']['lastErrorKind'],
      lastSuccessAt: row.last_success_at,
    },
    createdAt: row.created_at,
    ...parseSourceConfig(row.config),
    ...(row.moved_to !== null ? { movedTo: row.moved_to } : {}),
    ...(row.purge_requested_at !== null ? { deleting: true as const } : {}),
  };
}

/** The config column as an object; left out when empty or unreadable, so plain feed sources look as before. */
function parseSourceConfig(json: string): { config?: Record<string, unknown> } {
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.keys(value).length === 0) return {};
    return { config: value as Record<string, unknown> };
  } catch {
    return {};
  }
}

export interface SourceInput {
  kind: SourceKind;
  url: string;
  name?: string | null;
  topicId?: number | null;
  enabled?: boolean;
  /** Adapter settings stored as JSON (see the search adapters); a PATCH replaces them whole. */
  config?: Record<string, unknown>;
}

export async function listSources(db: Db): Promise<Source[]> {
  return (await db.selectFrom('sources').selectAll().orderBy('id').execute()).map(toSource);
}

export async function getSource(db: Db, id: number): Promise<Source | undefined> {
  const row = await db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toSource(row) : undefined;
}

/**
 * Returns undefined when an identical source (kind, url, topic) exists. The check and the insert are one
 * statement (INSERT ... SELECT ... WHERE NOT EXISTS), so two writers racing (two Workers isolates seeding
 * a fresh D1, two API calls) cannot both insert: the unique constraint does not cover a NULL topic.
 */
export async function createSource(db: Db, input: SourceInput, now: number): Promise<Source | undefined> {
  const topicId = input.topicId ?? null;
  const row = await db
    .insertInto('sources')
    .columns(['kind', 'url', 'name', 'topic_id', 'enabled', 'config', 'next_check_at', 'error_count', 'created_at', 'updated_at'])
    .expression(
      db
        .selectNoFrom((eb) => [
          eb.val(input.kind).as('kind'),
          eb.val(input.url).as('url'),
          eb.val(input.name ?? null).as('name'),
          eb.val(topicId).as('topic_id'),
          eb.val(input.enabled === false ? 0 : 1).as('enabled'),
          eb.val(JSON.stringify(input.config ?? {})).as('config'),
          eb.val(now).as('next_check_at'),
          eb.val(0).as('error_count'),
          eb.val(now).as('created_at'),
          eb.val(now).as('updated_at'),
        ])
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('sources')
                .select('id')
                .where('kind', '=', input.kind)
                .where('url', '=', input.url)
                .where('topic_id', 'is', topicId),
            ),
          ),
        ),
    )
    .returningAll()
    .executeTakeFirst();
  return row ? toSource(row) : undefined;
}

/** Seeding: the existing source with the same kind, url and topic, or a new one. */
export async function ensureSource(db: Db, input: SourceInput, now: number): Promise<Source> {
  return (await findSource(db, input)) ?? (await createSource(db, input, now)) ?? (await findSource(db, input))!;
}

// SQLite treats NULLs in a unique constraint as distinct, so (kind, url, NULL topic) needs an explicit look-up.
async function findSource(db: Db, input: SourceInput): Promise<Source | undefined> {
  let query = db.selectFrom('sources').selectAll().where('kind', '=', input.kind).where('url', '=', input.url);
  query = input.topicId == null ? query.where('topic_id', 'is', null) : query.where('topic_id', '=', input.topicId);
  const row = await query.executeTakeFirst();
  return row ? toSource(row) : undefined;
}

export async function updateSource(db: Db, id: number, patch: Partial<SourceInput>, now: number): Promise<Source | undefined> {
  const row = await db
    .updateTable('sources')
    .set({
      ...(patch.url !== undefined ? { url: patch.url } : {}),
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled ? 1 : 0 } : {}),
      ...(patch.config !== undefined ? { config: JSON.stringify(patch.config) } : {}),
      // Naming the URL, even the same one, sends crawls back to it: how the operator undoes a move.
      ...(patch.url !== undefined ? { moved_to: null } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    // A source being deleted stays as it is (disabled) until the purge removes it.
    .where('purge_requested_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return row ? toSource(row) : undefined;
}

/** What marks a source for the purge job: disabled, and the first request time kept when asked again. */
export function markForPurge(now: number) {
  return (eb: ExpressionBuilder<Database, 'sources'>) => ({ enabled: 0, purge_requested_at: eb.fn.coalesce('purge_requested_at', eb.val(now)), updated_at: now });
}

/**
 * Deleting a source, step one: disable it and mark it for the purge job (jobs/purge-sources.ts), which
 * removes its mentions chunk by chunk, keeping topic buckets and story duplicates right, and then the row.
 * Deleting the row at once would cascade to its mentions and links and leave the buckets counting them.
 * Repeating it keeps the first request time. Undefined when there is no such source.
 */
export async function requestSourceDeletion(db: Db, id: number, now: number): Promise<Source | undefined> {
  const row = await db
    .updateTable('sources')
    .set(markForPurge(now))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row ? toSource(row) : undefined;
}

/** The database is the job queue (miniflux): enabled sources whose next check is due, oldest first. */
export async function listDueSources(db: Db, now: number, options: { force?: boolean; limit?: number } = {}): Promise<Source[]> {
  let query = db.selectFrom('sources').selectAll().where('enabled', '=', 1);
  if (!options.force) query = query.where('next_check_at', '<=', now);
  const rows = await query.orderBy('next_check_at').orderBy('id').limit(options.limit ?? 500).execute();
  return rows.map(toSource);
}

/**
 * Takes a due source for one crawl by moving its next check to `until`, only if no one moved it since it
 * was read (compare-and-set): of two runs that listed it at once, one gets it. The crawl's outcome sets
 * the real next check; `until` holds only when the run dies before that.
 */
export async function claimDueSource(db: Db, source: Source, until: number, now: number): Promise<boolean> {
  const result = await db
    .updateTable('sources')
    .set({ next_check_at: until, updated_at: now })
    .where('id', '=', source.id)
    .where('enabled', '=', 1)
    .where('next_check_at', '=', source.state.nextCheckAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Called only after the mentions of this fetch are stored, so the cursor never runs ahead of the data.
 * `warning`: what a partial answer missed (see PartialAnswer), kept as lastError on a source that is
 * otherwise healthy (no error count, no error kind, so no backoff and no Retry-After hold).
 */
export async function recordSourceSuccess(
  db: Db,
  id: number,
  next: SourceCursor | undefined,
  nextCheckAt: number,
  now: number,
  warning: string | null = null,
): Promise<void> {
  await db
    .updateTable('sources')
    .set({
      ...(next ? { etag: next.etag, last_modified: next.lastModified, cursor: next.cursor } : {}),
      ...(next?.movedTo !== undefined ? { moved_to: next.movedTo } : {}),
      next_check_at: nextCheckAt,
      error_count: 0,
      last_error: warning === null ? null : warning.slice(0, 500),
      last_error_kind: null,
      last_success_at: now,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function recordSourceFailure(db: Db, id: number, failure: SourceFailure, nextCheckAt: number, now: number): Promise<void> {
  await db
    .updateTable('sources')
    .set((eb) => ({
      error_count: eb('error_count', '+', 1),
      last_error: failure.message.slice(0, 500),
      last_error_kind: failure.kind,
      next_check_at: nextCheckAt,
      updated_at: now,
    }))
    .where('id', '=', id)
    .execute();
}
