// The attempt log's "next retry" column: when the next attempt is due, or why there is none. The
// fragment is plain browser JS; its pure function is evaluated here with a stand-in for `when`.
import { describe, expect, it } from 'vitest';
import { alertDeliveriesJs } from '../../dashboards/alert-deliveries-script';

const describeNextAttempt = new Function(`function when(ms) { return 'at ' + ms; }\n${alertDeliveriesJs}\nreturn describeNextAttempt;`)() as (attempt: unknown) => string;

describe('describeNextAttempt', () => {
  it.each([
    { name: 'a failed attempt with a retry due', attempt: { outcome: 'retry', nextAttemptAt: 5_000 }, text: 'at 5000' },
    // Nothing is pending after a success: "last attempt" would read as if it had given up.
    { name: 'a delivered attempt', attempt: { outcome: 'delivered', nextAttemptAt: null }, text: 'none (delivered)' },
    { name: 'a refused attempt', attempt: { outcome: 'rejected', nextAttemptAt: null }, text: 'none (refused, not retried)' },
    { name: 'the failed attempt that ended the schedule', attempt: { outcome: 'retry', nextAttemptAt: null }, text: 'none (last attempt)' },
  ])('$name: $text', ({ attempt, text }) => {
    expect(describeNextAttempt(attempt)).toBe(text);
  });
});
