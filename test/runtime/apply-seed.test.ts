import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDeliver } from '../../jobs/deliver';
import { raiseAlertEvent } from '../../src/alerts/raise-alert-event';
import { generateWebhookSecret } from '../../src/alerts/sign-webhook';
import { ConfigError } from '../../src/config/config-error';
import { defaultDetectorSettings } from '../../src/detection/detector-settings';
import type { Seed } from '../../src/config/config-schema';
import { parseConfig } from '../../src/config/parse-config';
import { applySeed } from '../../src/runtime/apply-seed';
import { openSqlite } from '../../src/runtime/node/open-sqlite';
import type { Db } from '../../src/storage/database';
import { getTopicDetectorSettings, saveTopicDetectorSettings } from '../../src/storage/detector-settings-store';
import { migrateToLatest } from '../../src/storage/migrate';
import { createEndpoint, getEndpoint, loadSigningSecrets } from '../../src/storage/endpoint-store';
import { recordSourceSuccess } from '../../src/storage/source-store';
import { purgeTopic, requestTopicDeletion } from '../../src/storage/topic-purge-store';
import { createTopic } from '../../src/storage/topic-store';
import { createAlertTestDeps, seedOpenAlert, T0, type AlertTestDeps } from '../support/webhook-test-deps';
import { startWebhookTestReceiver, type WebhookTestReceiver } from '../support/webhook-test-receiver';
import { verifyAsReceived } from '../support/webhook-verify';

const hour = 3_600_000;
const SECRET_OPS = generateWebhookSecret();
const SECRET_NEXT = generateWebhookSecret();

/** The seed as start-up applies it: through parseConfig, which reads each secretEnv. */
function seedFrom(file: unknown, env: Record<string, string> = {}): Seed {
  const parsed = parseConfig({ ...env, EARSHOT_CONFIG: 'earshot.json' }, () => JSON.stringify(file));
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return parsed.config.seed;
}

async function snapshot(db: Db) {
  return {
    topics: await db.selectFrom('topics').selectAll().orderBy('id').execute(),
    sources: await db.selectFrom('sources').selectAll().orderBy('id').execute(),
    webhooks: await db.selectFrom('webhook_endpoints').selectAll().orderBy('id').execute(),
  };
}

const opsFile = {
  topics: [
    { name: 'FundSpark', query: 'fundspark', lexiconOverrides: { killer: 0 } },
    { name: 'Acme', query: 'acme' },
  ],
  sources: [{ kind: 'rss', url: 'https://news.example/feed' }],
  webhooks: [
    {
      url: 'https://hooks.example.com/ops',
      kind: 'webhook',
      topics: ['FundSpark'],
      eventTypes: ['alert.opened', 'alert.escalated'],
      minSeverity: 'warning',
      secretEnv: 'EARSHOT_WEBHOOK_SECRET_OPS',
    },
    { url: 'https://hooks.slack.com/services/T0/B0/x' },
  ],
};

describe('applySeed', () => {
  let ctx: AlertTestDeps;
  let db: Db;
  beforeEach(async () => {
    ctx = await createAlertTestDeps();
    db = ctx.deps.db;
  });
  afterEach(() => ctx.close());

  it('creates seeded webhooks with their kind, topic names as ids, filters and the secret from the environment', async () => {
    const report = await applySeed(db, seedFrom(opsFile, { EARSHOT_WEBHOOK_SECRET_OPS: SECRET_OPS }), T0);
    expect(report).toEqual({ topics: 2, topicsWaiting: 0, sources: 1, webhooks: 2, webhooksCreated: 2, webhooksUpdated: 0, secretsReplaced: 0 });
    const fundspark = await db.selectFrom('topics').select('id').where('name', '=', 'FundSpark').executeTakeFirstOrThrow();
    expect(await getEndpoint(db, 1)).toMatchObject({ kind: 'webhook', topicIds: [fundspark.id], eventTypes: ['alert.opened', 'alert.escalated'], minSeverity: 'warning' });
    expect(await getEndpoint(db, 2)).toMatchObject({ kind: 'slack', topicIds: null, eventTypes: null, minSeverity: 'watch' });
    // The file's secret from the start: no generated one lingers beside it.
    expect(await loadSigningSecrets(db, 1, T0)).toEqual([SECRET_OPS]);
  });

  it('changes nothing when the same file is applied again, not even updated_at', async () => {
    const seed = seedFrom(opsFile, { EARSHOT_WEBHOOK_SECRET_OPS: SECRET_OPS });
    await applySeed(db, seed, T0);
    const before = await snapshot(db);
    const again = await applySeed(db, seed, T0 + hour);
    expect(again).toMatchObject({ webhooksCreated: 0, webhooksUpdated: 0, secretsReplaced: 0 });
    expect(await snapshot(db)).toEqual(before);
  });

  it('finds a seeded feed that moved by its URL on the next start: no second source, and the move kept', async () => {
    const seed = seedFrom(opsFile, { EARSHOT_WEBHOOK_SECRET_OPS: SECRET_OPS });
    await applySeed(db, seed, T0);
    await recordSourceSuccess(db, 1, { etag: null, lastModified: null, cursor: null, movedTo: 'https://feeds.news.example/rss' }, T0 + hour, T0);
    const before = await snapshot(db);
    await applySeed(db, seed, T0 + hour);
    expect(await snapshot(db)).toEqual(before);
    expect(before.sources).toMatchObject([{ url: 'https://news.example/feed', moved_to: 'https://feeds.news.example/rss' }]);
  });

  it.each([
    ['kind', { kind: 'discord' }, { kind: 'discord' }],
    ['topics, by another name', { topics: ['Acme', 'FundSpark'] }, { topicIds: [2, 1] }],
    ['topics cleared with null', { topics: null }, { topicIds: null }],
    ['event types', { eventTypes: ['alert.resolved'] }, { eventTypes: ['alert.resolved'] }],
    ['event types cleared with null', { eventTypes: null }, { eventTypes: null }],
    ['minimum severity', { minSeverity: 'critical' }, { minSeverity: 'critical' }],
  ])('converges when the file changes a seeded webhook: %s', async (_name, change, expected) => {
    const { secretEnv: _secretEnv, ...first } = opsFile.webhooks[0]!;
    await applySeed(db, seedFrom({ ...opsFile, webhooks: [first] }), T0);
    const report = await applySeed(db, seedFrom({ ...opsFile, webhooks: [{ ...first, ...change }] }), T0 + hour);
    expect(report).toMatchObject({ webhooksCreated: 0, webhooksUpdated: 1 });
    const endpoint = await getEndpoint(db, 1);
    expect(endpoint).toMatchObject(expected);
    const row = await db.selectFrom('webhook_endpoints').select('updated_at').where('id', '=', 1).executeTakeFirstOrThrow();
    expect(row.updated_at).toBe(T0 + hour);
    // Converged: the next start with this file changes nothing.
    expect(await applySeed(db, seedFrom({ ...opsFile, webhooks: [{ ...first, ...change }] }), T0 + 2 * hour)).toMatchObject({ webhooksUpdated: 0 });
  });

  it('gives a topic the file\'s detector settings, writes nothing when they are already stored, and leaves a topic without them alone', async () => {
    const file = (detectorSettings: unknown) => ({ topics: [{ name: 'FundSpark', query: 'fundspark', detectorSettings }, { name: 'Acme', query: 'acme' }] });
    await applySeed(db, seedFrom(file({ timeZone: 'Europe/Paris', sensitivity: 'high' })), T0);
    const [fundspark, acme] = (await db.selectFrom('topics').select('id').orderBy('id').execute()).map((t) => t.id);
    expect(await getTopicDetectorSettings(db, fundspark!)).toEqual({ ...defaultDetectorSettings, timeZone: 'Europe/Paris', sensitivity: 'high' });
    // Set on the dashboard for the topic the file gives none.
    await saveTopicDetectorSettings(db, acme!, { ...defaultDetectorSettings, minCount: 9 }, T0);
    const rows = () => db.selectFrom('topic_detector_settings' as never).selectAll().orderBy('topic_id' as never).execute();
    const before = await rows();
    await applySeed(db, seedFrom(file({ timeZone: 'Europe/Paris', sensitivity: 'high' })), T0 + hour);
    expect(await rows()).toEqual(before);
    // A changed file converges, replacing the settings whole: what it leaves out takes the default.
    await applySeed(db, seedFrom(file({ timeZone: 'America/New_York' })), T0 + 2 * hour);
    expect(await getTopicDetectorSettings(db, fundspark!)).toEqual({ ...defaultDetectorSettings, timeZone: 'America/New_York' });
    expect(await getTopicDetectorSettings(db, acme!)).toEqual({ ...defaultDetectorSettings, minCount: 9 });
  });

  it('leaves settings the file does not give as they are (set through the API, say)', async () => {
    await createEndpoint(db, { url: 'https://hooks.example.com/ops', minSeverity: 'critical', eventTypes: ['alert.opened'] }, T0);
    await applySeed(db, seedFrom({ webhooks: [{ url: 'https://hooks.example.com/ops', kind: 'webhook' }] }), T0 + hour);
    expect(await getEndpoint(db, 1)).toMatchObject({ kind: 'webhook', minSeverity: 'critical', eventTypes: ['alert.opened'] });
  });

  it('leaves webhooks created through the API and not in the file alone', async () => {
    const api = (await createEndpoint(db, { url: 'https://api-made.example/hook', minSeverity: 'critical', topicIds: [99] }, T0))!;
    const before = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', api.id).executeTakeFirstOrThrow();
    await applySeed(db, seedFrom(opsFile, { EARSHOT_WEBHOOK_SECRET_OPS: SECRET_OPS }), T0 + hour);
    expect(await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', api.id).executeTakeFirstOrThrow()).toEqual(before);
    expect(await loadSigningSecrets(db, api.id, T0 + hour)).toEqual([api.secret]);
  });

  it('replaces the stored secret only when the file gives another, the old one signing beside it for 24 hours', async () => {
    const file = { webhooks: [{ url: 'https://hooks.example.com/ops', secretEnv: 'EARSHOT_WEBHOOK_SECRET_OPS' }] };
    // An endpoint made through the API (or by an earlier file without secretEnv) has a generated secret.
    const generated = (await createEndpoint(db, { url: 'https://hooks.example.com/ops' }, T0))!.secret;

    const adopt = await applySeed(db, seedFrom(file, { EARSHOT_WEBHOOK_SECRET_OPS: SECRET_OPS }), T0);
    expect(adopt).toMatchObject({ webhooksUpdated: 1, secretsReplaced: 1 });
    expect(await loadSigningSecrets(db, 1, T0)).toEqual([SECRET_OPS, generated]);

    const same = await applySeed(db, seedFrom(file, { EARSHOT_WEBHOOK_SECRET_OPS: SECRET_OPS }), T0 + hour);
    expect(same).toMatchObject({ webhooksUpdated: 0, secretsReplaced: 0 });
    expect(await getEndpoint(db, 1)).toMatchObject({ previousSecretExpiresAt: T0 + 24 * hour });

    const next = await applySeed(db, seedFrom(file, { EARSHOT_WEBHOOK_SECRET_OPS: SECRET_NEXT }), T0 + 2 * hour);
    expect(next).toMatchObject({ secretsReplaced: 1 });
    expect(await loadSigningSecrets(db, 1, T0 + 2 * hour)).toEqual([SECRET_NEXT, SECRET_OPS]);
    expect(await loadSigningSecrets(db, 1, T0 + 26 * hour)).toEqual([SECRET_NEXT]);

    // Dropping secretEnv from the file keeps the secret it gave: a field left out is left as it is.
    await applySeed(db, seedFrom({ webhooks: [{ url: 'https://hooks.example.com/ops' }] }), T0 + 30 * hour);
    expect(await loadSigningSecrets(db, 1, T0 + 30 * hour)).toEqual([SECRET_NEXT]);
  });

  it('resolves topic names stored earlier (through the API) as well as those in the file', async () => {
    const stored = (await createTopic(db, { name: 'Stored Brand', query: 'stored' }, T0))!;
    await applySeed(db, seedFrom({ topics: [{ name: 'Acme', query: 'acme' }], webhooks: [{ url: 'https://hooks.example.com/ops', topics: ['Stored Brand', 'Acme'] }] }), T0);
    expect((await getEndpoint(db, 1))?.topicIds).toEqual([stored.id, stored.id + 1]);
  });

  it('refuses a topic spelled like a stored one but for case, and takes an exact match or the same name in another Unicode form', async () => {
    await createTopic(db, { name: 'Acme', query: 'acme' }, T0);
    // Stored decomposed, as a file written that way seeded it before names were composed.
    await db.insertInto('topics').values({ name: 'Cafe\u0301', query: 'cafe', enabled: 1, created_at: T0, updated_at: T0 }).execute();
    const error = await applySeed(db, seedFrom({ topics: [{ name: 'acme', query: 'acme corp' }] }), T0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual(['EARSHOT_CONFIG topics.0.name: "acme" is the stored topic "Acme" but for case or Unicode form; spell it "Acme"']);
    expect((await snapshot(db)).topics.map((t) => [t.name, t.query])).toEqual([['Acme', 'acme'], ['Cafe\u0301', 'cafe']]);

    // The same name composed or decomposed is that topic; a webhook may name it the file's way.
    for (const spelled of ['Caf\u00e9', 'Cafe\u0301']) {
      await applySeed(db, seedFrom({ topics: [{ name: spelled, query: 'cafe OR coffee' }], webhooks: [{ url: 'https://hooks.example.com/cafe', topics: [spelled] }] }), T0);
    }
    const after = await snapshot(db);
    expect(after.topics.map((t) => [t.name, t.query])).toEqual([['Acme', 'acme'], ['Cafe\u0301', 'cafe OR coffee']]);
    expect((await getEndpoint(db, after.webhooks[0]!.id))?.topicIds).toEqual([after.topics[1]!.id]);

    // A database that holds both cases already (from before the check): the exact one is the file's.
    await db.insertInto('topics').values({ name: 'acme', query: 'acme', enabled: 1, created_at: T0, updated_at: T0 }).execute();
    await applySeed(db, seedFrom({ topics: [{ name: 'acme', query: 'acme corp' }] }), T0);
    expect((await snapshot(db)).topics.map((t) => [t.name, t.query])).toEqual([['Acme', 'acme'], ['Cafe\u0301', 'cafe OR coffee'], ['acme', 'acme corp']]);
  });

  it('refuses a topic whose look-alike is created (through the API) while the file is applied, and leaves that one alone', async () => {
    const { raw, db: own } = openSqlite(':memory:');
    await migrateToLatest(own, T0);
    // applySeed's first statement reads the stored topics; "ACME" is stored right after it, as another process
    // serving the API would (through the raw connection: Kysely's is held until the result is handed on).
    let raced = false;
    const racing = own.withPlugin({
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        if (!raced) raw.prepare("insert into topics (name, name_key, query, created_at, updated_at) values ('ACME', 'acme', 'acme', 0, 0)").run();
        raced = true;
        return args.result;
      },
    });
    const error = await applySeed(racing, seedFrom({ topics: [{ name: 'Acme', query: 'acme corp' }] }), T0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual(['EARSHOT_CONFIG topics.0.name: "Acme" is the stored topic "ACME" but for case or Unicode form; spell it "ACME"']);
    expect((await snapshot(own)).topics.map((t) => [t.name, t.query])).toEqual([['ACME', 'acme']]);
    await own.destroy();
  });

  // Not a ConfigError: on a Worker that would stop every cron run, and with it the purge the topic waits for.
  it('leaves out a topic being deleted (and one named like it), its settings and webhook links, and creates it anew once it is gone', async () => {
    const acme = (await createTopic(db, { name: 'Acme', query: 'acme' }, T0))!;
    await requestTopicDeletion(db, acme.id, T0);
    const file = {
      topics: [{ name: 'Acme', query: 'acme corp', lexiconOverrides: { killer: 0 } }, { name: 'Bolt', query: 'bolt' }],
      webhooks: [{ url: 'https://hooks.example.com/ops', topics: ['Acme', 'Bolt'] }],
    };
    expect(await applySeed(db, seedFrom(file), T0)).toMatchObject({ topics: 2, topicsWaiting: 1 });
    expect(await applySeed(db, seedFrom({ topics: [{ name: 'ACME', query: 'acme' }] }), T0)).toMatchObject({ topics: 1, topicsWaiting: 1 });
    const waiting = await snapshot(db);
    expect(waiting.topics.map((t) => [t.id, t.name, t.query, t.delete_requested_at])).toEqual([[acme.id, 'Acme', 'acme', T0], [acme.id + 1, 'Bolt', 'bolt', null]]);
    expect((await getEndpoint(db, waiting.webhooks[0]!.id))?.topicIds).toEqual([acme.id + 1]);

    expect(await purgeTopic(db, acme.id, { left: 100 }, T0)).toBe(true);
    expect(await applySeed(db, seedFrom(file), T0)).toMatchObject({ topics: 2, topicsWaiting: 0 });
    const created = (await snapshot(db)).topics.find((t) => t.name === 'Acme')!;
    expect(created).toMatchObject({ query: 'acme corp', delete_requested_at: null });
    expect(created.id).not.toBe(acme.id);
    expect((await getEndpoint(db, waiting.webhooks[0]!.id))?.topicIds).toEqual([created.id, acme.id + 1]);
  });

  it('refuses unknown topic names before writing anything, listing every one', async () => {
    const seed = seedFrom({
      topics: [{ name: 'FundSpark', query: 'fundspark' }],
      sources: [{ kind: 'rss', url: 'https://news.example/feed' }],
      webhooks: [
        { url: 'https://hooks.example.com/a', topics: ['FundSpark', 'fundspark'] },
        { url: 'https://hooks.example.com/b', topics: ['Nobody'] },
      ],
    });
    const error = await applySeed(db, seed, T0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'EARSHOT_CONFIG webhooks.0.topics.1: no topic named "fundspark" in the file or the database (did you mean "FundSpark"?)',
      'EARSHOT_CONFIG webhooks.1.topics.0: no topic named "Nobody" in the file or the database',
    ]);
    expect(await snapshot(db)).toEqual({ topics: [], sources: [], webhooks: [] });
  });
});

describe('a seeded webhook signs its deliveries with the secret from the environment', () => {
  let ctx: AlertTestDeps;
  let receiver: WebhookTestReceiver;
  beforeEach(async () => {
    ctx = await createAlertTestDeps();
    receiver = await startWebhookTestReceiver();
  });
  afterEach(async () => {
    await receiver.close();
    await ctx.close();
  });

  it('sends only what its filters let through, verifiable by the standardwebhooks library with that secret', async () => {
    const file = {
      topics: [
        { name: 'FundSpark', query: 'fundspark' },
        { name: 'Acme', query: 'acme' },
      ],
      webhooks: [{ url: receiver.url, topics: ['FundSpark'], minSeverity: 'warning', secretEnv: 'EARSHOT_WEBHOOK_SECRET_OPS' }],
    };
    await applySeed(ctx.deps.db, seedFrom(file, { EARSHOT_WEBHOOK_SECRET_OPS: SECRET_OPS, EARSHOT_ALLOW_PRIVATE_URLS: 'true' }), T0);
    const topics = await ctx.deps.db.selectFrom('topics').select(['id', 'name']).orderBy('id').execute();
    const [fundspark, acme] = [topics[0]!, topics[1]!];
    await raiseAlertEvent(ctx.deps, await seedOpenAlert(ctx.deps.db, fundspark.id, 'warning'), fundspark, 'alert.opened', T0);
    await raiseAlertEvent(ctx.deps, await seedOpenAlert(ctx.deps.db, fundspark.id, 'watch'), fundspark, 'alert.opened', T0);
    await raiseAlertEvent(ctx.deps, await seedOpenAlert(ctx.deps.db, acme.id, 'critical'), acme, 'alert.opened', T0);

    expect(await runDeliver(ctx.deps, T0)).toMatchObject({ delivered: 1 });
    expect(receiver.requests).toHaveLength(1);
    expect(String(receiver.requests[0]!.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verifyAsReceived(SECRET_OPS, receiver.requests[0]!)).toMatchObject({ type: 'alert.opened', data: { topic: { name: 'FundSpark' } } });
    expect(() => verifyAsReceived(SECRET_NEXT, receiver.requests[0]!)).toThrow(/No matching signature/);
    expect(ctx.logLines.join('\n')).not.toContain(SECRET_OPS);
  });
});
