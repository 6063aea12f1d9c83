// Where a delivery stands on the alert page. The fragment is plain browser JS; its pure function is
// evaluated here with stand-ins for `when` and `isNumber`.
import { describe, expect, it } from 'vitest';
import { alertDeliveriesJs } from '../../dashboards/alert-deliveries-script';

const deliveryProgress = new Function(
  `function when(ms) { return 'at ' + ms; }\nfunction isNumber(x) { return typeof x === 'number' && isFinite(x); }\n${alertDeliveriesJs}\nreturn deliveryProgress;`,
)() as (delivery: unknown) => string;

describe('deliveryProgress', () => {
  it.each([
    { name: 'a delivery waiting for its next attempt', delivery: { status: 'pending', nextAttemptAt: 5_000, sendingUntil: null }, text: 'next attempt at 5000' },
    // nextAttemptAt is then when it was due, already past: "next attempt" at that time would be wrong.
    { name: 'a delivery being sent', delivery: { status: 'pending', nextAttemptAt: 5_000, sendingUntil: 80_000 }, text: 'being sent now' },
    { name: 'a delivered one', delivery: { status: 'delivered', deliveredAt: 7_000, sendingUntil: null }, text: 'delivered at 7000' },
    { name: 'a dead one', delivery: { status: 'dead', sendingUntil: null }, text: 'given up' },
  ])('$name: $text', ({ delivery, text }) => {
    expect(deliveryProgress(delivery)).toBe(text);
  });
});
