import type { RedirectChain } from '../../src/http/safe-fetch';

/** A fixture-server path that redirects with each status in turn, then lands on `to`. */
export function redirectPath(statuses: number[], to: string): string {
  return statuses.reduceRight((target, status) => `/_/redirect?to=${encodeURIComponent(target)}&status=${status}`, to);
}

/**
 * Redirect chains and what SafeFetch must say of them, run against the Node and the Workers SafeFetch
 * alike: a feed source remembers its new address only after an all-permanent chain (see rss-source.ts).
 */
export const redirectChainCases: ReadonlyArray<{ name: string; statuses: number[]; chain: RedirectChain }> = [
  { name: 'no redirect', statuses: [], chain: 'none' },
  { name: 'a 301', statuses: [301], chain: 'all-permanent' },
  { name: 'a 308', statuses: [308], chain: 'all-permanent' },
  { name: 'a 301 then a 308', statuses: [301, 308], chain: 'all-permanent' },
  { name: 'a 302', statuses: [302], chain: 'some-temporary' },
  { name: 'a 303', statuses: [303], chain: 'some-temporary' },
  { name: 'a 307', statuses: [307], chain: 'some-temporary' },
  { name: 'a 301 then a 302', statuses: [301, 302], chain: 'some-temporary' },
  { name: 'a 307 then a 301', statuses: [307, 301], chain: 'some-temporary' },
];
