import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { generateWebhookSecret } from '../../src/alerts/sign-webhook';
import { earshotCli } from '../support/run-earshot-cli';

const SECRET = generateWebhookSecret();

describe('seeded webhooks at start-up (earshot jobs --once)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'earshot-seed-'));
  const configPath = join(dir, 'earshot.json');
  const env = { EARSHOT_DB: join(dir, 'e.db'), EARSHOT_CONFIG: configPath, EARSHOT_LOG_LEVEL: 'info', EARSHOT_WEBHOOK_SECRET_OPS: SECRET };
  const write = (webhookTopics: string[]) =>
    writeFileSync(
      configPath,
      JSON.stringify({
        topics: [{ name: 'Acme', query: 'acme' }],
        webhooks: [{ url: 'https://hooks.example.com/ops/token-in-path', topics: webhookTopics, minSeverity: 'warning', secretEnv: 'EARSHOT_WEBHOOK_SECRET_OPS' }],
      }),
    );

  it('applies the file, logging counts and never the secret or the URL path', async () => {
    write(['Acme']);
    const run = await earshotCli(['jobs', '--once'], env);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('"webhooksCreated":1');
    expect(`${run.stdout}${run.stderr}`).not.toContain(SECRET.slice('whsec_'.length));
    expect(`${run.stdout}${run.stderr}`).not.toContain('token-in-path');
    const db = new Database(env.EARSHOT_DB, { readonly: true });
    expect(db.prepare('select secret, topic_ids, min_severity from webhook_endpoints').all()).toEqual([{ secret: SECRET, topic_ids: '[1]', min_severity: 'warning' }]);
    db.close();
  });

  it('stops with exit 2 and every problem listed on unknown topic names, a missing or a malformed secret', async () => {
    write(['Acme', 'Nobody', 'Ghost']);
    const unknown = await earshotCli(['jobs', '--once'], env);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('webhooks.0.topics.1: no topic named "Nobody"');
    expect(unknown.stderr).toContain('webhooks.0.topics.2: no topic named "Ghost"');
    expect(unknown.stderr).not.toContain('    at ');

    write(['Acme']);
    const { EARSHOT_WEBHOOK_SECRET_OPS: _secret, ...withoutSecret } = env;
    const missing = await earshotCli(['jobs', '--once'], withoutSecret);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('webhooks.0.secretEnv: EARSHOT_WEBHOOK_SECRET_OPS is not set');
    const malformed = await earshotCli(['jobs', '--once'], { ...env, EARSHOT_WEBHOOK_SECRET_OPS: SECRET.slice(0, 30) });
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toContain('EARSHOT_WEBHOOK_SECRET_OPS is not a Standard Webhooks secret');
    expect(malformed.stderr).not.toContain(SECRET.slice('whsec_'.length, 30));
    // Three CLI starts in a row: about 9 s on an idle two-core machine, so the default 20 s is no margin.
  }, 60_000);
});
