/** Types for resolve-data-dir.mjs (plain JS so run-bench.mjs needs no TypeScript loader). */
export declare const REPO_ROOT: string;
export declare function resolveDataDir(): string;
