import { describe, expect, it } from 'vitest';
import { limitPerHost } from '../../src/http/limit-per-host';
import type { SafeFetch, SafeFetchResult } from '../../src/http/safe-fetch';

/** A SafeFetch whose answers the test releases by hand, recording how many are in flight per host. */
function controllableFetch() {
  const inFlight = new Map<string, number>();
  const peak = new Map<string, number>();
  const pending: Array<{ url: string; finish: (result: SafeFetchResult) => void }> = [];
  const fetch: SafeFetch = (request) => {
    const host = new URL(request.url).hostname;
    inFlight.set(host, (inFlight.get(host) ?? 0) + 1);
    peak.set(host, Math.max(peak.get(host) ?? 0, inFlight.get(host) ?? 0));
    return new Promise((resolve) => {
      pending.push({
        url: request.url,
        finish: (result) => {
          inFlight.set(host, (inFlight.get(host) ?? 1) - 1);
          resolve(result);
        },
      });
    });
  };
  const ok = (url: string): SafeFetchResult => ({ kind: 'response', status: 200, headers: new Headers(), body: new Uint8Array(), url, redirectChain: 'none' });
  const settleAll = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    while (pending.length > 0) {
      const batch = pending.splice(0);
      batch.forEach(({ url, finish }) => finish(ok(url)));
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { fetch, peak, pending, settleAll };
}

describe('limitPerHost', () => {
  it('keeps at most K requests in flight per host and lets other hosts through', async () => {
    const backend = controllableFetch();
    const limited = limitPerHost(backend.fetch, { maxConcurrent: 2 });
    const urls = [...Array.from({ length: 6 }, (_, i) => `https://a.example/${i}`), 'https://b.example/1', 'https://b.example/2'];
    const results = Promise.all(urls.map((url) => limited({ url })));
    await new Promise((resolve) => setImmediate(resolve));
    expect(backend.pending.map((p) => p.url)).toEqual(['https://a.example/0', 'https://a.example/1', 'https://b.example/1', 'https://b.example/2']);
    await backend.settleAll();
    expect((await results).every((result) => result.kind === 'response')).toBe(true);
    expect(backend.peak.get('a.example')).toBe(2);
    expect(backend.peak.get('b.example')).toBe(2);
  });

  it('serves a host in arrival order', async () => {
    const backend = controllableFetch();
    const limited = limitPerHost(backend.fetch, { maxConcurrent: 1 });
    const order: string[] = [];
    const all = ['1', '2', '3'].map((n) => limited({ url: `https://a.example/${n}` }).then(() => order.push(n)));
    await backend.settleAll();
    await Promise.all(all);
    expect(order).toEqual(['1', '2', '3']);
  });

  it('gives the slot back when the wrapped fetch throws', async () => {
    let calls = 0;
    const failing: SafeFetch = async () => {
      calls += 1;
      if (calls === 1) throw new Error('bug');
      return { kind: 'failed', error: { kind: 'network', message: 'down' } };
    };
    const limited = limitPerHost(failing, { maxConcurrent: 1 });
    await expect(limited({ url: 'https://a.example/' })).rejects.toThrow('bug');
    await expect(limited({ url: 'https://a.example/' })).resolves.toMatchObject({ kind: 'failed' });
  });
});
