import { describe, expect, it } from 'vitest';
import { pickHeadlineMentions } from '../../src/alerts/pick-headline-mentions';
import type { EvidenceMention } from '../../src/domain/alert';
import type { AlertMention } from '../../src/storage/alert-mention-store';

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);
const boycott = 'Boycott FundSpark. They kept the hateful campaign up. Share this.';

const mention = (id: number, text: string, over: Partial<AlertMention> = {}): AlertMention => ({
  id, url: `https://social.example/p/${id}`, title: null, text, sentimentScore: -0.8, publishedAt: T0 + id * 1000, bucketAt: T0, engagement: null, source: null, ...over,
});
const evidence = (text: string, copies?: number, copiesAtLeast?: boolean): EvidenceMention => ({
  id: 90, url: null, title: null, excerpt: text.slice(0, 280), sentimentScore: -0.8, publishedAt: T0,
  ...(copies === undefined ? {} : { copies }), ...(copiesAtLeast === undefined ? {} : { copiesAtLeast }),
});

describe('pickHeadlineMentions: copies', () => {
  it.each([
    { name: 'a headline many accounts posted (another copy, a link and case aside)', evidence: [evidence(`RT @a: ${boycott.toUpperCase()} https://t.co/x`, 12)], copies: { copies: 12 } },
    { name: 'a count cut at the row limit', evidence: [evidence(boycott, 500, true)], copies: { copies: 500, copiesAtLeast: true } },
    { name: 'a text posted once', evidence: [evidence(boycott)], copies: {} },
    { name: 'another text copied', evidence: [evidence('Something else entirely, posted by many.', 30)], copies: {} },
  ])('$name', ({ evidence: ev, copies }) => {
    // The most engaged is the copied post; the first is another text.
    const candidates = [mention(1, 'FundSpark support never answers.'), mention(2, boycott, { engagement: { likes: 40, reposts: null, replies: null, score: null } })];
    const picked = pickHeadlineMentions(candidates, ev, 'negative');
    expect(picked.mostEngaged).toMatchObject({ id: 2, ...copies });
    if (!('copies' in copies)) expect(picked.mostEngaged).not.toHaveProperty('copies');
    expect(picked.first).not.toHaveProperty('copies');
  });
});

describe('pickHeadlineMentions: links', () => {
  it('passes on only http(s) links: a row stored before links were checked may hold anything', () => {
    const candidates = [mention(1, 'FundSpark support never answers.', { url: 'javascript:alert(1)' }), mention(2, boycott, { url: '!channel', engagement: { likes: 40, reposts: null, replies: null, score: null } })];
    const picked = pickHeadlineMentions(candidates, [], 'negative');
    expect([picked.first?.url, picked.mostEngaged?.url]).toEqual([null, null]);
  });
});
