import type { Db } from '../storage/database';
import { listSources } from '../storage/source-store';
import { describeSourceLimits } from '../sources/source-adapters';
import type { Deps } from './deps';

/**
 * A `blocked` source failed on configuration, not on the network: missing credentials (Bluesky's app
 * password), a private address the URL guard refused, a Workers-only limit. It backs off up to a day.
 * Configuration only changes when Earshot restarts (Node) or is redeployed (Workers), so at start-up
 * every blocked source is made due at once, unless it still lacks credentials: adding the app password
 * takes effect on the next tick, not tomorrow. Returns the ids made due.
 */
export async function retryBlockedSources(db: Db, credentials: Deps['settings']['credentials'], now: number): Promise<number[]> {
  const retry = (await listSources(db)).filter(
    (s) => s.enabled && s.state.lastErrorKind === 'blocked' && s.state.nextCheckAt > now && describeSourceLimits(s, credentials).missingCredentials.length === 0,
  );
  for (const source of retry) await db.updateTable('sources').set({ next_check_at: now }).where('id', '=', source.id).execute();
  return retry.map((s) => s.id);
}
