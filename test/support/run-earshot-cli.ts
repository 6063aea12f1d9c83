// Runs the CLI as a child process (bin/earshot.mjs), asynchronously: a fixture server or a database
// connection in the test's own process must keep working meanwhile. Logs at error unless `env` says.
import { execFile } from 'node:child_process';

const root = new URL('../..', import.meta.url).pathname;

export function earshotCli(args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/earshot.mjs', ...args],
      { cwd: root, encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '', EARSHOT_LOG_LEVEL: 'error', ...env } },
      (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}
