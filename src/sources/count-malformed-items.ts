import type { FetchOutcome, PartialAnswer, SourceFailure } from './source-adapter';

/**
 * One item of a service's answer as an adapter reads it: kept; left out on purpose (outside the
 * window, not public, no text to hear); or malformed, with a short reason (see describeSchemaError).
 */
export type ItemRead<T> = { kind: 'kept'; item: T } | { kind: 'left-out' } | { kind: 'malformed'; reason: string };

/** How many items a service sent, how many of them could not be read, and why the first could not. */
export interface MalformedCount {
  sent: number;
  malformed: number;
  firstReason: string | null;
}

export const noMalformedItems: MalformedCount = { sent: 0, malformed: 0, firstReason: null };

/**
 * Reads every item of an answer. A malformed item is skipped, not the page, but counted: skipped in
 * silence, an upstream format change that breaks every item would leave the source hearing nothing
 * while it reports healthy (see judgeMalformedItems).
 */
export function countMalformedItems<Raw, T>(raws: readonly Raw[], read: (raw: Raw) => ItemRead<T>): { items: T[]; count: MalformedCount } {
  const items: T[] = [];
  let malformed = 0;
  let firstReason: string | null = null;
  for (const raw of raws) {
    const result = read(raw);
    if (result.kind === 'kept') items.push(result.item);
    if (result.kind === 'malformed') {
      malformed += 1;
      firstReason ??= result.reason;
    }
  }
  return { items, count: { sent: raws.length, malformed, firstReason } };
}

export function addMalformedCounts(a: MalformedCount, b: MalformedCount): MalformedCount {
  return { sent: a.sent + b.sent, malformed: a.malformed + b.malformed, firstReason: a.firstReason ?? b.firstReason };
}

/** The slice of a zod error a reason needs (zod 4 issue messages never carry the input). */
interface SchemaError {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}

/**
 * A schema failure as a short reason: the first issue's field path and what was wrong
 * (`created_at_i: expected number, received string`, `uri: missing (expected string)`). Paths are the schema's own keys, so no text
 * from the service ends up in the source's lastError.
 */
export function describeSchemaError(error: SchemaError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'item: does not match its schema';
  const path = issue.path.map(String).join('.') || 'item';
  const what = issue.message.replace(/^Invalid (input|string|option|value|number): /, '').replace(/^expected (.+), received undefined$/, 'missing (expected $1)');
  return `${path}: ${what}`.slice(0, 120);
}

/**
 * What the count says about the answer. Nothing malformed: fine. Some: a note for the source's health
 * (a few odd items are not a hole in the data). Every item of a non-empty answer: the format has
 * changed under us, and the source must fail as `parse` (backed off, shown, its cursor kept) rather
 * than report healthy while it hears nothing. `noun` is the plural of what the service sends.
 */
export function judgeMalformedItems(count: MalformedCount, noun: string): { kind: 'failed'; error: SourceFailure } | { kind: 'ok'; note: string | null } {
  if (count.malformed === 0) return { kind: 'ok', note: null };
  const reason = count.firstReason ?? 'unreadable';
  if (count.malformed === count.sent) return { kind: 'failed', error: { kind: 'parse', message: `could not read any of ${count.sent} ${noun}: ${reason}` } };
  return { kind: 'ok', note: `${count.malformed} of ${count.sent} ${noun} skipped: ${reason}` };
}

/** An ok outcome judged by its count (see judgeMalformedItems); other outcomes are left as they are. */
export function withMalformedItems(outcome: FetchOutcome, count: MalformedCount, noun: string): FetchOutcome {
  if (outcome.kind !== 'ok') return outcome;
  const judged = judgeMalformedItems(count, noun);
  if (judged.kind === 'failed') return judged;
  return judged.note === null ? outcome : { ...outcome, partial: addHealthNote(outcome.partial, judged.note) };
}

/** A note joined to the partial answer an adapter already has; on its own it loses no coverage. */
export function addHealthNote(partial: PartialAnswer | undefined, note: string): PartialAnswer {
  return partial === undefined ? { message: note, coverageLost: false } : { message: `${partial.message}; ${note}`, coverageLost: partial.coverageLost };
}
