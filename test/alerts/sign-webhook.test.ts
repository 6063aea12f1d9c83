import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, isWebhookSecret, signWebhook } from '../../src/alerts/sign-webhook';

// The verifier is the standard-webhooks reference library: if it accepts our headers, any receiver can.
const body = JSON.stringify({ type: 'alert.opened', timestamp: '2026-11-30T12:00:00.000Z', data: { topic: { id: 1, name: 'FundSpark' } } });

async function headersFor(secrets: string[], timestampSeconds = Math.floor(Date.now() / 1000), id = 'evt_alert_1_opened') {
  return { ...(await signWebhook({ id, timestampSeconds, body, secrets })) };
}

describe('signWebhook', () => {
  it('generates whsec_ secrets of 32 random bytes', () => {
    const a = generateWebhookSecret();
    const b = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(a).not.toBe(b);
    expect(isWebhookSecret(a)).toBe(true);
    expect(isWebhookSecret('whsec_c2hvcnQ=')).toBe(false);
  });

  it('matches the signature the reference library computes', async () => {
    const secret = generateWebhookSecret();
    const at = new Date(Date.UTC(2026, 10, 30, 12));
    const ours = await signWebhook({ id: 'msg_1', timestampSeconds: at.getTime() / 1000, body, secrets: [secret] });
    expect(ours['webhook-signature']).toBe(new Webhook(secret).sign('msg_1', at, body));
    expect(ours['webhook-timestamp']).toBe(String(at.getTime() / 1000));
  });

  it('is accepted by the standardwebhooks verifier', async () => {
    const secret = generateWebhookSecret();
    expect(new Webhook(secret).verify(body, await headersFor([secret]))).toEqual(JSON.parse(body));
  });

  it('during a rotation sends both signatures and either secret verifies', async () => {
    const [next, old] = [generateWebhookSecret(), generateWebhookSecret()];
    const headers = await headersFor([next, old]);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(headers['webhook-signature']).toMatch(/^v1,\S+ v1,\S+$/);
    expect(() => new Webhook(next).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(old).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow(/No matching signature/);
  });

  it.each([
    ['a wrong secret', async (secret: string) => ({ headers: await headersFor([generateWebhookSecret()]), payload: body, secret })],
    ['a stale timestamp (10 minutes old)', async (secret: string) => ({ headers: await headersFor([secret], Math.floor(Date.now() / 1000) - 600), payload: body, secret })],
    ['a timestamp from the future', async (secret: string) => ({ headers: await headersFor([secret], Math.floor(Date.now() / 1000) + 600), payload: body, secret })],
    ['a tampered body', async (secret: string) => ({ headers: await headersFor([secret]), payload: body.replace('FundSpark', 'FundSpork'), secret })],
    ['another message id', async (secret: string) => ({ headers: { ...(await headersFor([secret])), 'webhook-id': 'evt_alert_2_opened' }, payload: body, secret })],
  ])('fails verification with %s', async (_name, make) => {
    const secret = generateWebhookSecret();
    const { headers, payload } = await make(secret);
    expect(() => new Webhook(secret).verify(payload, headers)).toThrow();
  });

  it('refuses ids with a dot and calls without a secret (bugs, not expected failures)', async () => {
    await expect(signWebhook({ id: 'a.b', timestampSeconds: 1, body, secrets: [generateWebhookSecret()] })).rejects.toThrow();
    await expect(signWebhook({ id: 'a', timestampSeconds: 1, body, secrets: [] })).rejects.toThrow();
  });
});
