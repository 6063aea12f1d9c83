/** D1 refuses statements with more than 100 bound parameters. */
export const MAX_BOUND_PARAMETERS = 100;

export class BoundParameterLimitError extends Error {
  override name = 'BoundParameterLimitError';
}

/** Enforced on every runtime, so a write path that would break on D1 fails the Node tests first. */
export function assertWithinParameterLimit(sql: string, parameterCount: number): void {
  if (parameterCount > MAX_BOUND_PARAMETERS) {
    throw new BoundParameterLimitError(
      `statement binds ${parameterCount} parameters, D1 allows ${MAX_BOUND_PARAMETERS}: ${sql.slice(0, 120)}`,
    );
  }
}

/** Rows per multi-row insert so that rows × columns stays within the limit. */
export function rowsPerStatement(columnsPerRow: number): number {
  return Math.max(1, Math.floor(MAX_BOUND_PARAMETERS / columnsPerRow));
}
