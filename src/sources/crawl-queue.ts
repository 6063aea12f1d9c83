import { fetchAddressOf, type Source } from '../domain/source';
import { requestHost } from '../http/limit-per-host';

export interface CrawlQueue {
  /** The next source to fetch and the call that gives its host's place back, or undefined when none is left. */
  take(): { source: Source; done: () => void } | undefined;
}

/**
 * The due sources of one crawl, handed to its workers so that one slow host cannot hold them all.
 * Requests to one host wait for each other (limitPerHost), so a worker given a fourth feed of a blog
 * platform that hangs would sit in that host's queue for a whole timeout while a feed on another host
 * waited behind it: twelve hung feeds on one host kept every other source of the tick waiting two
 * minutes at the 20 s timeout. A worker therefore takes the first source whose host has fewer than
 * `perHost` of this crawl's sources in flight, and only when every host left is that busy the first in
 * line (it then waits at its host as before; nothing else could run). Due order is kept otherwise.
 */
export function createCrawlQueue(due: readonly Source[], perHost: number): CrawlQueue {
  const waiting = [...due];
  const inFlight = new Map<string, number>();
  return {
    take() {
      if (waiting.length === 0) return undefined;
      const free = waiting.findIndex((source) => (inFlight.get(sourceHost(source)) ?? 0) < perHost);
      const [source] = waiting.splice(Math.max(free, 0), 1);
      const host = sourceHost(source!);
      inFlight.set(host, (inFlight.get(host) ?? 0) + 1);
      let given = false;
      const done = () => {
        if (given) return;
        given = true;
        const left = (inFlight.get(host) ?? 1) - 1;
        if (left === 0) inFlight.delete(host);
        else inFlight.set(host, left);
      };
      return { source: source!, done };
    },
  };
}

/** The host a source's requests go to first: its fetch address's (search sources keep their service's URL). */
function sourceHost(source: Source): string {
  return requestHost(fetchAddressOf(source));
}
