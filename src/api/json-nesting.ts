/**
 * Deepest nesting a request body may have. No Earshot body needs more than 3 levels (a source's
 * `config.instances` list); the bound is there because the checks that walk a parsed body recurse,
 * and a 64 KiB body of `[[[[…` is 32,000 levels: it overflowed the stack and answered 500.
 */
export const maxJsonNesting = 10;

/** Whether `value` holds arrays or objects nested more than `max` levels deep. Iterative, for that very reason. */
export function isNestedDeeperThan(value: unknown, max: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const { value: item, depth } = pending.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(item)) pending.push({ value: child, depth: depth + 1 });
  }
  return false;
}
