import type { SafeFetch, SafeFetchResult, SafeRequest } from './safe-fetch';

/** Earshot's politeness to one host: miniflux's default is a handful, two keeps small blogs comfortable. */
export const requestsPerHost = 2;

export interface PerHostLimit {
  /** Requests in flight at once to one host (miniflux's default politeness is a handful per host). */
  maxConcurrent: number;
}

/**
 * Politeness around any SafeFetch: at most K requests in flight to one host, the rest queued in arrival
 * order. Hosts are counted by the request URL's host name, so forty feeds on one blog platform share a
 * budget. A slot is held for the whole exchange, redirects included, and always given back.
 */
export function limitPerHost(fetch: SafeFetch, limit: PerHostLimit): SafeFetch {
  const hosts = new Map<string, { active: number; waiting: Array<() => void> }>();
  const acquire = async (host: string): Promise<void> => {
    const state = hosts.get(host) ?? { active: 0, waiting: [] };
    hosts.set(host, state);
    if (state.active < limit.maxConcurrent) {
      state.active += 1;
      return;
    }
    // The slot is handed over by release(), which leaves `active` unchanged for the next in line.
    await new Promise<void>((resolve) => state.waiting.push(resolve));
  };
  const release = (host: string): void => {
    const state = hosts.get(host);
    if (state === undefined) return;
    const next = state.waiting.shift();
    if (next !== undefined) {
      next();
      return;
    }
    state.active -= 1;
    if (state.active === 0) hosts.delete(host);
  };
  return async (request: SafeRequest): Promise<SafeFetchResult> => {
    const host = requestHost(request.url);
    await acquire(host);
    try {
      return await fetch(request);
    } finally {
      release(host);
    }
  };
}

/** The politeness key of a URL: its host name, lower case (ports of one host share its budget). */
export function requestHost(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}
