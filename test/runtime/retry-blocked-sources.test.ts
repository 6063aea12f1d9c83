// A source blocked on configuration gets another chance when the configuration may have changed.
import { describe, expect, it } from 'vitest';
import { retryBlockedSources } from '../../src/runtime/retry-blocked-sources';
import { createSource, getSource, recordSourceFailure, updateSource } from '../../src/storage/source-store';
import { createTestDeps } from '../support/test-deps';

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const DAY = 86_400_000;
const bluesky = { bluesky: { identifier: 'earshot.example', appPassword: 'abcd-efgh-ijkl-mnop', service: 'https://bsky.social' } };

async function setUp() {
  const { db } = await createTestDeps();
  const sky = (await createSource(db, { kind: 'bluesky', url: 'https://bsky.social' }, NOW))!;
  await recordSourceFailure(db, sky.id, { kind: 'blocked', message: 'Bluesky search needs an app password: set EARSHOT_BLUESKY_IDENTIFIER and EARSHOT_BLUESKY_APP_PASSWORD' }, NOW + DAY, NOW);
  const guarded = (await createSource(db, { kind: 'rss', url: 'https://intranet.example/feed' }, NOW))!;
  await recordSourceFailure(db, guarded.id, { kind: 'blocked', message: 'intranet.example resolves to a private address (10.0.0.5)' }, NOW + DAY, NOW);
  const slow = (await createSource(db, { kind: 'rss', url: 'https://slow.example/feed' }, NOW))!;
  await recordSourceFailure(db, slow.id, { kind: 'timeout', message: 'timed out' }, NOW + DAY, NOW);
  const off = (await createSource(db, { kind: 'rss', url: 'https://off.example/feed' }, NOW))!;
  await recordSourceFailure(db, off.id, { kind: 'blocked', message: 'private address' }, NOW + DAY, NOW);
  await updateSource(db, off.id, { enabled: false }, NOW);
  return { db, sky, guarded, slow, off };
}

describe('blocked sources at start-up', () => {
  it.each([
    { name: 'credentials still missing: the guard-blocked feed only', credentials: {}, due: ['guarded'] },
    { name: 'the Bluesky app password now given: both', credentials: bluesky, due: ['sky', 'guarded'] },
  ])('$name', async ({ credentials, due }) => {
    const { db, ...sources } = await setUp();
    const released = await retryBlockedSources(db, credentials, NOW + 60_000);
    const names = Object.entries(sources).filter(([, s]) => released.includes(s.id)).map(([name]) => name);
    expect(names.sort()).toEqual(due.sort());
    for (const [name, s] of Object.entries(sources)) {
      const stored = await getSource(db, s.id);
      expect([name, stored!.state.nextCheckAt]).toEqual([name, due.includes(name) ? NOW + 60_000 : NOW + DAY]);
    }
  });
});
