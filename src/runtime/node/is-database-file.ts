/** A database path that names a file on disk: not ':memory:' nor a 'file:' URI. */
export function isDatabaseFile(path: string): boolean {
  return path !== ':memory:' && !path.startsWith('file:');
}
