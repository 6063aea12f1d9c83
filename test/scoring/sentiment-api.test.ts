import { beforeEach, describe, expect, it } from 'vitest';
import { runRescore } from '../../jobs/rescore';
import { createSource } from '../../src/storage/source-store';
import { createTestApi, seedMentions, T0, type TestApi } from '../api/api-test-app';

let api: TestApi;
let topicId: number;
/** The API's clock: after seedMentions' fetch time (T0 + 1 day), as corrections come after the crawl. */
const NOW = T0 + 2 * 86_400_000;

beforeEach(async () => {
  api = await createTestApi({ now: () => NOW });
  topicId = (await api.call('POST', '/api/topics', { name: 'Acme', query: 'acme' })).json.id;
  const source = await createSource(api.db, { kind: 'rss', url: 'https://blog.example/feed' }, T0);
  await seedMentions(api.db, source!.id, [{ key: 'a', label: 'negative', topicIds: [topicId], at: T0, title: 'Acme', text: 'This game is killer' }]);
});

const mentionId = async () => (await api.call('GET', '/api/mentions')).json.mentions[0].id as number;
const deps = () => ({ db: api.db, log: { debug() {}, info() {}, warn() {}, error() {} } }) as never;

describe('sentiment through the API', () => {
  it('lists mentions with their sentiment audit: what counts, the scorer label, the explanation', async () => {
    await runRescore(deps(), NOW + 1);
    const { json } = await api.call('GET', '/api/mentions');
    expect(json.mentions[0].sentiment).toMatchObject({
      label: 'negative',
      scorerLabel: 'negative',
      manualLabel: null,
      explanation: [{ token: 'killer', rule: 'negative-weighting', source: 'vader' }],
    });
  });

  it('a manual label wins, is returned, and is kept when the scorer re-scores', async () => {
    const id = await mentionId();
    const put = await api.call('PUT', `/api/mentions/${id}/sentiment`, { label: 'positive' });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ label: 'positive', manualLabel: 'positive', manualLabelAt: NOW });
    await runRescore(deps(), NOW + 1);
    const { json } = await api.call('GET', `/api/mentions/${id}/sentiment`);
    expect(json).toMatchObject({ label: 'positive', scorerLabel: 'negative', manualLabel: 'positive' });
    expect((await api.call('GET', '/api/mentions?sentiment=positive')).json.mentions).toHaveLength(1);

    const cleared = await api.call('PUT', `/api/mentions/${id}/sentiment`, { label: null });
    expect(cleared.json).toMatchObject({ label: 'negative', manualLabel: null });
  });

  it.each([
    ['unknown label', { label: 'angry' }, 400],
    ['missing label', {}, 400],
    ['extra field', { label: 'positive', score: 1 }, 400],
  ])('refuses a bad manual label: %s', async (_name, body, status) => {
    expect((await api.call('PUT', `/api/mentions/${await mentionId()}/sentiment`, body)).status).toBe(status);
  });

  it('answers 404 for a mention that does not exist', async () => {
    expect((await api.call('GET', '/api/mentions/9999/sentiment')).status).toBe(404);
    expect((await api.call('PUT', '/api/mentions/9999/sentiment', { label: 'neutral' })).status).toBe(404);
  });

  it("topic lexicon overrides are stored, returned, and re-score the topic's mentions", async () => {
    await runRescore(deps(), NOW - 1000);
    expect((await api.call('GET', `/api/topics/${topicId}/lexicon-overrides`)).json).toEqual({ overrides: {} });
    const put = await api.call('PUT', `/api/topics/${topicId}/lexicon-overrides`, { overrides: { killer: 0 } });
    expect(put.json).toEqual({ overrides: { killer: 0 } });
    await runRescore(deps(), NOW + 5);
    const { json } = await api.call('GET', `/api/mentions/${await mentionId()}/sentiment`);
    expect(json).toMatchObject({ label: 'neutral', explanation: [{ token: 'killer', weight: 0, source: 'override' }] });
  });

  it.each([
    ['weight out of range', { overrides: { killer: 9 } }],
    ['weight not a number', { overrides: { killer: 'high' } }],
    ['empty word', { overrides: { '': 1 } }],
    ['not an object', { overrides: ['killer'] }],
  ])('refuses bad overrides: %s', async (_name, body) => {
    expect((await api.call('PUT', `/api/topics/${topicId}/lexicon-overrides`, body)).status).toBe(400);
  });
});

describe('topic overrides in the config file', () => {
  it('seeds them, and seeding the same file again changes nothing (no re-score triggered)', async () => {
    const { applySeed } = await import('../../src/runtime/apply-seed');
    const { seedFileSchema } = await import('../../src/config/config-schema');
    const seed = seedFileSchema.parse({ topics: [{ name: 'Studio', query: 'studio', lexiconOverrides: { killer: 0, sick: 2 } }] });
    await applySeed(api.db, seed, T0 + 10);
    await applySeed(api.db, seed, T0 + 20);
    const row = await api.db.selectFrom('topics').selectAll().where('name', '=', 'Studio').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ lexicon_overrides: '{"killer":0,"sick":2}', overrides_updated_at: T0 + 10 });
  });

  it('refuses overrides that are not word → weight in [-5, 5]', async () => {
    const { seedFileSchema } = await import('../../src/config/config-schema');
    expect(seedFileSchema.safeParse({ topics: [{ name: 'S', query: 's', lexiconOverrides: { killer: 7 } }] }).success).toBe(false);
  });
});
