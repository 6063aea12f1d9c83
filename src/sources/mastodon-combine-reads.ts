import type { MentionDraft } from '../domain/mention';
import type { SourceErrorKind } from '../domain/source';
import { addHealthNote } from './count-malformed-items';
import { isInstanceMissed, type FailingInstanceState, type InstanceFailing, type InstanceState } from './mastodon-instance-state';
import type { FetchOutcome, PartialAnswer, SourceFailure } from './source-adapter';

/** How one instance went in a crawl, with its state as it goes into the next cursor. */
export type InstanceRead =
  /** `note`: some of its statuses could not be read and were skipped (see judgeMalformedItems). */
  | { kind: 'answered'; host: string; state: InstanceState; note?: string }
  /** `note`: as above, from the streams it read before the one that failed. */
  | { kind: 'failed'; host: string; state: FailingInstanceState; error: SourceFailure; note?: string }
  /** Not asked: still waiting out a Retry-After or its backoff from an earlier crawl. */
  | { kind: 'held'; host: string; state: FailingInstanceState };

type MissedRead = Exclude<InstanceRead, { kind: 'answered' }>;

export interface InstancesAnswer {
  drafts: MentionDraft[];
  nextCheckInMs?: number;
}

/**
 * One outcome from every instance's read. Some answered: `ok` with what they gave and every
 * instance's state in the cursor, `partial` naming the others. None answered: `failed`, so the crawl
 * backs the source off, with the most telling error of them (see mostTelling).
 *
 * Whether a partial answer marks the topic's buckets partial (`coverageLost`): yes when an instance
 * that had answered is missing. Instances overlap (a status seen through two is one mention) but each
 * also hears what only it federates with, so without one the topic's count drops by a share nobody
 * knows: learning the baseline from those buckets would teach it a false low, judging silence on them
 * would blame the topic for a server's outage, and the instance's return would look like a surge. No
 * when the missing instances never answered, or have been gone for days (see INSTANCE_GONE_AFTER_MS):
 * the count never had them in it, the same rule as a source that never delivered.
 *
 * An instance that sent some statuses that could not be read adds its note (named by host) to the
 * partial answer, or to the failure when none answered, joined as addHealthNote joins notes; on its own
 * that is a health notice, not lost coverage. An instance whose later stream failed keeps the note of
 * the streams it read before: their statuses are stored, and so is what they skipped.
 */
export function combineMastodonReads(reads: InstanceRead[], answer: InstancesAnswer, now: number): FetchOutcome {
  const missed = reads.filter((read): read is MissedRead => read.kind !== 'answered');
  const notes = reads.flatMap((read) => (read.kind !== 'held' && read.note !== undefined ? [`${read.host}: ${read.note}`] : []));
  if (missed.length === reads.length) {
    const error = failureOfAll(missed, now);
    return { kind: 'failed', error: { ...error, message: [error.message, ...notes].join('; ') } };
  }
  const cursor = JSON.stringify(Object.fromEntries(reads.map((read) => [read.host, read.state])));
  const outcome: FetchOutcome = {
    kind: 'ok',
    drafts: answer.drafts,
    next: { etag: null, lastModified: null, cursor },
    ...(answer.nextCheckInMs === undefined ? {} : { nextCheckInMs: answer.nextCheckInMs }),
  };
  if (missed.length === 0 && notes.length === 0) return outcome;
  const reasons = missed.map((read) => `${describeMiss(read)}, next try ${new Date(read.state.failing.retryAt).toISOString()}`);
  const partial: PartialAnswer | undefined =
    missed.length === 0
      ? undefined
      : { message: `${missed.length} of ${reads.length} instances did not answer: ${reasons.join('; ')}`, coverageLost: missed.some((read) => isInstanceMissed(read.state, now)) };
  return { ...outcome, partial: notes.reduce<PartialAnswer | undefined>((joined, note) => addHealthNote(joined, note), partial) };
}

function describeMiss(read: MissedRead): string {
  return `${read.host}: ${read.kind === 'failed' ? read.error.message : `${read.state.failing.message} (held, not asked)`}`;
}

/**
 * Every instance failed: the most telling of this crawl's failures leads (see mostTelling). Its wait
 * covers every instance that asked for one, since a failed outcome stores no cursor and those holds
 * would be lost: the source waits out the longest Retry-After, so no instance is asked early.
 * Instances held from an earlier crawl keep their hold in the stored cursor; when every instance was
 * held, nothing was asked, and the source comes back when the first of them may be.
 */
function failureOfAll(missed: MissedRead[], now: number): SourceFailure {
  if (missed.length === 0) return { kind: 'parse', message: 'no Mastodon instance to read: the source URL is not an http(s) URL' };
  // What happened in this crawl says more than why an instance was held back earlier.
  const fresh = missed.flatMap((read) => (read.kind === 'failed' ? [read.error] : []));
  const errors = fresh.length > 0 ? fresh : missed.map((read) => heldFailure(read.state.failing, now));
  const lead = errors.reduce((best, error) => (mostTelling.indexOf(error.kind) < mostTelling.indexOf(best.kind) ? error : best));
  const waits = errors.flatMap((error) => (error.retryAfterMs === undefined ? [] : [error.retryAfterMs]));
  const retryAfterMs = waits.length === 0 ? undefined : fresh.length > 0 ? Math.max(...waits) : Math.min(...waits);
  const message = missed.length === 1 ? describeMiss(missed[0]!) : `none of the ${missed.length} instances answered: ${missed.map(describeMiss).join('; ')}`;
  return {
    kind: lead.kind,
    message,
    ...(lead.httpStatus === undefined ? {} : { httpStatus: lead.httpStatus }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
}

function heldFailure(failing: InstanceFailing, now: number): SourceFailure {
  return { kind: failing.kind, message: failing.message, ...(failing.httpStatus === undefined ? {} : { httpStatus: failing.httpStatus }), retryAfterMs: failing.retryAt - now };
}

/**
 * Which error leads when every instance failed. A rate limit first: it is the only one that says when
 * to come back, and the crawl holds the source by it (a forced crawl too). Then what a server answered
 * (an HTTP error such as a closed timeline's 401/422, an unreadable or oversized body), a URL the guard
 * refused, and last the failures that say least (no answer in time, no connection).
 */
const mostTelling: readonly SourceErrorKind[] = ['rate-limited', 'http', 'parse', 'too-large', 'blocked', 'timeout', 'network'];
