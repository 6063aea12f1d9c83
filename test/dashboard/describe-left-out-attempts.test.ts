// A long attempt log: the API gives its newest attempts and how many it holds, and the alert page says
// how many older ones its table leaves out. Plain browser JS, its pure function evaluated here.
import { describe, expect, it } from 'vitest';
import { alertDeliveriesJs } from '../../dashboards/alert-deliveries-script';
import { valueFormatsJs } from '../../dashboards/value-formats-script';

const describeLeftOutAttempts = new Function(`${valueFormatsJs}\n${alertDeliveriesJs}\nreturn describeLeftOutAttempts;`)() as (shown: number, made: unknown) => string | null;

describe('describeLeftOutAttempts', () => {
  it.each([
    { name: 'a whole log', shown: 3, made: 3, text: null },
    { name: 'an answer from before the count (no attemptsMade)', shown: 100, made: undefined, text: null },
    { name: 'one left out', shown: 100, made: 101, text: 'the newest 100 of 101 attempts; the first is not shown' },
    { name: 'several left out', shown: 100, made: 145, text: 'the newest 100 of 145 attempts; the first 45 are not shown' },
  ])('$name', ({ shown, made, text }) => {
    expect(describeLeftOutAttempts(shown, made)).toBe(text);
  });
});
