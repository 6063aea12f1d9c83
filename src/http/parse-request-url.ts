/** An absolute URL or null: SafeFetch never resolves a relative request URL against anything. */
export function parseRequestUrl(input: string): URL | null {
  try {
    return new URL(input);
  } catch {
    return null;
  }
}
