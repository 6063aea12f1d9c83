import { z } from 'zod';
import { parseQuery, QuerySyntaxError } from './parse-query';

/** A query the matcher cannot parse is a validation problem with the parser's position, not a topic that never matches. */
export const topicQueryField = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(2000, 'must be at most 2000 characters')
  .superRefine((query, ctx) => {
    try {
      parseQuery(query);
    } catch (error) {
      if (!(error instanceof QuerySyntaxError)) throw error;
      ctx.addIssue({ code: 'custom', message: `is not a valid query: ${error.message}` });
    }
  });
