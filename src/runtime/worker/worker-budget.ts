import { MOST_STATEMENTS_PER_ATTEMPT } from '../../alerts/attempt-delivery';

/**
 * Work one scheduled invocation may start, kept under Cloudflare's per-invocation limits with room to
 * finish what it started: on Workers Paid, 1000 subrequests and 1000 D1 queries per invocation
 * (Free: 50 of each, and 10 ms of CPU, which fits only tiny feeds). What is left stays due in the
 * database (sources by next_check_at, deliveries by next_attempt_at) and is picked up by the next tick.
 * https://developers.cloudflare.com/workers/platform/limits/ , https://developers.cloudflare.com/d1/platform/limits/
 */
export interface WorkerBudget {
  /** No new source is started once the run has sent this many D1 statements. */
  crawlStatements: number;
  /**
   * A source still crawling at this many statements is stopped (QueryBudgetError) and recorded as too
   * large for one run, with backoff, so it cannot take every tick's budget and starve the other sources.
   */
  crawlStatementCap: number;
  /**
   * The invocation's own cap, minus a margin: detect, deliver and the failure record share what is left after the crawl.
   * Deliver comes last and takes the rest a whole row at a time (MOST_STATEMENTS_PER_ATTEMPT), so it never goes past it.
   */
  statementCap: number;
  /**
   * No further topic is detected once the run has sent this many D1 statements, unless detect has sent fewer
   * than detectMinimumStatements itself; the topics left go first on the next tick. The rest up to
   * statementCap is deliver's.
   */
  detectStatements: number;
  /**
   * Detect's share on every tick, however far the crawl went: it starts topics until it has sent this many
   * itself, the crawl's topics first but for one overdue topic (jobs/detect.ts). Without it a busy crawl, which
   * is what a breaking story brings, would leave detection nothing.
   */
  detectMinimumStatements: number;
  /** Rows deliver has room for on every tick: the steps before detect leave room for them (reserveForDetectAndDeliver). */
  deliverMinimumRows: number;
  /** No new source is started once this many outbound requests were made. */
  crawlSubrequests: number;
  /** Sources per run, at most. */
  sources: number;
  /** Outbox rows sent per run, at most: fewer when what the steps before deliver left runs out first. */
  deliveries: number;
  /** Mentions re-scored per run (new scorer version or changed topic overrides); each costs a few statements. */
  rescores: number;
  /**
   * The most D1 statements a batch of `rescores` sends, its recount aside: the batch runs only on a tick with
   * this much room above detect's and deliver's reserve, else it waits for the next tick.
   */
  rescoreStatements: number;
  /**
   * D1 statements per run for recounting buckets with links not yet counted, after the re-score (1 to look
   * them up, 3 a bucket): a re-score or a repair can leave thousands, and what does not fit waits for the next run.
   */
  recountStatements: number;
  /**
   * D1 statements per run for removing deleted sources' mentions (jobs/purge-sources.ts; ~50 mentions per 6 statements),
   * then deleted topics' own sources the same way and their links (500 per statement, or per two when the topic had
   * lexicon overrides: its shared mentions are marked for re-scoring first) before their rows, then the
   * mentions deleted topics left linked to no topic (~100 mentions per statement, 2 per 1,000 mention ids looked at).
   */
  purgeStatements: number;
}

export const paidPlanBudget: WorkerBudget = {
  // A source costs ~4 statements per new item plus its bucket recounts; 500 leaves the other half for detect and deliver.
  crawlStatements: 500,
  // A feed whose first crawl needs more than this (~170 new items) is recorded as too large instead of failing every tick.
  // With 3 to record the cut, 703 leaves 277 of the 980: detect's and deliver's reserve (275, below) fits, a re-score
  // batch (80) does not, so on such a tick it waits (test/worker/worker-tick.d1.test.ts).
  crawlStatementCap: 700,
  statementCap: 980,
  // The rest is deliver's, usually all 40 rows of 6 to 9 statements each (claim, endpoint, secrets, attempt, health).
  detectStatements: 600,
  // Measured on D1: 3 for the run, then 5 a quiet topic, 10 one with an alert open, 28 one that opens an alert (evidence,
  // headline mentions, an outbox row per endpoint). 50 detect about 10 quiet topics, or one opening an alert and 4 quiet ones;
  // the last topic started below 50 may open an alert, so detect ends by ~80 of its own (OPENING_STATEMENTS).
  detectMinimumStatements: 50,
  // 15 × 13 (MOST_STATEMENTS_PER_ATTEMPT) = 195; rows to a working receiver cost 6 to 9, so 20 to 30 rows in fact.
  // Worst tick: 703 (crawl at its cap) + 1 (the re-score's look, no batch) + 80 (detect) + 195 = 979 of the 980.
  deliverMinimumRows: 15,
  crawlSubrequests: 400,
  sources: 50,
  // Each delivery is one request (more when its webhook redirects) and 6 to 9 statements, 13 at most.
  deliveries: 40,
  rescores: 25,
  // At most 3 a mention (read, write, its links marked for recount), plus up to 5 reads: 78 measured for 25 on D1.
  rescoreStatements: 80,
  // 50 buckets a tick, more than the 25 re-scored mentions' buckets on one or two topics each.
  recountStatements: 151,
  // ~800 mentions of a deleted source per tick when few stories repeat across sources.
  purgeStatements: 100,
};

/**
 * The most statements detect's last topic usually sends past detectMinimumStatements: opening an alert, 28
 * measured on D1 with one endpoint (one more per further endpoint). A topic opening two alerts at once sends more;
 * deliver then stops a row or two early, never past the cap.
 */
const OPENING_STATEMENTS = 30;

/** What the steps before detect leave on every tick, whatever the crawl spent: detect's minimum, its last topic's overrun, deliver's rows. */
export function reserveForDetectAndDeliver(budget: WorkerBudget): number {
  return budget.detectMinimumStatements + OPENING_STATEMENTS + budget.deliverMinimumRows * MOST_STATEMENTS_PER_ATTEMPT;
}
