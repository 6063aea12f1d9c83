import { describe, expect, it } from 'vitest';
import type { SentimentLabel } from '../../src/domain/mention';
import { applyManualLabel } from '../../src/scoring/apply-manual-label';
import { mergeTopicOverrides } from '../../src/scoring/merge-topic-overrides';
import { scoreSentiment } from '../../src/scoring/score-sentiment';

describe('override precedence: manual label > topic override > scorer', () => {
  const text = 'This game is killer';
  it.each<[name: string, overrides: Record<string, number>, manual: SentimentLabel | null, label: SentimentLabel]>([
    ['scorer alone', {}, null, 'negative'],
    ['topic override beats the scorer', { killer: 3 }, null, 'positive'],
    ['manual label beats the scorer', {}, 'positive', 'positive'],
    ['manual label beats the topic override', { killer: 3 }, 'neutral', 'neutral'],
    ['manual unscored beats everything', { killer: 3 }, 'unscored', 'unscored'],
  ])('%s', (_name, overrides, manual, label) => {
    const scored = scoreSentiment(text, { overrides });
    expect(applyManualLabel(scored, manual).label).toBe(label);
  });

  it.each<[name: string, scored: { score: number; label: SentimentLabel }, manual: SentimentLabel, score: number]>([
    ['agreeing label keeps the scorer score', { score: -0.4, label: 'negative' }, 'negative', -0.4],
    ['disagreeing negative stands in at -1', { score: 0.6, label: 'positive' }, 'negative', -1],
    ['disagreeing positive stands in at 1', { score: -0.2, label: 'negative' }, 'positive', 1],
    ['neutral stands in at 0', { score: 0.6, label: 'positive' }, 'neutral', 0],
    ['unscored by hand scores 0', { score: 0.6, label: 'positive' }, 'unscored', 0],
    ['scorer-unscored text labelled by hand gets the label score', { score: 0, label: 'unscored' }, 'positive', 1],
  ])('%s', (_name, scored, manual, score) => {
    expect(applyManualLabel(scored, manual)).toEqual({ score, label: manual });
  });
});

type TopicOverrides = { id: number; lexiconOverrides: Record<string, number> };

describe('mergeTopicOverrides', () => {
  it.each<[name: string, topics: TopicOverrides[], merged: Record<string, number>]>([
    ['no topics', [], {}],
    ['one topic', [{ id: 2, lexiconOverrides: { killer: 0 } }], { killer: 0 }],
    ['union of words', [{ id: 2, lexiconOverrides: { killer: 0 } }, { id: 5, lexiconOverrides: { sick: 2 } }], { killer: 0, sick: 2 }],
    ['lower topic id wins a conflict, whatever the order', [{ id: 7, lexiconOverrides: { killer: 3 } }, { id: 2, lexiconOverrides: { killer: 0 } }], { killer: 0 }],
    ['keys are normalised', [{ id: 1, lexiconOverrides: { ' Killer ': 1 } }], { killer: 1 }],
  ])('%s', (_name, topics, merged) => {
    expect(mergeTopicOverrides(topics)).toEqual(merged);
  });
});
