import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A webhook receiver on 127.0.0.1 that can be down, slow, failing or healthy, and deduplicates by
 * `webhook-id` the way the Standard Webhooks spec asks receivers to.
 *
 *   down     the port is closed (the server stops listening; connections are refused)
 *   slow     the message is processed, but the answer comes after `slowMs` (the sender has timed out)
 *   error    500 without processing
 *   healthy  processed (once per webhook-id) and answered 204
 *
 * `holdNext()` keeps the next request open until the test releases it: a send the test can act during.
 */
export type ReceiverMode = 'down' | 'slow' | 'error' | 'healthy';

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
  mode: ReceiverMode;
}

/** A request the receiver keeps open: a send in flight, for as long as the test wants. */
export interface HeldRequest {
  /** Resolves when the request has come in (its body read and counted in `requests`). */
  arrived: Promise<void>;
  /** Answers it as the current mode would have. */
  release(): void;
}

export interface WebhookTestReceiver {
  url: string;
  /** Every request that reached the server, in order. */
  requests: ReceivedRequest[];
  /** Messages the receiver's handler ran for, deduplicated by webhook-id. */
  processed: Map<string, ReceivedRequest>;
  /** How often the handler would have run without deduplication, per webhook-id. */
  duplicates: Map<string, number>;
  setMode(mode: ReceiverMode): Promise<void>;
  /** The next request waits for its answer until release(); later ones are answered as usual. */
  holdNext(): HeldRequest;
  close(): Promise<void>;
}

export async function startWebhookTestReceiver(options: { slowMs?: number } = {}): Promise<WebhookTestReceiver> {
  const slowMs = options.slowMs ?? 1_000;
  const requests: ReceivedRequest[] = [];
  const processed = new Map<string, ReceivedRequest>();
  const duplicates = new Map<string, number>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let mode: ReceiverMode = 'healthy';
  let hold: { arrive(): void; released: Promise<void> } | null = null;

  const handle = (request: ReceivedRequest): void => {
    const id = String(request.headers['webhook-id'] ?? '');
    if (processed.has(id)) duplicates.set(id, (duplicates.get(id) ?? 0) + 1);
    else processed.set(id, request);
  };
  const answerLater = (res: ServerResponse): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!res.destroyed) res.writeHead(204).end();
    }, slowMs);
    timers.add(timer);
  };

  const answer = (request: ReceivedRequest, res: ServerResponse): void => {
    if (mode === 'error') {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
      return;
    }
    handle(request);
    if (mode === 'slow') answerLater(res);
    else res.writeHead(204).end();
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request: ReceivedRequest = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), mode };
      requests.push(request);
      const held = hold;
      hold = null;
      if (!held) {
        answer(request, res);
        return;
      }
      held.arrive();
      void held.released.then(() => {
        if (!res.destroyed) answer(request, res);
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await listen(server, 0);
  const { port } = server.address() as AddressInfo;
  let listening = true;

  const stop = async (): Promise<void> => {
    if (!listening) return;
    listening = false;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };

  return {
    url: `http://127.0.0.1:${port}/hooks/earshot`,
    requests,
    processed,
    duplicates,
    async setMode(next) {
      mode = next;
      if (next === 'down') await stop();
      else if (!listening) {
        // The same port again: the endpoint URL does not change while the receiver is away.
        await listen(server, port);
        listening = true;
      }
    },
    holdNext() {
      let arrive = () => {};
      let release = () => {};
      const arrived = new Promise<void>((resolve) => (arrive = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      hold = { arrive, released };
      return { arrived, release };
    },
    close: stop,
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}
