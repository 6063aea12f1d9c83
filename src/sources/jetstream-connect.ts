import type { JetstreamConnect } from './jetstream-source';

/** Kept in a variable so bundlers (the Workers build) do not pull `ws` and node:dns into their output. */
const nodeConnectorModule = './jetstream-ws-connect';

/**
 * The connector the registry's Jetstream source uses: on Node, the guarded `ws` client, loaded on first
 * use; on Workers, a visible refusal (the issue scopes Jetstream to Node). Private addresses are refused:
 * the public Jetstream instances need no exception, and tests inject their own connector.
 */
export const connectJetstream: JetstreamConnect = async (url, limits) => {
  const isWorkers = (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent === 'Cloudflare-Workers';
  if (isWorkers) return { kind: 'failed', error: { kind: 'blocked', message: 'Jetstream runs on the Node runtime only' } };
  const { createWsJetstreamConnect } = (await import(/* @vite-ignore */ nodeConnectorModule)) as typeof import('./jetstream-ws-connect');
  return createWsJetstreamConnect({ allowPrivate: false })(url, limits);
};
