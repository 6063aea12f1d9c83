import type { Generated, Kysely } from 'kysely';

/** Kysely's view of the schema. Timestamps are INTEGER epoch milliseconds; JSON lives in TEXT columns. */
export interface Database {
  schema_migrations: { name: string; applied_at: number };
  topics: TopicsTable;
  sources: SourcesTable;
  mentions: MentionsTable;
  mention_topics: MentionTopicsTable;
  topic_buckets: TopicBucketsTable;
  detector_states: DetectorStatesTable;
  alerts: AlertsTable;
  webhook_endpoints: WebhookEndpointsTable;
  deliveries: DeliveriesTable;
  api_keys: ApiKeysTable;
  delivery_attempts: DeliveryAttemptsTable;
  topic_mutes: TopicMutesTable;
  mention_sweeps: MentionSweepsTable;
}

export type Db = Kysely<Database>;

export interface TopicsTable {
  id: Generated<number>;
  name: string;
  /** 0011: foldTopicName(name), what look-alike names share; null only until fillTopicNameKeys reaches a row stored before. */
  name_key: string | null;
  query: string;
  enabled: number;
  created_at: number;
  updated_at: number;
  /** 0012: when DELETE asked for the topic to go; its own sources and links are being purged (src/storage/topic-purge-store.ts). */
  delete_requested_at: number | null;
}

export interface SourcesTable {
  id: Generated<number>;
  kind: string;
  url: string;
  name: string | null;
  topic_id: number | null;
  /** Adapter-specific settings as JSON. */
  config: string;
  enabled: number;
  etag: string | null;
  last_modified: string | null;
  cursor: string | null;
  next_check_at: number;
  error_count: number;
  last_error: string | null;
  last_error_kind: string | null;
  last_success_at: number | null;
  created_at: number;
  updated_at: number;
  /** 0008: when DELETE asked for the source to go; its mentions are being purged (jobs/purge-sources.ts). */
  purge_requested_at: number | null;
  /** 0013: where the feed moved for good (every redirect 301/308), fetched instead of url; null = at its url. */
  moved_to: string | null;
}

export interface MentionsTable {
  id: Generated<number>;
  source_id: number;
  dedup_key: string;
  url: string | null;
  author: string | null;
  title: string | null;
  text: string;
  published_at: number | null;
  fetched_at: number;
  bucket_at: number;
  sentiment_score: number;
  sentiment_label: string;
  /** JSON ExplanationEntry[]. */
  sentiment_explanation: string;
  sentiment_version: string;
  /** JSON Engagement or null. */
  engagement: string | null;
  /** The story's URL without tracking parameters, fragments, www. and AMP: one story across sources. */
  canonical_url: string | null;
  /** engagementTotal(engagement) (0007); null when the source reported none. */
  engagement_total: number | null;
}

export interface MentionTopicsTable {
  mention_id: number;
  topic_id: number;
  /** Copied from the mention so topic timelines need no join. */
  bucket_at: number;
  /** 1 once its bucket is recounted with it; below 1 until then (0, or a recount's claim: see recountBucket). */
  counted: Generated<number>;
  /**
   * The first mention of the same story (canonical URL) linked to this topic; such links do not count in
   * buckets. -1 (PURGE_MARK, 0008): the mention is being purged with its source, so the link counts nowhere.
   */
  duplicate_of: number | null;
}

export interface TopicBucketsTable {
  topic_id: number;
  bucket_start: number;
  count: number;
  negative: number;
  positive: number;
  sentiment_sum: number;
  /** 0007: counted mentions not `unscored`; the sum of their engagement_total and how many had one. */
  scored: Generated<number>;
  engagement_sum: Generated<number>;
  engagement_known: Generated<number>;
}

export interface DetectorStatesTable {
  topic_id: number;
  /** JSON of the detector's own state; opaque to storage. */
  state: string;
  updated_at: number;
}

export interface AlertsTable {
  id: Generated<number>;
  topic_id: number;
  kind: string;
  status: string;
  severity: string;
  opened_at: number;
  updated_at: number;
  acknowledged_at: number | null;
  resolved_at: number | null;
  /** JSON AlertEvidence. */
  evidence: string;
}

export interface WebhookEndpointsTable {
  id: Generated<number>;
  kind: string;
  url: string;
  enabled: number;
  created_at: number;
  updated_at: number;
  /** whsec_<base64> (0005). Never returned by the API after creation or rotation. */
  secret: string | null;
  previous_secret: string | null;
  previous_secret_expires_at: number | null;
  /** JSON number[]; null = every topic. */
  topic_ids: string | null;
  /** JSON AlertEventType[]; null = every type. */
  event_types: string | null;
  min_severity: Generated<string>;
  failing_since: number | null;
  disabled_at: number | null;
  disabled_reason: string | null;
}

export interface DeliveriesTable {
  id: Generated<number>;
  event_id: string;
  endpoint_id: number;
  alert_id: number | null;
  event_type: string;
  payload: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
  sending_until: number | null;
}

export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  /** SHA-256 hex of the key; the key itself is never stored. */
  key_hash: string;
  created_at: number;
}

/** One row per send attempt (0005): the schedule and the failures, readable from the API. */
export interface DeliveryAttemptsTable {
  id: Generated<number>;
  delivery_id: number;
  endpoint_id: number;
  attempt: number;
  attempted_at: number;
  outcome: string;
  http_status: number | null;
  latency_ms: number;
  error: string | null;
  next_attempt_at: number | null;
}

/** Alert events of a muted topic are not sent (0005). */
export interface TopicMutesTable {
  topic_id: number;
  /** null = until unmuted. */
  muted_until: number | null;
  reason: string | null;
  created_at: number;
}

/**
 * 0009: a deleted topic's mentions that no other topic links, still to be removed (src/storage/mention-sweep-store.ts).
 * The row outlives the topic, so topic_id is no foreign key.
 */
export interface MentionSweepsTable {
  topic_id: number;
  /** The lowest mention id not yet looked at; only grows. */
  next_id: number;
  /** The highest mention id to look at: written once the topic row is gone, null before. */
  last_id: number | null;
  requested_at: number;
}
