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
   * No further topic is detected once the run has sent this many D1 statements (a quiet topic costs about
   * 5, one with a new alert a few dozen); the topics left go first on the next tick. The rest up to
   * statementCap is deliver's.
   */
  detectStatements: number;
  /** No new source is started once this many outbound requests were made. */
  crawlSubrequests: number;
  /** Sources per run, at most. */
  sources: number;
  /** Outbox rows sent per run, at most: fewer when what the steps before deliver left runs out first. */
  deliveries: number;
  /** Mentions re-scored per run (new scorer version or changed topic overrides); each costs a few statements. */
  rescores: number;
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
  // It also keeps deliver's reserve: 700, 3 to record the cut, ~80 for a re-score batch and a few reads leave ~200
  // of the 980, at least 15 rows of MOST_STATEMENTS_PER_ATTEMPT (test/worker/worker-tick.d1.test.ts).
  crawlStatementCap: 700,
  statementCap: 980,
  // The rest is deliver's, usually all 40 rows of 6 to 9 statements each (claim, endpoint, secrets, attempt, health).
  // No topic is detected on a tick whose crawl ran past 600: deliver then has the reserve the crawl cap keeps.
  detectStatements: 600,
  crawlSubrequests: 400,
  sources: 50,
  // Each delivery is one request (more when its webhook redirects) and 6 to 9 statements, 13 at most.
  deliveries: 40,
  rescores: 25,
  // 50 buckets a tick, more than the 25 re-scored mentions' buckets on one or two topics each.
  recountStatements: 151,
  // ~800 mentions of a deleted source per tick when few stories repeat across sources.
  purgeStatements: 100,
};
