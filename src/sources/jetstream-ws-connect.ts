/**
 * Node only (imports `ws` and node:dns): the Jetstream connector for the Node runtime. Nothing in the
 * Workers bundle may import this file; the registry loads it lazily (see jetstream-connect.ts).
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import WebSocket from 'ws';
import { earshotUserAgent } from '../http/fetch-defaults';
import { checkAddress, checkUrl, type GuardPolicy } from '../http/url-guard';
import { JetstreamFrameTooLargeError, type JetstreamConnect, type JetstreamStream } from './jetstream-source';
import type { SourceFailure } from './source-adapter';

class RefusedAddressError extends Error {}

export interface WsJetstreamOptions {
  /** How long the deadline's close handshake may take before the socket is dropped; 1 s unless a test shortens it. */
  closeGraceMs?: number;
  /** DNS, injectable so tests map names to private addresses without asking a real resolver. */
  resolve?: (hostname: string, family: number) => Promise<Array<{ address: string; family: number }>>;
}

const systemResolve = (hostname: string, family: number) => dnsLookup(hostname, { all: true, family });

/**
 * A JetstreamConnect on `ws`, behind the same URL guard as every SafeFetch: the literal host is checked
 * before dialling and the resolved address inside the socket's lookup (DNS rebinding), redirects are not
 * followed, frames are capped, and the subscription ends at its deadline (at most `closeGraceMs` later),
 * which counts from the start of the connect.
 */
export function createWsJetstreamConnect(policy: GuardPolicy, options: WsJetstreamOptions = {}): JetstreamConnect {
  const closeGraceMs = options.closeGraceMs ?? 1_000;
  return async (url, limits) => {
    const target = new URL(url);
    if (!['ws:', 'wss:', 'http:', 'https:'].includes(target.protocol)) return failed({ kind: 'blocked', message: `scheme ${target.protocol} is not a web socket` });
    const httpForm = new URL(url);
    httpForm.protocol = target.protocol === 'wss:' || target.protocol === 'https:' ? 'https:' : 'http:';
    const verdict = checkUrl(httpForm, policy);
    if (verdict.kind === 'refused') return failed({ kind: 'blocked', message: verdict.reason });
    target.protocol = httpForm.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(target.href, {
      headers: { 'user-agent': earshotUserAgent },
      lookup: guardedLookup(policy, options.resolve ?? systemResolve),
      maxPayload: limits.maxMessageBytes,
      followRedirects: false,
      perMessageDeflate: false,
    });
    return new Promise((settle) => {
      let opened: OpenStream | null = null;
      // One deadline for the whole subscription, started before the connect: a slow DNS answer, TCP
      // connect or upgrade spends the slice instead of adding to it. Timed from 'open', a server that
      // took almost timeoutMs to upgrade held the crawl for about twice the slice plus the close grace.
      const deadline = setTimeout(() => {
        if (opened !== null) {
          opened.endAtDeadline();
        } else {
          socket.terminate();
          settle(failed({ kind: 'timeout', message: `no WebSocket within ${limits.timeoutMs} ms (the whole subscription's deadline)` }));
        }
      }, limits.timeoutMs);
      socket.once('open', () => {
        opened = streamOf(socket, { maxMessageBytes: limits.maxMessageBytes, closeGraceMs }, () => clearTimeout(deadline));
        settle({ kind: 'ok', stream: opened.stream });
      });
      socket.once('unexpected-response', (_request, response) => {
        const status = response.statusCode ?? 0;
        clearTimeout(deadline);
        socket.terminate();
        settle(failed({ kind: status === 429 ? 'rate-limited' : 'http', message: `HTTP ${status} instead of a WebSocket`, httpStatus: status }));
      });
      socket.once('error', (error) => {
        // Once open, the stream reports errors and its close stops the deadline.
        if (opened !== null) return;
        clearTimeout(deadline);
        if (error instanceof RefusedAddressError || error.cause instanceof RefusedAddressError) settle(failed({ kind: 'blocked', message: error.message }));
        else if (/timeout/i.test(error.message)) settle(failed({ kind: 'timeout', message: error.message }));
        else settle(failed({ kind: 'network', message: error.message }));
      });
    });
  };
}

function failed(error: SourceFailure): { kind: 'failed'; error: SourceFailure } {
  return { kind: 'failed', error };
}

/** net's lookup with every resolved address put through the guard before the socket dials it. */
function guardedLookup(policy: GuardPolicy, resolve: NonNullable<WsJetstreamOptions['resolve']>): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, familyNumber(options.family))
      .then((addresses) => {
        const refusal = addresses.map((a) => checkAddress(a.address, policy)).find((reason) => reason !== null);
        if (refusal) throw new RefusedAddressError(refusal);
        if (addresses.length === 0) throw new Error(`${hostname} has no address`);
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      })
      .catch((error: Error) => callback(error as NodeJS.ErrnoException, '', 0));
  };
}

/** net passes the family as 4, 6, 0 or (in newer Node) 'IPv4'/'IPv6'. */
function familyNumber(family: number | string | undefined): number {
  return family === 4 || family === 'IPv4' ? 4 : family === 6 || family === 'IPv6' ? 6 : 0;
}

const highWater = 5_000;
const lowWater = 1_000;

interface StreamLimits {
  maxMessageBytes: number;
  closeGraceMs: number;
}

/** An open socket's stream, and how the connector's deadline ends it. */
interface OpenStream {
  stream: JetstreamStream;
  endAtDeadline(): void;
}

/**
 * Messages as an async iterable: queued as they come, ended by close, error or the deadline (the
 * connector's timer calls endAtDeadline; `stopDeadline` clears that timer once the socket is gone).
 */
function streamOf(socket: WebSocket, { maxMessageBytes, closeGraceMs }: StreamLimits, stopDeadline: () => void): OpenStream {
  const queue: string[] = [];
  let ended = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    wake?.();
    wake = null;
  };
  let grace: ReturnType<typeof setTimeout> | undefined;
  // Jetstream streams until the subscriber leaves: a close we did not ask for (a restart, a proxy
  // dropping the connection, 1006/1011) ended the slice early, and must read as a break, not a
  // normal end, or a connection dropped at the same event every crawl would stall in silence.
  let closing = false;
  const endAtDeadline = (): void => {
    closing = true;
    // A polite close lets the server stop sending, but ws waits up to 30 s (its closeTimeout) for the
    // server's close frame: one that ignores the handshake held a 2 s slice, and a crawl worker, for 32 s.
    socket.close(1000, 'deadline');
    grace = setTimeout(() => socket.terminate(), closeGraceMs);
  };
  const stopTimers = (): void => {
    stopDeadline();
    clearTimeout(grace);
  };
  socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
    if (!isBinary) queue.push(data.toString());
    // Backpressure: a firehose outruns nobody's memory; TCP holds the rest until the reader catches up.
    if (queue.length >= highWater) socket.pause();
    notify();
  });
  socket.on('close', (code: number, reason: Buffer) => {
    if (!closing && failure === null) failure = new Error(`the server ended the stream (close ${code}${reason.length > 0 ? `: ${reason.toString().slice(0, 80)}` : ''})`);
    ended = true;
    stopTimers();
    notify();
  });
  socket.on('error', (error) => {
    // ws says only "Max payload size exceeded"; the operator is told which cap, so it reads as ours and not the network's.
    failure = (error as NodeJS.ErrnoException).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? new JetstreamFrameTooLargeError(maxMessageBytes) : error;
    ended = true;
    notify();
  });
  const stream: JetstreamStream = {
    close: () => {
      closing = true;
      stopTimers();
      socket.terminate();
    },
    messages: {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          const next = queue.shift();
          if (next !== undefined) {
            if (queue.length < lowWater && socket.isPaused) socket.resume();
            yield next;
            continue;
          }
          if (failure) throw failure;
          if (ended) return;
          await new Promise<void>((resolve) => (wake = resolve));
        }
      },
    },
  };
  return { stream, endAtDeadline };
}
