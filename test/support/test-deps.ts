import type { SafeFetch } from '../../src/http/safe-fetch';
import type { Deps } from '../../src/runtime/deps';
import { silentLogger, type Logger } from '../../src/runtime/logger';
import { createNodeSafeFetch } from '../../src/runtime/node/node-safe-fetch';
import type { Db } from '../../src/storage/database';
import { createTestDb } from './test-db';

/**
 * Deps for job tests: real SQLite, real HTTP to 127.0.0.1 fixture servers (private addresses allowed,
 * as the operator setting would), and a short timeout so a hanging source fails fast.
 */
export async function createTestDeps(options: { db?: Db; fetch?: SafeFetch; log?: Logger; timeoutMs?: number } = {}): Promise<Deps> {
  const inner = createNodeSafeFetch({ allowPrivate: true });
  const timeoutMs = options.timeoutMs ?? 1_000;
  return {
    db: options.db ?? (await createTestDb()),
    fetch: options.fetch ?? ((request) => inner({ ...request, timeoutMs: Math.min(request.timeoutMs ?? timeoutMs, timeoutMs) })),
    log: options.log ?? silentLogger,
    settings: { publicUrl: 'http://127.0.0.1:8787', credentials: {} },
  };
}
