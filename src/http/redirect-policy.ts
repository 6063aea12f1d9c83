import type { RedirectChain } from './safe-fetch';

/** How one redirect hop changes the request, shared by the Node and Workers SafeFetch. */
export interface HopRequest {
  method: 'GET' | 'POST' | 'HEAD';
  headers: Record<string, string>;
  body: string | undefined;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

export function isRedirect(status: number, location: string | null | undefined): location is string {
  return redirectStatuses.has(status) && typeof location === 'string' && location !== '';
}

/** The chain so far with one more redirect of this status: one temporary hop makes the whole chain temporary. */
export function extendRedirectChain(chain: RedirectChain, status: number): RedirectChain {
  if (chain === 'some-temporary') return chain;
  return status === 301 || status === 308 ? 'all-permanent' : 'some-temporary';
}

/** The URL a Location header points to, resolved against the current URL; null when it does not parse. */
export function resolveLocation(location: string, current: URL): URL | null {
  try {
    return new URL(location, current);
  } catch {
    return null;
  }
}

/**
 * The request for the next hop (RFC 9110 §15.4 and the fetch standard): 303, and 301/302 after a POST,
 * become a GET without body; 307/308 repeat the request. Credentials never follow a redirect to another
 * origin, so a hostile feed cannot bounce an API token to itself.
 */
export function nextHopRequest(status: number, request: HopRequest, from: URL, to: URL): HopRequest {
  const becomesGet = status === 303 || ((status === 301 || status === 302) && request.method === 'POST');
  const headers = { ...request.headers };
  if (becomesGet) {
    deleteHeader(headers, 'content-type');
    deleteHeader(headers, 'content-length');
  }
  if (from.origin !== to.origin) {
    deleteHeader(headers, 'authorization');
    deleteHeader(headers, 'cookie');
  }
  return becomesGet
    ? { method: request.method === 'HEAD' ? 'HEAD' : 'GET', headers, body: undefined }
    : { ...request, headers };
}

function deleteHeader(headers: Record<string, string>, name: string): void {
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === name) delete headers[key];
  }
}

/** Request headers with our defaults underneath the caller's (case-insensitive override). */
export function withDefaultHeaders(defaults: Record<string, string>, given: Record<string, string> | undefined): Record<string, string> {
  const merged: Record<string, string> = { ...defaults };
  for (const [name, value] of Object.entries(given ?? {})) {
    deleteHeader(merged, name.toLowerCase());
    merged[name] = value;
  }
  return merged;
}
