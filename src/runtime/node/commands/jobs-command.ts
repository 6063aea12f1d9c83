import { runDueJobs } from '../../../../jobs/run-due-jobs';
import { buildNodeDeps } from '../build-node-deps';
import { loadNodeConfig } from '../load-node-config';
import type { CommandIo } from './command-io';
import { readOptions } from './read-options';
import { withConfig } from './with-config';

/**
 * `jobs --once [--force]`: one pass of crawl → detect → deliver, a JSON report on stdout.
 * Exit 0 when sources merely failed (they are recorded on the source); non-zero only on an internal error.
 */
export async function run(args: string[], io: CommandIo): Promise<number> {
  const read = readOptions(args, [], ['once', 'force']);
  if (!read.ok) {
    io.stderr.write(`jobs: ${read.error}\nusage: earshot jobs --once [--force]\n`);
    return 2;
  }
  const flags = read.flags;
  if (!flags.once) {
    io.stderr.write('jobs: only --once is supported here; `earshot serve` runs the jobs on their schedule\n');
    return 2;
  }
  return withConfig(io, async () => {
    const config = loadNodeConfig(io.env);
    const runtime = await buildNodeDeps(config, Date.now());
    try {
      const report = await runDueJobs(runtime.deps, Date.now(), { force: flags.force === true });
      io.stdout.write(JSON.stringify(report) + '\n');
      return 0;
    } finally {
      await runtime.close();
    }
  });
}
