import { isLoopbackHost } from '../http/loopback-host';
import type { MentionDraft } from '../domain/mention';
import type { Source, SourceLimits } from '../domain/source';
import type { SafeResponse } from '../http/safe-fetch';
import { addMalformedCounts, judgeMalformedItems, noMalformedItems, type MalformedCount } from './count-malformed-items';
import { fetchSourceJson, waitForRateBudgetMs } from './fetch-source-json';
import { combineMastodonReads, type InstanceRead } from './mastodon-combine-reads';
import { isInstanceHeld, mastodonInstancesOf, readMastodonCursor, recordInstanceAnswer, recordInstanceFailure, type InstanceState } from './mastodon-instance-state';
import { isNewerId, parseMastodonStatuses, prevMinIdFromLink, type MastodonStatus } from './mastodon-status';
import { mastodonHashtags, mastodonSearchQueries, searchQueryTree } from './search-terms';
import type { FetchOutcome, SourceAdapter, SourceFailure, SourceIo } from './source-adapter';

export interface MastodonSourceOptions {
  backfillMs?: number;
  /** Pages of 40 per timeline (or search query) per instance per crawl. */
  maxPages?: number;
  timeoutMs?: number;
}

const defaults = { backfillMs: 24 * 60 * 60 * 1000, maxPages: 3, timeoutMs: 20_000 };
/** The crawl's limits and the instance's request headers (its token, when the operator gave one). */
type Limits = typeof defaults & { headers: Record<string, string> };
/** Mastodon's largest page for timelines and search. */
const pageSize = 40;

interface Stream {
  kind: 'tag' | 'search';
  /** Path and query without the paging parameters. */
  url: URL;
}

/** `cutShort`: the page budget or the rate budget ended the read before it caught up with the newest statuses. */
type StreamResult =
  | { kind: 'ok'; statuses: MastodonStatus[]; newest: string | null; cutShort: boolean; malformed: MalformedCount; wait?: number }
  | { kind: 'failed'; error: SourceFailure };

/**
 * What the streams of one kind (tag timelines, search queries) read this turn: the newest id any of
 * them stored, and the lowest newest id among those cut short, up to which every one of them has read.
 */
interface KindRead {
  newest: string | null;
  cutShortAt: string | null;
}

interface InstanceResult {
  read: InstanceRead;
  statuses: MastodonStatus[];
  wait?: number;
}

/**
 * Mastodon hashtag timelines (`/api/v1/timelines/tag/:tag`, other tags as `any[]`) and, where the
 * instance allows it (`config.search: true`), status search (`/api/v2/search?type=statuses`), on the
 * source's instance and any in `config.instances`. A status seen through two instances is one mention
 * (keyed by its `uri`). Each instance keeps its own `min_id` cursors and its own failure state (see
 * mastodon-instance-state.ts): one that fails is held back by its Retry-After or backoff while the
 * others are read and stored (a partial answer); only when none answers does the source fail. The
 * first run pages back over `backfillMs`. Public timelines need no token; most instances answer
 * status search only to users, and some close tag timelines to visitors: an instance the operator gave
 * a token for is read signed in.
 */
export function createMastodonSource(options: MastodonSourceOptions = {}): SourceAdapter {
  const limits = { ...defaults, ...options };
  return {
    async fetchMentions(source: Source, io: SourceIo): Promise<FetchOutcome> {
      const tree = searchQueryTree(source, io.topics);
      const tags = configuredTags(source) ?? (tree === null ? [] : mastodonHashtags(tree));
      const queries = source.config?.search === true && tree !== null ? mastodonSearchQueries(tree) : [];
      if (tags.length === 0 && queries.length === 0) return { kind: 'failed', error: { kind: 'parse', message: 'no hashtag or query to follow on Mastodon' } };
      const cursor = readMastodonCursor(source.state.cursor);
      const drafts = new Map<string, MentionDraft>();
      const reads: InstanceRead[] = [];
      let wait: number | undefined;
      for (const instance of mastodonInstancesOf(source)) {
        const streams = [...tagStreams(instance, tags), ...queries.map((q) => searchStream(instance, q))];
        const token = instanceToken(instance, io.credentials?.mastodon);
        const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
        const result = await readInstance(io, instance.host, streams, cursor[instance.host] ?? {}, { ...limits, headers });
        reads.push(result.read);
        for (const status of result.statuses) if (!drafts.has(status.draft.dedupKey)) drafts.set(status.draft.dedupKey, status.draft);
        wait = Math.max(wait ?? 0, result.wait ?? 0) || undefined;
      }
      return combineMastodonReads(reads, { drafts: [...drafts.values()], ...(wait === undefined ? {} : { nextCheckInMs: wait }) }, io.now);
    },
  };
}

export const mastodonSource = createMastodonSource();

/**
 * The operator's token for this instance (EARSHOT_MASTODON_TOKENS), if it may be sent there: to that
 * instance alone, and only over https (or to this machine), since a bearer token read on the wire is the
 * account. A redirect to another origin drops it (redirect-policy).
 */
function instanceToken(instance: URL, tokens: Record<string, string> | undefined): string | undefined {
  const token = tokens?.[instance.host];
  return token !== undefined && (instance.protocol === 'https:' || isLoopbackHost(instance.hostname)) ? token : undefined;
}


/**
 * One instance's streams, each from its own cursor. A held instance is not asked. The first stream
 * that fails ends the instance's turn (a server that times out on its timeline will on its search
 * too); streams read before it keep what they read, their cursor and their note about the statuses
 * they skipped (see noteOfSkipped). An instance that sent statuses none of which could be read (ids
 * that are not Mastodon's, an entity that changed) hears nothing: it fails like one that did not
 * answer, held back and named, while the others are read.
 */
async function readInstance(io: SourceIo, host: string, streams: Stream[], state: InstanceState, limits: Limits): Promise<InstanceResult> {
  if (isInstanceHeld(state, io.now)) return { read: { kind: 'held', host, state }, statuses: [] };
  const statuses: MastodonStatus[] = [];
  let next = state;
  let wait: number | undefined;
  let malformed = noMalformedItems;
  const reads: Partial<Record<Stream['kind'], KindRead>> = {};
  for (const stream of streams) {
    // Every stream of a kind shares one cursor, so each reads from where the last turn left it: a search
    // query that started from the id another query just reached would skip its own statuses older than that.
    const result = await readStream(io, stream, host, state[stream.kind] ?? null, limits);
    if (result.kind === 'failed') {
      // The kind's other streams may have moved past what the failed one has yet to read: its cursor stays.
      const failed = recordInstanceFailure(withCursor(next, stream.kind, state[stream.kind]), result.error, io.now);
      const note = noteOfSkipped(malformed);
      const read: InstanceRead = { kind: 'failed', host, state: failed, error: result.error, ...(note === null ? {} : { note }) };
      return { read, statuses, ...(wait === undefined ? {} : { wait }) };
    }
    statuses.push(...result.statuses);
    malformed = addMalformedCounts(malformed, result.malformed);
    const read = combineKindRead(reads[stream.kind], result);
    reads[stream.kind] = read;
    next = withCursor(next, stream.kind, read.cutShortAt ?? read.newest ?? undefined);
    wait = Math.max(wait ?? 0, result.wait ?? 0) || undefined;
  }
  const judged = judgeMalformedItems(malformed, 'statuses');
  const read: InstanceRead =
    judged.kind === 'failed'
      ? { kind: 'failed', host, state: recordInstanceFailure(next, judged.error, io.now), error: judged.error }
      : { kind: 'answered', host, state: recordInstanceAnswer(next), ...(judged.note === null ? {} : { note: judged.note }) };
  return { read, statuses, ...(wait === undefined ? {} : { wait }) };
}

function combineKindRead(previous: KindRead | undefined, result: { newest: string | null; cutShort: boolean }): KindRead {
  const newest = previous?.newest ?? null;
  const cutShortAt = previous?.cutShortAt ?? null;
  return {
    newest: result.newest !== null && isNewerId(result.newest, newest) ? result.newest : newest,
    cutShortAt: !result.cutShort || result.newest === null ? cutShortAt : cutShortAt === null || isNewerId(cutShortAt, result.newest) ? result.newest : cutShortAt,
  };
}

function withCursor(state: InstanceState, kind: Stream['kind'], id: string | undefined): InstanceState {
  const { [kind]: _replaced, ...rest } = state;
  return id === undefined ? rest : { ...rest, [kind]: id };
}

/**
 * What the streams read before a failing one skipped. Their statuses are kept, so the note about the
 * ones they could not read is kept with them: it is the only sign of a format change on that instance.
 */
function noteOfSkipped(count: MalformedCount): string | null {
  const judged = judgeMalformedItems(count, 'statuses');
  return judged.kind === 'failed' ? judged.error.message : judged.note;
}

function configuredTags(source: Source): string[] | null {
  const tags = source.config?.tags;
  if (!Array.isArray(tags)) return null;
  return tags.filter((tag): tag is string => typeof tag === 'string').map((tag) => tag.replace(/^#/, '')).filter((tag) => /^[\p{L}\p{N}_]+$/u.test(tag));
}

/** Mastodon's tag timeline reads at most 4 tags (the path's and `any[]`, TagFeed's LIMIT_PER_MODE) and ignores the rest. */
const tagsPerTimeline = 4;

/** One tag timeline per 4 tags, the first of each in the path and the others as `any[]`. */
function tagStreams(instance: URL, tags: string[]): Stream[] {
  const streams: Stream[] = [];
  for (let first = 0; first < tags.length; first += tagsPerTimeline) {
    const [path, ...any] = tags.slice(first, first + tagsPerTimeline);
    const url = new URL(`/api/v1/timelines/tag/${encodeURIComponent(path!)}`, instance);
    for (const tag of any) url.searchParams.append('any[]', tag);
    streams.push({ kind: 'tag', url });
  }
  return streams;
}

function searchStream(instance: URL, query: string): Stream {
  const url = new URL('/api/v2/search', instance);
  url.search = new URLSearchParams({ q: query, type: 'statuses', resolve: 'false' }).toString();
  return { kind: 'search', url };
}

/**
 * With a cursor: pages of statuses newer than it (`min_id`, following Link rel="prev"). Without one:
 * the newest page, then older pages (`max_id`) while they are inside the backfill window.
 */
async function readStream(io: SourceIo, stream: Stream, host: string, minId: string | null, limits: Limits): Promise<StreamResult> {
  const since = io.now - limits.backfillMs;
  const statuses: MastodonStatus[] = [];
  let malformed = noMalformedItems;
  let newest = minId;
  let paging: Record<string, string> = minId === null ? {} : { min_id: minId };
  let wait: number | undefined;
  // Only a read from a cursor can be cut short: a first run's backfill reads newest first and stops where it stops.
  let cutShort = minId !== null;
  for (let page = 0; page < limits.maxPages; page += 1) {
    const url = new URL(stream.url);
    url.searchParams.set('limit', String(pageSize));
    for (const [name, value] of Object.entries(paging)) url.searchParams.set(name, value);
    const result = await fetchSourceJson(io, { url: url.href, timeoutMs: limits.timeoutMs, headers: limits.headers });
    if (result.kind === 'failed') return result;
    if (result.kind === 'not-modified') {
      cutShort = false;
      break;
    }
    const list = stream.kind === 'search' ? (result.value as { statuses?: unknown } | null)?.statuses : result.value;
    const answer = parseMastodonStatuses(list, host);
    if (answer === null) return { kind: 'failed', error: { kind: 'parse', message: `${stream.kind === 'tag' ? 'tag timeline' : 'search'} answer is not a list of statuses` } };
    const parsed = answer.statuses;
    malformed = addMalformedCounts(malformed, answer.malformed);
    wait = waitForRateBudgetMs(result.response.headers, io.now);
    const fresh = parsed.filter((s) => isNewerId(s.id, minId) && (minId !== null || (s.draft.publishedAt ?? io.now) >= since));
    statuses.push(...fresh);
    for (const status of fresh) if (isNewerId(status.id, newest)) newest = status.id;
    const next = nextPaging(result.response, parsed, minId, newest, since);
    // A short page ends the stream; count what the server sent, not what survived parsing.
    if (next === null || (Array.isArray(list) ? list.length : 0) < pageSize) {
      cutShort = false;
      break;
    }
    if (wait !== undefined) break;
    paging = next;
  }
  return { kind: 'ok', statuses, newest, cutShort, malformed, ...(wait === undefined ? {} : { wait }) };
}

function nextPaging(response: SafeResponse, page: MastodonStatus[], minId: string | null, newest: string | null, since: number): Record<string, string> | null {
  if (page.length === 0) return null;
  if (minId !== null) {
    const prev = prevMinIdFromLink(response.headers.get('link')) ?? newest;
    return prev === null ? null : { min_id: prev };
  }
  const oldest = page.reduce((a, b) => (isNewerId(a.id, b.id) ? b : a));
  if ((oldest.draft.publishedAt ?? 0) < since) return null;
  return { max_id: oldest.id };
}

/** What a Mastodon source can and cannot hear. */
export function describeMastodonLimits(source: Source, credentials?: Record<string, string>): SourceLimits {
  const search = source.config?.search === true;
  const unsigned = mastodonInstancesOf(source).filter((instance) => instanceToken(instance, credentials) === undefined);
  const hosts = (instances: URL[]) => instances.map((instance) => instance.host).join(', ');
  return {
    rateBudget: `300 requests per 5 minutes per IP on each instance, kept to X-RateLimit-Remaining; at most ${defaults.maxPages} pages of ${pageSize} per stream per crawl`,
    cannotSee: [
      'posts that do not carry one of the hashtags, unless status search is on and the instance answers it',
      ...(search && unsigned.length > 0 ? [`status search results on instances that only search for signed-in users (they answer empty) and have no token in EARSHOT_MASTODON_TOKENS: ${hosts(unsigned)}`] : []),
      'posts from servers the named instances do not federate with',
      ...(unsigned.length > 0 ? [`anything on instances that close their public timelines to visitors (they answer 401 or 422), unless given a token: ${hosts(unsigned)}`] : []),
      'boosts, favourites and replies counted on other servers (counts are as this instance knows them)',
    ],
    // Search without a token hears nothing on most instances; timelines hear without one.
    missingCredentials: search && unsigned.length > 0 ? ['EARSHOT_MASTODON_TOKENS'] : [],
    credentialsRequired: false,
  };
}
