import type { Db } from './database';

/**
 * Creates the named key, or replaces its hash when the operator changed the key: running the
 * start-up twice with the same EARSHOT_API_KEY changes nothing. Only the SHA-256 hex is stored.
 */
export async function ensureApiKey(db: Db, name: string, keyHash: string, now: number): Promise<void> {
  await db
    .insertInto('api_keys')
    .values({ name, key_hash: keyHash, created_at: now })
    .onConflict((oc) => oc.column('name').doUpdateSet({ key_hash: keyHash }))
    .execute();
}

export async function listApiKeyHashes(db: Db): Promise<string[]> {
  return (await db.selectFrom('api_keys').select('key_hash').orderBy('id').execute()).map((r) => r.key_hash);
}

export async function deleteApiKey(db: Db, name: string): Promise<boolean> {
  const result = await db.deleteFrom('api_keys').where('name', '=', name).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
