import { describe, expect, it } from 'vitest';
import type { Source } from '../../src/domain/source';
import { createCrawlQueue } from '../../src/sources/crawl-queue';
import { bareRssSource } from '../support/bare-rss-source';

function source(id: number, url: string): Source {
  return { ...bareRssSource(url), id };
}

const a = (id: number) => source(id, `https://blogs.example/feed${id}`);
const b = (id: number) => source(id, `https://other.example/feed${id}`);

describe('createCrawlQueue', () => {
  it.each([
    { name: 'due order while hosts are free', due: [a(1), b(2), a(3)], takes: 3, expected: [1, 2, 3] },
    { name: 'skips a host with two in flight for the next free host', due: [a(1), a(2), a(3), a(4), b(5)], takes: 3, expected: [1, 2, 5] },
    { name: 'the first in line once every host left is busy', due: [a(1), a(2), a(3), a(4), b(5)], takes: 4, expected: [1, 2, 5, 3] },
    { name: 'host names compare without case or port', due: [a(1), source(2, 'https://BLOGS.example:8443/x'), a(3), b(4)], takes: 3, expected: [1, 2, 4] },
    // a(3)'s feed moved for good to another host: it is asked there, so it does not wait behind a(1) and a(2).
    { name: 'a feed that moved counts on the host it moved to', due: [a(1), a(2), { ...a(3), movedTo: 'https://moved.example/feed' }, b(4)], takes: 3, expected: [1, 2, 3] },
    { name: 'an unparsable URL is a host of its own', due: [source(1, 'not a url'), source(2, 'also not'), source(3, '::'), a(4)], takes: 3, expected: [1, 2, 4] },
  ])('$name', ({ due, takes, expected }) => {
    const queue = createCrawlQueue(due, 2);
    const taken = Array.from({ length: takes }, () => queue.take()!.source.id);
    expect(taken).toEqual(expected);
  });

  it("gives a host's place back when its fetch is done, once", () => {
    const queue = createCrawlQueue([a(1), a(2), a(3), b(4), a(5), b(6)], 2);
    const first = queue.take()!;
    queue.take();
    expect(queue.take()!.source.id).toBe(4);
    first.done();
    first.done();
    expect(queue.take()!.source.id).toBe(3);
    // a(2) and a(3) are in flight: the second done() did not free another place on their host.
    expect(queue.take()!.source.id).toBe(6);
    expect(queue.take()!.source.id).toBe(5);
    expect(queue.take()).toBeUndefined();
  });
});
