import { z } from 'zod';
import type { Source, SourceErrorKind } from '../domain/source';
import { isMastodonId } from './mastodon-status';
import type { SourceFailure } from './source-adapter';

// What a Mastodon source remembers of each instance it reads, inside its cursor column: a JSON object
// keyed by host. At most 11 instances (the source's own and 10 in config), a few hundred bytes each,
// so the cursor stays a few KB, far inside a D1 row. A healthy instance is written exactly as before
// this state existed ({"tag": "<id>"}), so existing cursors read as they are.

/** One instance's failure streak: why it last failed, since when, and when it may be asked again. */
export interface InstanceFailing {
  since: number;
  count: number;
  kind: SourceErrorKind;
  message: string;
  httpStatus?: number;
  /** Not asked before this: its Retry-After, or its own backoff. */
  retryAt: number;
}

export interface InstanceState {
  /** The newest status id stored from its tag timeline and from its search (`min_id` cursors). */
  tag?: string;
  search?: string;
  /** It answered at least once but has no id yet to show for it (every answer empty). */
  answered?: true;
  /** Absent while it answers. */
  failing?: InstanceFailing;
}

/** An instance in a failure streak. */
export type FailingInstanceState = InstanceState & { failing: InstanceFailing };

export type MastodonCursor = Record<string, InstanceState>;

const errorKinds = ['timeout', 'network', 'http', 'rate-limited', 'parse', 'blocked', 'too-large'] as const satisfies readonly SourceErrorKind[];
// A cursor that cannot be a real id (one stored before ids were bounded) is dropped, not kept: the
// instance reads its look-back again, and the store drops what it has, instead of staying frozen.
const instanceStateSchema = z.object({
  tag: z.string().refine(isMastodonId).optional().catch(undefined),
  search: z.string().refine(isMastodonId).optional().catch(undefined),
  answered: z.literal(true).optional().catch(undefined),
  failing: z
    .object({
      since: z.number(),
      count: z.number().int().positive(),
      kind: z.enum(errorKinds),
      message: z.string(),
      httpStatus: z.number().int().optional(),
      retryAt: z.number(),
    })
    .optional()
    .catch(undefined),
});

/** The stored cursor; an unreadable one (or instance entry) starts over, which re-reads the look-back and dedups. */
export function readMastodonCursor(raw: string | null): MastodonCursor {
  let value: unknown;
  try {
    value = raw === null ? {} : JSON.parse(raw);
  } catch {
    return {};
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const cursor: MastodonCursor = {};
  for (const [host, entry] of Object.entries(value)) {
    const parsed = instanceStateSchema.safeParse(entry);
    if (parsed.success) cursor[host] = withoutUndefined(parsed.data);
  }
  return cursor;
}

function withoutUndefined(state: z.infer<typeof instanceStateSchema>): InstanceState {
  return Object.fromEntries(Object.entries(state).filter(([, value]) => value !== undefined)) as InstanceState;
}

/** The source's own instance first, then `config.instances`; one origin each. */
export function mastodonInstancesOf(source: Source): URL[] {
  const named = Array.isArray(source.config?.instances) ? source.config.instances : [];
  const origins = new Map<string, URL>();
  for (const value of [source.url, ...named]) {
    if (typeof value !== 'string') continue;
    try {
      const url = new URL(value);
      if (url.protocol === 'https:' || url.protocol === 'http:') origins.set(url.origin, new URL(url.origin));
    } catch {
      // a malformed instance name is skipped
    }
  }
  return [...origins.values()];
}

/** Whether the instance is still waiting out a Retry-After or its backoff: it is not asked this crawl. */
export function isInstanceHeld(state: InstanceState, now: number): state is FailingInstanceState {
  return state.failing !== undefined && state.failing.retryAt > now;
}

/** Whether the instance has ever answered. */
export function hasInstanceAnswered(state: InstanceState): boolean {
  return state.answered === true || state.tag !== undefined || state.search !== undefined;
}

/**
 * An instance failing longer than this is no longer counted as missing from the topic's view. Its
 * absence is then the new normal: an instance that closed its public timeline (401/422) or shut down
 * cannot be taken out of a source through the API, and would otherwise keep the topic's buckets
 * partial (not learned from, no silence alert) for good. Three days rides out an outage or a weekend
 * of maintenance; the instance stays in the source's lastError and instance list either way.
 */
export const INSTANCE_GONE_AFTER_MS = 3 * 24 * 60 * 60 * 1000;

/** Whether the instance not answering now leaves the topic hearing less than it did (see PartialAnswer). */
export function isInstanceMissed(state: InstanceState, now: number): boolean {
  return hasInstanceAnswered(state) && (state.failing === undefined || now - state.failing.since < INSTANCE_GONE_AFTER_MS);
}

/** Its streams answered: the streak ends; `answered` is kept only where no since-id shows it. */
export function recordInstanceAnswer(state: InstanceState): InstanceState {
  const { failing: _ended, answered: _flag, ...cursors } = state;
  return cursors.tag !== undefined || cursors.search !== undefined ? cursors : { ...cursors, answered: true };
}

const INSTANCE_BACKOFF_BASE_MS = 5 * 60 * 1000;
const INSTANCE_BACKOFF_MAX_MS = 24 * 60 * 60 * 1000;

/**
 * Another failure in the instance's streak. It is held until its Retry-After or its own exponential
 * backoff (5, 10, 20 … minutes, at most a day), whichever is later: so a rate-limited instance is not
 * asked again before it said, and a hanging one does not cost a timeout on every crawl of a source
 * checked every 10 minutes, while the others are read on their usual schedule.
 */
export function recordInstanceFailure(state: InstanceState, failure: SourceFailure, now: number): FailingInstanceState {
  const count = (state.failing?.count ?? 0) + 1;
  const backoff = Math.min(INSTANCE_BACKOFF_BASE_MS * 2 ** Math.min(count - 1, 16), INSTANCE_BACKOFF_MAX_MS);
  const failing: InstanceFailing = {
    since: state.failing?.since ?? now,
    count,
    kind: failure.kind,
    message: failure.message.slice(0, 200),
    ...(failure.httpStatus === undefined ? {} : { httpStatus: failure.httpStatus }),
    retryAt: now + Math.max(backoff, failure.retryAfterMs ?? 0),
  };
  return { ...state, failing };
}

/** How one instance of a source is doing, for `GET /api/sources/:id` and the sources list. */
export interface MastodonInstanceStatus {
  url: string;
  /** unread: not asked yet; failing and rate-limited: its last attempt failed (see error and nextAttemptAt). */
  status: 'ok' | 'failing' | 'rate-limited' | 'unread';
  error: { kind: SourceErrorKind; message: string; httpStatus?: number } | null;
  failingSince: number | null;
  /** Not asked before this; null when it is asked on the source's next crawl. */
  nextAttemptAt: number | null;
  /** Whether its failure marks the topic's buckets partial (it answered before, and not gone for 3 days). */
  missedByTopic: boolean;
}

/** Each instance the source reads, in order, with its state from the cursor. */
export function describeMastodonInstances(source: Source, now: number): MastodonInstanceStatus[] {
  const cursor = readMastodonCursor(source.state.cursor);
  return mastodonInstancesOf(source).map((instance) => {
    const state = cursor[instance.host] ?? {};
    const failing = state.failing;
    const base = { url: instance.origin, error: null, failingSince: null, nextAttemptAt: null, missedByTopic: false };
    if (failing === undefined) return { ...base, status: hasInstanceAnswered(state) ? 'ok' : 'unread' };
    const { kind, message, httpStatus } = failing;
    return {
      url: instance.origin,
      status: kind === 'rate-limited' ? 'rate-limited' : 'failing',
      error: { kind, message, ...(httpStatus === undefined ? {} : { httpStatus }) },
      failingSince: failing.since,
      nextAttemptAt: failing.retryAt > now ? failing.retryAt : null,
      missedByTopic: isInstanceMissed(state, now),
    };
  });
}
