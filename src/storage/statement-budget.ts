/**
 * Statements a bounded job (a source's purge, a deleted topic's sweep) may still send; spent before each
 * step, so a run stops between steps, never in one. Workers cap D1 statements per invocation, so every
 * deletion that can be big runs under one.
 */
export interface StatementBudget {
  left: number;
}

/** Takes `statements` from the budget when it has them; false (and nothing taken) when it has not. */
export function spend(budget: StatementBudget, statements: number): boolean {
  if (budget.left < statements) return false;
  budget.left -= statements;
  return true;
}
