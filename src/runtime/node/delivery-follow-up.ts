// Retries sooner than the next tick. The schedule retries a failed delivery after 5 s and 30 s
// (Standard Webhooks' backoff), but jobs run on a one-minute cron: without this the first two
// retries would both wait for the next minute. On Node the process is alive between ticks, so it
// can wake up when the next pending delivery is due; Workers only wake on their cron.

export interface DeliveryFollowUpOptions {
  /** When the earliest pending delivery is due, or null. */
  nextDueAt(): Promise<number | null>;
  /** Sends what is due at `now` (the deliver job). */
  deliver(now: number): Promise<unknown>;
  clock(): number;
  /** Only deliveries due sooner than this after a poke are followed up; later ones are the next tick's. */
  horizonMs: number;
  onError(error: unknown): void;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export interface DeliveryFollowUp {
  /** Looks again for a delivery due before the next tick (after a tick, after a follow-up run). */
  poke(): Promise<void>;
  /** Cancels the timer and waits for a run in flight. */
  stop(): Promise<void>;
}

export function startDeliveryFollowUp(options: DeliveryFollowUpOptions): DeliveryFollowUp {
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  let timer: unknown = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  const run = async () => {
    timer = null;
    try {
      await options.deliver(options.clock());
    } catch (error) {
      options.onError(error);
    }
    running = null;
    await poke();
  };

  async function poke(): Promise<void> {
    if (stopped || running) return;
    let due: number | null;
    try {
      due = await options.nextDueAt();
    } catch (error) {
      options.onError(error);
      return;
    }
    if (stopped || running) return;
    if (timer !== null) clearTimer(timer);
    timer = null;
    const wait = due === null ? Infinity : Math.max(0, due - options.clock());
    if (wait >= options.horizonMs) return;
    timer = setTimer(() => {
      running = run();
    }, wait);
  }

  return {
    poke,
    async stop() {
      stopped = true;
      if (timer !== null) clearTimer(timer);
      timer = null;
      await running;
    },
  };
}
