// The dashboard's words for "what this alert had to reach", for every form of `needed` stored
// evidence can hold (older detectors wrote less). The fragment is plain browser JS; its pure
// functions are evaluated here on their own, with the two helpers they use from value-formats.
import { describe, expect, it } from 'vitest';
import { alertEvidenceJs } from '../../dashboards/alert-evidence-script';
import { valueFormatsJs } from '../../dashboards/value-formats-script';

const isNumberJs = /function isNumber\(x\) \{[^}]*\}/.exec(valueFormatsJs)?.[0] ?? '';
const isObjectJs = /function isObject\(x\) \{[^}]*\}/.exec(valueFormatsJs)?.[0] ?? '';
const describeNeeded = new Function(`${isNumberJs}\n${isObjectJs}\n${alertEvidenceJs}\nreturn describeNeeded;`)() as (needed: unknown, kind?: string) => string;

describe('describeNeeded', () => {
  it('finds its helpers in the value formats fragment', () => {
    expect(isNumberJs).toContain('isFinite');
    expect(isObjectJs).toContain('Array.isArray');
  });

  it.each([
    { name: 'the sensitivity', needed: { surprise: 6, from: 'sensitivity' }, kind: 'backlash', text: "; needed 6.0 (the topic's sensitivity)" },
    { name: "a plain volume spike's higher bar", needed: { surprise: 9, from: 'sensitivity' }, kind: 'volume-spike', text: "; needed 9.0 (the topic's sensitivity, raised for a plain volume spike)" },
    // The detector says when the sensitivity's bar was raised, and why.
    { name: "a young topic's raised bar", needed: { surprise: 8.9, from: 'sensitivity', raisedFor: 'young-topic' }, kind: 'backlash', text: "; needed 8.9 (the topic's sensitivity, raised while the topic is under a week old)" },
    {
      name: 'a plain volume spike while the topic relearns',
      needed: { surprise: 10, from: 'sensitivity', raisedFor: 'sources-changed' },
      kind: 'volume-spike',
      text: "; needed 10.0 (the topic's sensitivity, raised for a plain volume spike and while it relearns after its sources changed)",
    },
    { name: 'an unknown reason is not shown', needed: { surprise: 6, from: 'sensitivity', raisedFor: '<b>x</b>' }, kind: 'backlash', text: "; needed 6.0 (the topic's sensitivity)" },
    { name: 'a record', needed: { surprise: 4.4, from: 'record' }, kind: 'backlash', text: "; needed 4.4 (lowered: this topic's biggest surge of its kind in 14 days)" },
    {
      name: 'a novelty bar with its size',
      needed: { surprise: 9, from: 'recent-surges', mentions: 1234.4 },
      kind: 'volume-spike',
      text: "; needed 9.0 (the topic's sensitivity, raised for a plain volume spike) and over 1,234 mentions above expected (a fifth above this topic's third-largest surge of the past 14 days)",
    },
    // Stored before sizes were kept: the bar was on surprise alone.
    { name: 'a novelty bar stored without a size', needed: { surprise: 8.4, from: 'recent-surges' }, kind: 'backlash', text: "; needed 8.4 (a fifth above this topic's third-largest surge of the past 14 days)" },
    // Stored before `needed` existed, or damaged: nothing is said rather than something wrong.
    { name: 'no needed at all', needed: undefined, kind: 'backlash', text: '' },
    { name: 'a surprise that is not a number', needed: { surprise: '6', from: 'sensitivity' }, kind: 'backlash', text: '' },
  ])('$name', ({ needed, kind, text }) => {
    expect(describeNeeded(needed, kind)).toBe(text);
  });
});
