import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { addHealthNote, countMalformedItems, describeSchemaError, judgeMalformedItems, withMalformedItems, type ItemRead } from '../../src/sources/count-malformed-items';
import type { FetchOutcome } from '../../src/sources/source-adapter';

const hit = z.object({ id: z.string(), at: z.number(), author: z.object({ name: z.string() }) });
const read = (raw: unknown): ItemRead<string> => {
  if (raw === 'old') return { kind: 'left-out' };
  const parsed = hit.safeParse(raw);
  return parsed.success ? { kind: 'kept', item: parsed.data.id } : { kind: 'malformed', reason: describeSchemaError(parsed.error) };
};
const good = { id: 'a', at: 1, author: { name: 'x' } };
const ok: FetchOutcome = { kind: 'ok', drafts: [], next: { etag: null, lastModified: null, cursor: '5' } };

describe('counting the items of an answer that cannot be read', () => {
  it.each([
    { name: 'a field of the wrong type', raw: { ...good, at: '12' }, reason: 'at: expected number, received string' },
    { name: 'a missing field', raw: { id: 'a', at: 1 }, reason: 'author: missing (expected object)' },
    { name: 'a nested field', raw: { ...good, author: { name: 7 } }, reason: 'author.name: expected string, received number' },
    { name: 'an item that is not an object', raw: null, reason: 'item: expected object, received null' },
  ])('names the field and what was wrong, never the value: $name', ({ raw, reason }) => {
    expect(countMalformedItems([good, raw], read)).toEqual({ items: ['a'], count: { sent: 2, malformed: 1, firstReason: reason } });
  });

  it.each([
    { name: 'an empty answer', raws: [], judged: { kind: 'ok', note: null } },
    { name: 'items left out on purpose only', raws: ['old', 'old'], judged: { kind: 'ok', note: null } },
    { name: 'some unreadable', raws: [good, { id: 1 }, 'old'], judged: { kind: 'ok', note: '1 of 3 hits skipped: id: expected string, received number' } },
    { name: 'unreadable and left out, none kept', raws: [{ id: 1 }, 'old'], judged: { kind: 'ok', note: '1 of 2 hits skipped: id: expected string, received number' } },
    {
      name: 'every item unreadable',
      raws: [{ id: 1 }, {}],
      judged: { kind: 'failed', error: { kind: 'parse', message: 'could not read any of 2 hits: id: expected string, received number' } },
    },
  ])('judges $name', ({ raws, judged }) => {
    expect(judgeMalformedItems(countMalformedItems(raws, read).count, 'hits')).toEqual(judged);
  });

  it.each([
    { name: 'alone, as a health notice', partial: undefined, expected: { message: '1 of 3 hits skipped: id: x', coverageLost: false } },
    {
      name: 'joined to a partial answer the adapter has, keeping its coverage',
      partial: { message: '1 of 2 instances did not answer: a: HTTP 503', coverageLost: true },
      expected: { message: '1 of 2 instances did not answer: a: HTTP 503; 1 of 3 hits skipped: id: x', coverageLost: true },
    },
  ])('adds the note to the outcome $name', ({ partial, expected }) => {
    const outcome = withMalformedItems({ ...ok, ...(partial ? { partial } : {}) }, { sent: 3, malformed: 1, firstReason: 'id: x' }, 'hits');
    expect(outcome).toEqual({ ...ok, partial: expected });
    expect(addHealthNote(partial, '1 of 3 hits skipped: id: x')).toEqual(expected);
  });

  it('leaves a failed outcome as it is', () => {
    const failed: FetchOutcome = { kind: 'failed', error: { kind: 'timeout', message: 'slow' } };
    expect(withMalformedItems(failed, { sent: 2, malformed: 2, firstReason: 'id: x' }, 'hits')).toBe(failed);
  });
});
