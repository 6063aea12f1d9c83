/**
 * Why a file could not be read, for a person: "ENOENT: no such file or directory", not "ENOENT" alone.
 * The path is named by the caller, so Node's trailing ", open '<path>'" is left off.
 */
export function describeReadError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return code ? message.replace(/, \w+ '.*'$/, '') : String(error);
}
