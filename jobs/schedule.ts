/**
 * When each job runs, as cron expressions. The Node runtime runs these in-process; wrangler.toml's
 * [triggers] crons must list the same expressions (a test compares them).
 */
export const schedule = {
  /** Every minute: sources decide for themselves when they are due (next_check_at), so a tick is cheap. */
  tick: '* * * * *',
} as const;

export type JobName = keyof typeof schedule;
