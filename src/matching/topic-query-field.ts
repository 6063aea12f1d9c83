import { z } from 'zod';
import { parseQuery, QuerySyntaxError } from './parse-query';

/** Why the matcher cannot parse a query, with the parser's position; null when it parses. */
export function findQueryProblem(query: string): string | null {
  try {
    parseQuery(query);
    return null;
  } catch (error) {
    if (!(error instanceof QuerySyntaxError)) throw error;
    return `is not a valid query: ${error.message}`;
  }
}

/** A query the matcher cannot parse is a validation problem with the parser's position, not a topic that never matches. */
export const topicQueryField = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(2000, 'must be at most 2000 characters')
  .superRefine((query, ctx) => {
    const problem = findQueryProblem(query);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });
