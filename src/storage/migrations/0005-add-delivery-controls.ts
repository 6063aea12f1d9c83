import type { Kysely } from 'kysely';
import { addColumnIfMissing } from './add-column-if-missing';

// Frozen once shipped. Signing secrets, per-endpoint filters and health, the attempt log and topic mutes (issue 7).
// SQLite has no "add column if not exists": a column that is there already (a second runtime migrated first)
// is skipped, so two processes racing to migrate both succeed.
export async function up(db: Kysely<unknown>): Promise<void> {
  const endpointColumns: Array<[string, string]> = [
    // whsec_<base64>; generated at creation, null only for endpoints that predate this migration (filled on first use).
    ['secret', 'text'],
    ['previous_secret', 'text'],
    ['previous_secret_expires_at', 'integer'],
    // JSON arrays; null = no filter.
    ['topic_ids', 'text'],
    ['event_types', 'text'],
    ['min_severity', "text not null default 'watch'"],
    ['failing_since', 'integer'],
    ['disabled_at', 'integer'],
    ['disabled_reason', 'text'],
  ];
  for (const [name, type] of endpointColumns) await addColumnIfMissing(db, 'webhook_endpoints', name, type);

  await db.schema
    .createTable('delivery_attempts')
    .ifNotExists()
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('delivery_id', 'integer', (c) => c.notNull().references('deliveries.id').onDelete('cascade'))
    .addColumn('endpoint_id', 'integer', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('attempted_at', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('http_status', 'integer')
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('next_attempt_at', 'integer')
    .execute();
  await db.schema.createIndex('delivery_attempts_delivery').ifNotExists().on('delivery_attempts').columns(['delivery_id', 'id']).execute();
  await db.schema.createIndex('deliveries_alert').ifNotExists().on('deliveries').columns(['alert_id', 'endpoint_id']).execute();

  await db.schema
    .createTable('topic_mutes')
    .ifNotExists()
    .addColumn('topic_id', 'integer', (c) => c.primaryKey().references('topics.id').onDelete('cascade'))
    // null = muted until unmuted.
    .addColumn('muted_until', 'integer')
    .addColumn('reason', 'text')
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .execute();
}
