import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Source } from '../../src/domain/source';
import type { Topic } from '../../src/domain/topic';
import { connectJetstream } from '../../src/sources/jetstream-connect';
import { createJetstreamSource, describeJetstreamLimits } from '../../src/sources/jetstream-source';
import { createWsJetstreamConnect } from '../../src/sources/jetstream-ws-connect';
import type { SourceIo } from '../../src/sources/source-adapter';

const now = Date.parse('2026-11-30T10:00:00Z');
const acme: Topic = { id: 7, name: 'Acme', query: 'acme', enabled: true, createdAt: 0, updatedAt: 0 };
const replay = readFileSync(new URL('../fixtures/jetstream/replay/events.jsonl', import.meta.url), 'utf8').split('\n').filter(Boolean);
const connect = createWsJetstreamConnect({ allowPrivate: true, privateAllowList: ['127.0.0.1'] });
const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

interface Loopback {
  origin: string;
  urls: string[];
}

/** A Jetstream stand-in on 127.0.0.1:0: records each subscription URL and plays `send` to it. */
async function startJetstream(send: (socket: import('ws').WebSocket, url: string) => void): Promise<Loopback> {
  const server = http.createServer((_request, response) => response.writeHead(426).end());
  const wss = new WebSocketServer({ server });
  const urls: string[] = [];
  wss.on('connection', (socket, request) => {
    urls.push(request.url ?? '');
    send(socket, request.url ?? '');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(async () => {
    for (const client of wss.clients) client.terminate();
    wss.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, urls };
}

/**
 * A server on 127.0.0.1:0 that accepts the WebSocket upgrade by hand, sends `frames`, then never
 * answers anything, the close handshake included. `heard` resolves, once the client has dropped the
 * connection, with every byte the client sent after the upgrade.
 */
async function startDeafJetstream(frames: string[]): Promise<{ origin: string; heard: Promise<Buffer> }> {
  const server = http.createServer();
  const sockets: Socket[] = [];
  let hear: (bytes: Buffer) => void = () => {};
  const heard = new Promise<Buffer>((resolve) => (hear = resolve));
  server.on('upgrade', (request, socket: Socket) => {
    sockets.push(socket);
    acceptUpgrade(request, socket);
    frames.forEach((frame) => socket.write(textFrame(frame)));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // 'end' as well as 'close': the HTTP server keeps upgraded sockets half-open, and a deaf server never ends its side.
    for (const event of ['end', 'close', 'error']) socket.on(event, () => hear(Buffer.concat(chunks)));
  });
  return { origin: await listenWithRawSockets(server, sockets), heard };
}

/** Completes a WebSocket upgrade by hand. */
function acceptUpgrade(request: http.IncomingMessage, socket: Socket): void {
  // RFC 6455 §4.2.2: the accept key is the SHA-1 of the client's key and the protocol's GUID.
  const accept = createHash('sha1').update(`${request.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
}

interface HeldUpgrade {
  /** Completes the upgrade and sends `frames`. */
  accept(frames: string[]): void;
  ping(): void;
  /** The first bytes the client sends after the upgrade. */
  firstClientBytes: Promise<Buffer>;
  /** Resolves when the client drops the connection. */
  dropped: Promise<void>;
}

/**
 * A server on 127.0.0.1:0 that holds each WebSocket upgrade request until the test completes it:
 * `upgrading` resolves when the first one arrives. A slow Jetstream, without a real wait.
 */
async function startSlowUpgradeJetstream(): Promise<{ origin: string; upgrading: Promise<HeldUpgrade> }> {
  const server = http.createServer();
  const sockets: Socket[] = [];
  let hold: (upgrade: HeldUpgrade) => void = () => {};
  const upgrading = new Promise<HeldUpgrade>((resolve) => (hold = resolve));
  server.on('upgrade', (request, socket: Socket) => {
    sockets.push(socket);
    let upgraded = false;
    const firstClientBytes = new Promise<Buffer>((resolve) => socket.on('data', (chunk: Buffer) => upgraded && resolve(chunk)));
    const dropped = new Promise<void>((resolve) => ['end', 'close', 'error'].forEach((event) => socket.on(event, () => resolve())));
    hold({
      accept: (frames) => {
        upgraded = true;
        acceptUpgrade(request, socket);
        frames.forEach((frame) => socket.write(textFrame(frame)));
      },
      // An unmasked, empty ping (RFC 6455 §5.5.2): a client with its connection open answers it with a pong.
      ping: () => socket.write(Buffer.from([0x89, 0x00])),
      firstClientBytes,
      dropped,
    });
  });
  return { origin: await listenWithRawSockets(server, sockets), upgrading };
}

/** Listens on 127.0.0.1:0 until the test ends, then destroys the upgraded sockets it took (the server cannot close them). */
async function listenWithRawSockets(server: http.Server, sockets: Socket[]): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(async () => {
    sockets.forEach((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An unmasked server-to-client text frame (RFC 6455 §5.2), for payloads under 64 KB. */
function textFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const length = payload.length < 126 ? [payload.length] : [126, payload.length >> 8, payload.length & 0xff];
  return Buffer.concat([Buffer.from([0x81, ...length]), payload]);
}

/** The code and reason of `bytes` if they are exactly one masked client close frame (RFC 6455 §5.3, §5.5.1). */
function closeFrameOf(bytes: Buffer): { code: number; reason: string } | null {
  const length = (bytes[1] ?? 0) & 0x7f;
  if (bytes[0] !== 0x88 || length >= 126 || bytes.length !== 6 + length) return null;
  const payload = Buffer.from(bytes.subarray(6).map((byte, i) => byte ^ bytes[2 + (i % 4)]!));
  return { code: payload.readUInt16BE(0), reason: payload.subarray(2).toString() };
}

const io = (topics: Topic[] = [acme]): SourceIo => ({ fetch: () => Promise.reject(new Error('no HTTP here')), now, topics });

function streamSource(origin: string, cursor: string | null = null): Source {
  return {
    id: 9, kind: 'jetstream', url: origin, name: null, topicId: null, enabled: true, createdAt: 0,
    state: { etag: null, lastModified: null, cursor, nextCheckAt: 0, errorCount: 0, lastError: null, lastErrorKind: null, lastSuccessAt: null },
  };
}

const cursorOf = (url: string) => new URL(url, 'http://x').searchParams.get('cursor');

/** A new post by did:plc:x at `us` whose text mentions acme. */
const postAt = (us: number) => JSON.stringify({ did: 'did:plc:x', time_us: us, kind: 'commit', commit: { operation: 'create', collection: 'app.bsky.feed.post', rkey: `k${us}`, record: { text: `acme ${us}` } } });
/** A frame over the adapter's 256 KB cap, as a server that ignores maxMessageSizeBytes would send it. */
const oversized = (us: number) => JSON.stringify({ did: 'did:plc:x', time_us: us, kind: 'commit', padding: 'x'.repeat(300 * 1024) });

/**
 * A Jetstream stand-in that replays, like the real one, every event at or after the subscription's
 * cursor; with `honoursMaxSize` it also skips events over the subscription's maxMessageSizeBytes, as
 * Jetstream does.
 */
const replayFromCursor = (events: Array<[us: number, frame: string]>, { honoursMaxSize = false } = {}) => (socket: import('ws').WebSocket, url: string) => {
  const params = new URL(url, 'http://x').searchParams;
  const cursor = Number(params.get('cursor'));
  const maxSize = honoursMaxSize ? Number(params.get('maxMessageSizeBytes') ?? 0) : 0;
  events.filter(([us, frame]) => us >= cursor && (maxSize <= 0 || Buffer.byteLength(frame) <= maxSize)).forEach(([, frame]) => socket.send(frame));
};

describe('jetstream source', () => {
  it('replays from the backfill window, keeps new posts that match a topic, and stops once caught up with now', async () => {
    const jetstream = await startJetstream((socket) => replay.forEach((line) => socket.send(line)));
    const outcome = await createJetstreamSource({ connect }).fetchMentions(streamSource(jetstream.origin), io());
    expect(jetstream.urls).toEqual([`/subscribe?wantedCollections=app.bsky.feed.post&cursor=${(now - 10 * 60_000) * 1000}&maxMessageSizeBytes=262144`]);
    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    expect(outcome.drafts.map((d) => d.text)).toEqual([
      'my acme toaster just set off the smoke alarm. again. 🔥',
      'Acme support finally answered. Refund approved, credit where due.',
      "acme, posted after the crawl's now: read, then the slice stops",
    ]);
    expect(outcome.drafts[0]).toEqual({
      dedupKey: 'at://did:plc:w4xbfzo7kqfes5zb7r6qv3rw/app.bsky.feed.post/3lcfq2xnyzk2a',
      url: 'https://bsky.app/profile/did:plc:w4xbfzo7kqfes5zb7r6qv3rw/post/3lcfq2xnyzk2a',
      author: 'did:plc:w4xbfzo7kqfes5zb7r6qv3rw',
      title: null,
      text: 'my acme toaster just set off the smoke alarm. again. 🔥',
      publishedAt: Date.parse('2026-11-30T09:41:07.512Z'),
      engagement: null,
    });
    // The last event read is stamped 0.4 s after the crawl's now; the cursor stops at now (see the clock-skew cases).
    expect(outcome.next.cursor).toBe(String(now * 1000));
  });

  it('resumes from its time_us cursor', async () => {
    const jetstream = await startJetstream((socket) => replay.slice(-2).forEach((line) => socket.send(line)));
    const outcome = await createJetstreamSource({ connect }).fetchMentions(streamSource(jetstream.origin, '1796031900300000'), io());
    expect(cursorOf(jetstream.urls[0]!)).toBe('1796031900300000');
    expect(outcome).toMatchObject({ kind: 'ok', next: { cursor: String(now * 1000) } });
  });

  it.each([
    { name: 'a relay whose clock runs an hour ahead', ahead: 60 * 60_000 },
    { name: 'a hostile relay stamping an event in year 2100', ahead: Date.parse('2100-01-01T00:00:00Z') - now },
  ])('never stores a cursor ahead of its own clock: $name', async ({ ahead }) => {
    const t = 1796031000000000;
    const future = (now + ahead) * 1000;
    const jetstream = await startJetstream(replayFromCursor([[t + 1, postAt(t + 1)], [t + 2, postAt(t + 2)], [future, postAt(future)]]));
    const adapter = createJetstreamSource({ connect, timeoutMs: 5_000 });
    const first = await adapter.fetchMentions(streamSource(jetstream.origin, String(t)), io());
    expect(first).toMatchObject({ kind: 'ok', next: { cursor: String(now * 1000) } });
    // Five minutes later the next crawl resumes there, not 10 minutes back from its own now (nor skipping to the future).
    const later: SourceIo = { ...io(), now: now + 5 * 60_000 };
    await adapter.fetchMentions(streamSource(jetstream.origin, first.kind === 'ok' ? first.next.cursor : null), later);
    expect(cursorOf(jetstream.urls[1]!)).toBe(String(now * 1000));
  });

  it('looks back its backfill window from a stored cursor that is ahead of its clock', async () => {
    const jetstream = await startJetstream((socket) => replay.forEach((line) => socket.send(line)));
    await createJetstreamSource({ connect }).fetchMentions(streamSource(jetstream.origin, String(now * 1000 + 1)), io());
    expect(cursorOf(jetstream.urls[0]!)).toBe(String((now - 10 * 60_000) * 1000));
  });

  it('reads a bounded slice of a busy stream, and its cursor marks where it stopped', async () => {
    const event = (i: number) => JSON.stringify({ did: 'did:plc:x', time_us: 1796031000000000 + i, kind: 'commit', commit: { operation: 'create', collection: 'app.bsky.feed.post', rkey: `k${i}`, record: { text: `acme ${i}` } } });
    const jetstream = await startJetstream((socket) => Array.from({ length: 200 }, (_, i) => socket.send(event(i))));
    const outcome = await createJetstreamSource({ connect, maxEvents: 50 }).fetchMentions(streamSource(jetstream.origin), io());
    expect(outcome).toMatchObject({ kind: 'ok', next: { cursor: String(1796031000000000 + 49) } });
    expect(outcome.kind === 'ok' && outcome.drafts).toHaveLength(50);
  });

  it('skips an event whose DID is not one: it would become part of a stored link', async () => {
    const event = (i: number, did: string) => JSON.stringify({ did, time_us: 1796031000000000 + i, kind: 'commit', commit: { operation: 'create', collection: 'app.bsky.feed.post', rkey: `k${i}`, record: { text: `acme ${i}` } } });
    const jetstream = await startJetstream((socket) => {
      socket.send(event(1, 'did:x\n[Verify your account](https://evil.example'));
      socket.send(event(2, 'did:plc:w4xbfzo7kqfes5zb7r6qv3rw'));
    });
    const outcome = await createJetstreamSource({ connect, timeoutMs: 500 }).fetchMentions(streamSource(jetstream.origin, '1796031000000000'), io());
    expect(outcome.kind === 'ok' ? outcome.drafts.map((d) => d.author) : outcome).toEqual(['did:plc:w4xbfzo7kqfes5zb7r6qv3rw']);
  });

  it.each([
    { name: 'drops the connection (no close frame)', end: (socket: WebSocket) => socket.terminate(), reason: /^the server ended the stream \(close 1006\)/ },
    { name: 'closes it (a restart)', end: (socket: WebSocket) => socket.close(1001, 'restarting'), reason: /^the server ended the stream \(close 1001: restarting\)/ },
  ])('keeps what it read and says so when the server $name mid-way', async ({ end, reason }) => {
    const jetstream = await startJetstream((socket) => {
      replay.slice(0, 3).forEach((line) => socket.send(line));
      setTimeout(() => end(socket), 50);
    });
    const outcome = await createJetstreamSource({ connect }).fetchMentions(streamSource(jetstream.origin), io());
    // Ended early, so the buckets it covers are partial; the cursor goes past the last event read, as after any break.
    expect(outcome).toMatchObject({ kind: 'ok', next: { cursor: '1796031700100001' }, partial: { coverageLost: true } });
    expect(outcome.kind === 'ok' && outcome.partial?.message.replace(/^Jetstream stream broke after 3 events: /, '')).toMatch(reason);
    expect(outcome.kind === 'ok' && outcome.drafts).toHaveLength(1);
  });

  it('says so when an oversized frame breaks the stream, keeps what it read, and does not stall on that frame', async () => {
    const t = 1796031000000000;
    const jetstream = await startJetstream(replayFromCursor([[t + 1, postAt(t + 1)], [t + 2, postAt(t + 2)], [t + 3, oversized(t + 3)], [t + 4, postAt(t + 4)]]));
    const adapter = createJetstreamSource({ connect, timeoutMs: 5_000 });
    const first = await adapter.fetchMentions(streamSource(jetstream.origin, String(t)), io());
    expect(first).toMatchObject({
      kind: 'ok',
      // One past the last event read: resuming at it would re-read it and break on the same frame every crawl.
      next: { cursor: String(t + 3) },
      partial: { coverageLost: true, message: expect.stringMatching(/^Jetstream stream broke after 2 events: a frame over the 256 KB cap/) },
    });
    expect(first.kind === 'ok' && first.drafts.map((d) => d.text)).toEqual([`acme ${t + 1}`, `acme ${t + 2}`]);
    // The next crawl starts at the frame itself: nothing read, so it fails where the operator sees it.
    const second = await adapter.fetchMentions(streamSource(jetstream.origin, first.kind === 'ok' ? first.next.cursor : null), io());
    expect(second).toMatchObject({ kind: 'failed', error: { kind: 'too-large', message: expect.stringMatching(/^Jetstream stream broke: a frame over the 256 KB cap/) } });
  });

  it('asks Jetstream to skip events over its cap, so a server that does streams past an oversized post', async () => {
    const t = 1796031000000000;
    const events: Array<[number, string]> = [[t + 1, postAt(t + 1)], [t + 2, oversized(t + 2)], [t + 3, postAt(t + 3)], [now * 1000 + 1, postAt(now * 1000 + 1)]];
    const jetstream = await startJetstream(replayFromCursor(events, { honoursMaxSize: true }));
    const outcome = await createJetstreamSource({ connect, timeoutMs: 5_000 }).fetchMentions(streamSource(jetstream.origin, String(t)), io());
    expect(outcome).toMatchObject({ kind: 'ok', next: { cursor: String(now * 1000) } });
    expect(outcome).not.toHaveProperty('partial');
    expect(outcome.kind === 'ok' && outcome.drafts.map((d) => d.text)).toEqual([`acme ${t + 1}`, `acme ${t + 3}`, `acme ${now * 1000 + 1}`]);
    expect(new URL(jetstream.urls[0]!, 'http://x').searchParams.get('maxMessageSizeBytes')).toBe(String(256 * 1024));
  });

  // ws's own wait for the server's close frame is 30 s: the old code resolved only then, past this test's 10 s.
  it('ends at its deadline even when the server never answers the close handshake', { timeout: 10_000 }, async () => {
    const deaf = await startDeafJetstream(replay.slice(0, 3));
    const shortGrace = createWsJetstreamConnect({ allowPrivate: true, privateAllowList: ['127.0.0.1'] }, { closeGraceMs: 20 });
    const outcome = await createJetstreamSource({ connect: shortGrace, timeoutMs: 500 }).fetchMentions(streamSource(deaf.origin), io());
    expect(outcome).toMatchObject({ kind: 'ok', next: { cursor: '1796031700100000' } });
    expect(outcome).not.toHaveProperty('partial');
    // Polite first: all the client sent was one close frame (code 1000, 'deadline'), then it dropped the socket.
    expect(closeFrameOf(await deaf.heard)).toEqual({ code: 1000, reason: 'deadline' });
  });

  describe('with the deadline on a fake clock', () => {
    // Only the timers the connector sets are fake; sockets, DNS and ws's handshake run for real.
    afterEach(() => {
      vi.useRealTimers();
    });

    it('counts its deadline from the start of the connect: a slow upgrade spends the slice instead of adding to it', async () => {
      const slow = await startSlowUpgradeJetstream();
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const connecting = connect(`${slow.origin}/subscribe`, { timeoutMs: 10_000, maxMessageBytes: 256 * 1024 });
      const upgrade = await slow.upgrading;
      vi.advanceTimersByTime(9_000);
      upgrade.accept([postAt(1796031000000001)]);
      const connected = await connecting;
      expect(connected.kind).toBe('ok');
      closers.push(async () => (connected.kind === 'ok' ? connected.stream.close() : undefined));
      vi.advanceTimersByTime(1_500);
      // 10.5 s after the connect began, the slice is over: the client has sent its deadline close. It sends
      // frames in order, so a close sent at the deadline arrives before anything it could answer the ping with.
      upgrade.ping();
      expect(closeFrameOf(await upgrade.firstClientBytes)).toEqual({ code: 1000, reason: 'deadline' });
    });

    it('fails as timeout at its deadline when the upgrade never completes', async () => {
      const slow = await startSlowUpgradeJetstream();
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const connecting = connect(`${slow.origin}/subscribe`, { timeoutMs: 10_000, maxMessageBytes: 256 * 1024 });
      const upgrade = await slow.upgrading;
      vi.advanceTimersByTime(10_000);
      expect(await connecting).toMatchObject({ kind: 'failed', error: { kind: 'timeout' } });
      await upgrade.dropped;
    });
  });

  it.each([
    { name: 'a silent stream until the deadline', send: () => {}, error: { kind: 'timeout' } },
    { name: 'a server that closes at once', send: (socket: import('ws').WebSocket) => socket.close(1011), error: { kind: 'network', message: 'Jetstream stream broke: the server ended the stream (close 1011)' } },
    {
      name: 'an oversized first frame',
      send: (socket: import('ws').WebSocket) => socket.send(oversized(1796031000000001)),
      error: { kind: 'too-large', message: 'Jetstream stream broke: a frame over the 256 KB cap for one event (a post is a few KB)' },
    },
  ])('fails visibly on $name', async ({ send, error }) => {
    const jetstream = await startJetstream(send);
    const outcome = await createJetstreamSource({ connect, timeoutMs: 300 }).fetchMentions(streamSource(jetstream.origin, '1796031000000000'), io());
    expect(outcome).toMatchObject({ kind: 'failed', error });
  });

  it('reports a refused upgrade with its status', async () => {
    const server = http.createServer();
    server.on('upgrade', (_request, socket) => socket.end('HTTP/1.1 429 Too Many Requests\r\nRetry-After: 30\r\nContent-Length: 0\r\n\r\n'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect(await createJetstreamSource({ connect }).fetchMentions(streamSource(origin), io())).toMatchObject({
      kind: 'failed',
      error: { kind: 'rate-limited', httpStatus: 429 },
    });
  });

  it.each([
    { name: 'a loopback alias outside the allow-list', url: 'http://127.0.0.2:9/', adapter: () => createJetstreamSource({ connect }) },
    { name: 'loopback with the default connector (private refused)', url: 'http://127.0.0.1:9/', adapter: () => createJetstreamSource({ connect: connectJetstream }) },
    { name: 'a scheme that is not a web socket', url: 'ftp://127.0.0.1/', adapter: () => createJetstreamSource({ connect }) },
  ])('refuses $name before connecting', async ({ url, adapter }) => {
    expect(await adapter().fetchMentions(streamSource(url), io())).toMatchObject({ kind: 'failed', error: { kind: 'blocked' } });
  });

  describe('checks the address it dials (stubbed DNS: no real resolver is asked)', () => {
    const stubbedDns: Record<string, string[]> = { 'rebind.test': ['127.0.0.1'], 'mixed.test': ['127.0.0.1', '10.0.0.7'], 'fixture.test': ['127.0.0.1'] };
    const resolve = async (hostname: string) => {
      const answer = stubbedDns[hostname];
      if (answer === undefined) throw Object.assign(new Error(`stub DNS: no ${hostname}`), { code: 'ENOTFOUND' });
      return answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };

    it.each([
      { name: 'a name that resolves to loopback (DNS rebinding)', host: 'rebind.test', policy: { allowPrivate: false } },
      { name: 'a name with one refused address among its answers', host: 'mixed.test', policy: { allowPrivate: true, privateAllowList: ['127.0.0.1'] } },
    ])('refuses $name before connecting', async ({ host, policy }) => {
      const jetstream = await startJetstream(() => {});
      const guarded = createWsJetstreamConnect(policy, { resolve });
      const outcome = await createJetstreamSource({ connect: guarded, timeoutMs: 2_000 }).fetchMentions(streamSource(jetstream.origin.replace('127.0.0.1', host)), io());
      expect(outcome).toMatchObject({ kind: 'failed', error: { kind: 'blocked' } });
      expect(jetstream.urls).toEqual([]);
    });

    it('dials a name whose every answer is allowed', async () => {
      const jetstream = await startJetstream((socket) => socket.close(1000));
      const guarded = createWsJetstreamConnect({ allowPrivate: true, privateAllowList: ['127.0.0.1'] }, { resolve });
      await createJetstreamSource({ connect: guarded, timeoutMs: 2_000 }).fetchMentions(streamSource(jetstream.origin.replace('127.0.0.1', 'fixture.test')), io());
      expect(jetstream.urls).toHaveLength(1);
    });
  });

  it('states its limits', () => {
    expect(describeJetstreamLimits(streamSource('https://jetstream2.us-east.bsky.network'))).toMatchObject({ missingCredentials: [], rateBudget: expect.stringContaining('Node runtime only') });
  });
});
