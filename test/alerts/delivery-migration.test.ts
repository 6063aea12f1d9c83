import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { up } from '../../src/storage/migrations/0005-add-delivery-controls';
import { createEndpoint, getEndpoint, loadSigningSecrets } from '../../src/storage/endpoint-store';
import { createTestDb } from '../support/test-db';

const T0 = Date.UTC(2026, 10, 30, 12);

describe('migration 0005-add-delivery-controls', () => {
  it('can run again (a second runtime migrating at the same time) without failing or changing anything', async () => {
    const db = await createTestDb();
    await createEndpoint(db, { url: 'https://hooks.example/a', minSeverity: 'critical' }, T0);
    await expect(up(db as unknown as Kysely<unknown>)).resolves.toBeUndefined();
    expect(await getEndpoint(db, 1)).toMatchObject({ minSeverity: 'critical', topicIds: null, eventTypes: null });
    await db.destroy();
  });

  it('gives an endpoint from before signing (secret null) a secret on first use, and keeps it', async () => {
    const db = await createTestDb();
    await createEndpoint(db, { url: 'https://hooks.example/a' }, T0);
    await sql`update webhook_endpoints set secret = null`.execute(db);
    const [first] = await loadSigningSecrets(db, 1, T0);
    expect(first).toMatch(/^whsec_/);
    expect(await loadSigningSecrets(db, 1, T0 + 1)).toEqual([first]);
    await db.destroy();
  });
});
