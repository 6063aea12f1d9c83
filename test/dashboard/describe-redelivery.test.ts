// The line a Redeliver button leaves: what the request itself sent, or why it only queued the delivery.
// The fragment is plain browser JS; its pure function is evaluated here with the base's isNumber.
import { describe, expect, it } from 'vitest';
import { attentionJs } from '../../dashboards/attention-script';

const describeRedelivery = new Function(
  `function isNumber(x) { return typeof x === 'number' && isFinite(x); }\n${attentionJs}\nreturn describeRedelivery;`,
)() as (id: number, body: unknown) => string;

describe('describeRedelivery', () => {
  it.each([
    {
      name: 'sent and delivered',
      body: { delivery: { status: 'delivered' }, attempt: { outcome: 'delivered', httpStatus: 204 } },
      text: 'Delivery #7 sent again: delivered (HTTP 204). It is now delivered.',
    },
    {
      name: 'sent and failed',
      body: { delivery: { status: 'pending' }, attempt: { outcome: 'retry', httpStatus: 503 } },
      text: 'Delivery #7 sent again: retry (HTTP 503). It is retried on the schedule from the start.',
    },
    // The deliver job claimed it between the requeue and the request's own attempt: one copy goes out, the job's.
    {
      name: 'taken by the deliver job',
      body: { delivery: { status: 'pending', sendingUntil: 90_000 }, attempt: null },
      text: 'Delivery #7 is queued again: the deliver job is sending it now.',
    },
    {
      name: 'waiting behind an earlier event of its alert',
      body: { delivery: { status: 'pending', sendingUntil: null }, attempt: null },
      text: 'Delivery #7 is queued again: it goes out on the next deliver run, after any earlier event of its alert to this endpoint.',
    },
  ])('$name', ({ body, text }) => {
    expect(describeRedelivery(7, body)).toBe(text);
  });
});
