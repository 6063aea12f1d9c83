import type { SafeFetch } from '../http/safe-fetch';
import type { Db } from '../storage/database';
import type { Logger } from './logger';

/** Everything jobs and the API need from the outside world. Built by src/runtime/node or src/runtime/worker. */
export interface Deps {
  db: Db;
  fetch: SafeFetch;
  log: Logger;
  settings: RuntimeSettings;
}

export interface RuntimeSettings {
  /** Base URL of the dashboard, for links in alerts. */
  publicUrl: string | null;
  /** Operator-supplied credentials by source kind (e.g. reddit client id/secret, bluesky app password). */
  credentials: Record<string, Record<string, string> | undefined>;
}
