import { z } from 'zod';
import type { MentionDraft } from '../domain/mention';
import type { Source, SourceErrorKind, SourceLimits } from '../domain/source';
import { compileTopics, matchTopics, type CompiledTopic } from '../matching/match-topics';
import { didSchema } from './bluesky-post';
import type { FetchOutcome, SourceAdapter, SourceFailure, SourceIo } from './source-adapter';

/** An open Jetstream subscription: its messages until it ends (server close, error or the connector's deadline). */
export interface JetstreamStream {
  messages: AsyncIterable<string>;
  close(): void;
}

/**
 * What a stream's messages throw when the server sent a frame over `maxMessageBytes`: the connection
 * is lost with it (WebSocket close 1009), and the source reports it as `too-large`.
 */
export class JetstreamFrameTooLargeError extends Error {
  override name = 'JetstreamFrameTooLargeError';
  constructor(maxMessageBytes: number) {
    super(`a frame over the ${Math.round(maxMessageBytes / 1024)} KB cap for one event (a post is a few KB)`);
  }
}

export type JetstreamConnect = (
  url: string,
  limits: { timeoutMs: number; maxMessageBytes: number },
) => Promise<{ kind: 'ok'; stream: JetstreamStream } | { kind: 'failed'; error: SourceFailure }>;

export interface JetstreamSourceOptions {
  connect: JetstreamConnect;
  /** Replayed on the first run (Jetstream keeps about a day of events). */
  backfillMs?: number;
  /** Events read per crawl: the stream carries every post on Bluesky, so a crawl reads a bounded slice. */
  maxEvents?: number;
  /** Whole subscription, connect to close. */
  timeoutMs?: number;
}

const defaults = { backfillMs: 10 * 60 * 1000, maxEvents: 50_000, timeoutMs: 20_000 };
/** A post record is at most a few KB; a bigger frame is not one. */
const maxMessageBytes = 256 * 1024;

export const jetstreamInstance = 'https://jetstream2.us-east.bsky.network';

const postEventSchema = z.object({
  did: didSchema,
  time_us: z.number().int().positive(),
  kind: z.literal('commit'),
  commit: z.object({
    operation: z.literal('create'),
    collection: z.literal('app.bsky.feed.post'),
    rkey: z.string().regex(/^[A-Za-z0-9._:~-]{1,512}$/),
    record: z.object({ text: z.string(), createdAt: z.string().optional() }).loose(),
  }),
});
const timeSchema = z.object({ time_us: z.number().int().positive() });

/**
 * Bluesky's Jetstream (the public JSON event stream over WebSocket) read in slices: each crawl
 * subscribes from its `time_us` cursor (microseconds), reads until it catches up with `now`, hits
 * `maxEvents` or its deadline, and keeps only posts that match an enabled topic. The cursor is the
 * last event read, so the next crawl resumes there (just past it when the stream broke: see
 * outcomeOf); the first run replays `backfillMs`.
 */
export function createJetstreamSource(options: JetstreamSourceOptions): SourceAdapter {
  const limits = { ...defaults, ...options };
  return {
    async fetchMentions(source: Source, io: SourceIo): Promise<FetchOutcome> {
      const topics = compileTopics(io.topics.filter((topic) => topic.enabled && (source.topicId === null || topic.id === source.topicId)));
      const startUs = startCursor(source.state.cursor, io.now, limits.backfillMs);
      const url = URL.canParse(source.url) ? new URL('/subscribe', source.url) : null;
      if (url === null) return { kind: 'failed', error: { kind: 'blocked', message: 'not a valid URL' } };
      // maxMessageSizeBytes is Jetstream's own subscriber option: it skips, for this subscriber only, events
      // bigger than that. Without it one oversized record (a post padded with junk fields) arrives as a frame
      // the connector must refuse, which drops the connection at the same place on every crawl.
      const wanted = { wantedCollections: 'app.bsky.feed.post', cursor: String(startUs), maxMessageSizeBytes: String(maxMessageBytes) };
      url.search = new URLSearchParams(wanted).toString();
      const connected = await limits.connect(url.href, { timeoutMs: limits.timeoutMs, maxMessageBytes });
      if (connected.kind === 'failed') return connected;
      return outcomeOf(await readSlice(connected.stream, topics, io.now * 1000, limits.maxEvents), io.now * 1000);
    },
  };
}

/**
 * A slice the stream broke under (a frame over the cap, a reset) keeps what it read and says so: the
 * drafts are stored, the break is the source's lastError, and the topic's buckets are partial because
 * the slice ended before it caught up. Jetstream's cursor is inclusive (it replays the event at
 * `cursor`), so resuming at the last event read would re-read it and meet the same break right after:
 * every crawl would hand over that one event and look like progress while the cursor never moved. The
 * cursor goes one microsecond past it instead, so the next crawl starts at the break itself and either
 * gets past it or, reading nothing, fails visibly and backs off. (time_us is Jetstream's own per-event
 * stamp; an unread event sharing the last one's microsecond is the only thing this can skip.)
 *
 * Either way the cursor stops at `nowUs`, the crawl's own clock (see resumeCursor).
 */
function outcomeOf(read: Slice, nowUs: number): FetchOutcome {
  // Jetstream always has traffic to replay: a subscription that ends without one event is broken or stalled.
  if (read.lastUs === null) {
    if (read.broke === null) return { kind: 'failed', error: { kind: 'timeout', message: 'Jetstream sent no event before the subscription ended' } };
    return { kind: 'failed', error: { kind: read.broke.kind, message: `Jetstream stream broke: ${read.broke.reason}` } };
  }
  const next = (cursorUs: number) => ({ etag: null, lastModified: null, cursor: String(resumeCursor(cursorUs, nowUs)) });
  if (read.broke === null) return { kind: 'ok', drafts: read.drafts, next: next(read.lastUs) };
  const events = `${read.events} ${read.events === 1 ? 'event' : 'events'}`;
  const message = `Jetstream stream broke after ${events}: ${read.broke.reason}; what was read is kept and the next crawl resumes after it`;
  return { kind: 'ok', drafts: read.drafts, next: next(read.lastUs + 1), partial: { message, coverageLost: true } };
}

/**
 * time_us is stamped by the relay's clock, not ours: a relay running ahead (or a hostile one) sends
 * events from the future, and stored as they are they put the cursor past every later crawl's `now`,
 * where startCursor cannot trust it. The cursor stops at this crawl's own clock instead. Events after
 * it that this crawl read (the slice's last second or so; a post the crawl saw arrive) are read again
 * next time and dropped by their dedup key; none are skipped.
 */
function resumeCursor(cursorUs: number, nowUs: number): number {
  return Math.min(cursorUs, nowUs);
}

/**
 * Where a crawl subscribes from. A stored cursor past this crawl's clock was stored before resumeCursor
 * bounded it, or by a crawl on a host whose clock runs ahead of this one; the crawl cannot tell which, nor
 * how far the stream was really read, so the crawl looks back `backfillMs` as on a first run rather than trust it (starting
 * at `now` instead would skip whatever the stream carried between the last real event and now). The same
 * bound as resumeCursor, inclusive, so every cursor a crawl stores is one the next crawl takes as it is.
 */
function startCursor(cursor: string | null, now: number, backfillMs: number): number {
  const stored = cursor !== null && /^\d{1,17}$/.test(cursor) ? Number(cursor) : null;
  return stored !== null && stored <= now * 1000 ? stored : (now - backfillMs) * 1000;
}

interface Slice {
  drafts: MentionDraft[];
  /** Messages read, parseable or not. */
  events: number;
  lastUs: number | null;
  /** Why the stream ended before the slice did, if it broke. */
  broke: { kind: SourceErrorKind; reason: string } | null;
}

async function readSlice(stream: JetstreamStream, topics: CompiledTopic[], untilUs: number, maxEvents: number): Promise<Slice> {
  const slice: Slice = { drafts: [], events: 0, lastUs: null, broke: null };
  const seen = new Set<string>();
  try {
    for await (const message of stream.messages) {
      slice.events += 1;
      const value = parseJson(message);
      const time = timeSchema.safeParse(value);
      if (time.success) slice.lastUs = Math.max(slice.lastUs ?? 0, time.data.time_us);
      const draft = toDraft(value, topics);
      if (draft !== null && !seen.has(draft.dedupKey)) {
        seen.add(draft.dedupKey);
        slice.drafts.push(draft);
      }
      if (slice.events >= maxEvents || (slice.lastUs ?? 0) >= untilUs) break;
    }
  } catch (error) {
    // What was read before the break is kept: the cursor only moves past events that were handed over.
    const kind = error instanceof JetstreamFrameTooLargeError ? 'too-large' : 'network';
    slice.broke = { kind, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    stream.close();
  }
  return slice;
}

function parseJson(message: string): unknown {
  try {
    return JSON.parse(message) as unknown;
  } catch {
    return null;
  }
}

/** A new post that matches an enabled topic, keyed and linked as the Bluesky search source does it, so both count once. */
function toDraft(value: unknown, topics: CompiledTopic[]): MentionDraft | null {
  const event = postEventSchema.safeParse(value);
  if (!event.success) return null;
  const { did, commit } = event.data;
  const text = commit.record.text.trim().slice(0, 20_000);
  if (text === '' || matchTopics(text, topics).length === 0) return null;
  const createdAt = Date.parse(commit.record.createdAt ?? '');
  return {
    dedupKey: `at://${did}/app.bsky.feed.post/${commit.rkey}`,
    url: `https://bsky.app/profile/${did}/post/${encodeURIComponent(commit.rkey)}`,
    author: did,
    title: null,
    text,
    publishedAt: Number.isNaN(createdAt) ? Math.floor(event.data.time_us / 1000) : createdAt,
    // The stream carries records, not counts.
    engagement: null,
  };
}

/** What a Jetstream source can and cannot hear. */
export function describeJetstreamLimits(_source: Source, _credentials?: Record<string, string>): SourceLimits {
  return {
    rateBudget: `one subscription per crawl, at most ${defaults.maxEvents.toLocaleString('en')} events or ${defaults.timeoutMs / 1000} s, whichever comes first; Node runtime only`,
    cannotSee: [
      'likes, reposts and replies counts (the stream has records, not counts)',
      'posts older than Jetstream keeps (about a day) when crawls fall behind a busy stream (each crawl resumes where the last stopped)',
      'handles (posts are attributed to DIDs)',
      'an event over 256 KB (Jetstream is asked to skip it; a post is a few KB)',
    ],
    missingCredentials: [],
    credentialsRequired: false,
  };
}
