import type { Kysely } from 'kysely';

// Frozen once shipped: later schema changes are new files, never edits here.
// Every statement is "if not exists" so two processes (or two Workers isolates) racing to migrate are safe.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('topics')
    .ifNotExists()
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sources')
    .ifNotExists()
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('topic_id', 'integer', (c) => c.references('topics.id').onDelete('cascade'))
    .addColumn('config', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('cursor', 'text')
    .addColumn('next_check_at', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('last_error_kind', 'text')
    .addColumn('last_success_at', 'integer')
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'integer', (c) => c.notNull())
    .addUniqueConstraint('sources_kind_url_topic', ['kind', 'url', 'topic_id'])
    .execute();
  await db.schema.createIndex('sources_due').ifNotExists().on('sources').columns(['enabled', 'next_check_at']).execute();

  await db.schema
    .createTable('mentions')
    .ifNotExists()
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('source_id', 'integer', (c) => c.notNull().references('sources.id').onDelete('cascade'))
    .addColumn('dedup_key', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('author', 'text')
    .addColumn('title', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('published_at', 'integer')
    .addColumn('fetched_at', 'integer', (c) => c.notNull())
    .addColumn('bucket_at', 'integer', (c) => c.notNull())
    .addColumn('sentiment_score', 'real', (c) => c.notNull())
    .addColumn('sentiment_label', 'text', (c) => c.notNull())
    .addColumn('sentiment_explanation', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('sentiment_version', 'text', (c) => c.notNull())
    .addColumn('engagement', 'text')
    .addUniqueConstraint('mentions_source_dedup', ['source_id', 'dedup_key'])
    .execute();

  await db.schema
    .createTable('mention_topics')
    .ifNotExists()
    .addColumn('mention_id', 'integer', (c) => c.notNull().references('mentions.id').onDelete('cascade'))
    .addColumn('topic_id', 'integer', (c) => c.notNull().references('topics.id').onDelete('cascade'))
    .addColumn('bucket_at', 'integer', (c) => c.notNull())
    // 0 until the topic's bucket has been recomputed with this link: a crash between the two is repaired by the next ingest.
    .addColumn('counted', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('mention_topics_pk', ['mention_id', 'topic_id'])
    .execute();
  await db.schema.createIndex('mention_topics_uncounted').ifNotExists().on('mention_topics').columns(['counted', 'topic_id']).execute();
  await db.schema
    .createIndex('mention_topics_timeline')
    .ifNotExists()
    .on('mention_topics')
    .columns(['topic_id', 'bucket_at', 'mention_id'])
    .execute();

  await db.schema
    .createTable('topic_buckets')
    .ifNotExists()
    .addColumn('topic_id', 'integer', (c) => c.notNull().references('topics.id').onDelete('cascade'))
    .addColumn('bucket_start', 'integer', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('negative', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('positive', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sentiment_sum', 'real', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('topic_buckets_pk', ['topic_id', 'bucket_start'])
    .execute();

  await db.schema
    .createTable('detector_states')
    .ifNotExists()
    .addColumn('topic_id', 'integer', (c) => c.primaryKey().references('topics.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('alerts')
    .ifNotExists()
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('topic_id', 'integer', (c) => c.notNull().references('topics.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'integer', (c) => c.notNull())
    .addColumn('acknowledged_at', 'integer')
    .addColumn('resolved_at', 'integer')
    .addColumn('evidence', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alerts_topic_status').ifNotExists().on('alerts').columns(['topic_id', 'status']).execute();

  await db.schema
    .createTable('webhook_endpoints')
    .ifNotExists()
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('webhook'))
    .addColumn('url', 'text', (c) => c.notNull().unique())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('deliveries')
    .ifNotExists()
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('endpoint_id', 'integer', (c) => c.notNull().references('webhook_endpoints.id').onDelete('cascade'))
    .addColumn('alert_id', 'integer', (c) => c.references('alerts.id').onDelete('set null'))
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('delivered_at', 'integer')
    // One outbox row per (event, endpoint): re-running the job that raised the event cannot enqueue it twice.
    .addUniqueConstraint('deliveries_event_endpoint', ['event_id', 'endpoint_id'])
    .execute();
  await db.schema.createIndex('deliveries_due').ifNotExists().on('deliveries').columns(['status', 'next_attempt_at']).execute();

  await db.schema
    .createTable('api_keys')
    .ifNotExists()
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('key_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .execute();

}
