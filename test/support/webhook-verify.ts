import type { IncomingHttpHeaders } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { vi } from 'vitest';

/**
 * Verifies a received request with the standard-webhooks reference library, as a receiver would have at
 * the moment it arrived: the library checks webhook-timestamp against Date.now(), and tests send with a
 * fake clock. Only Date is faked, and only for the call. Returns the parsed payload or throws.
 */
export function verifyAsReceived(secret: string, request: { headers: IncomingHttpHeaders; body: string }): unknown {
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    vi.setSystemTime(Number(headers['webhook-timestamp']) * 1000);
    return new Webhook(secret).verify(request.body, headers);
  } finally {
    vi.useRealTimers();
  }
}
