import { loadNodeConfig } from '../load-node-config';
import { ListenError, startNodeServer, type RunningServer } from '../start-node-server';
import type { CommandIo } from './command-io';
import { refuseArguments } from './refuse-arguments';
import { withConfig } from './with-config';

const usage = 'usage: earshot serve   (settings are EARSHOT_* environment variables: EARSHOT_PORT, EARSHOT_HOST, EARSHOT_DB…)\n';

/** Serves until SIGTERM/SIGINT, then lets a running job finish and closes the database. */
export async function run(args: string[], io: CommandIo): Promise<number> {
  const refused = refuseArguments('serve', args, io, usage);
  if (refused !== null) return refused;
  return withConfig(io, async () => {
    let server: RunningServer;
    try {
      server = await startNodeServer(loadNodeConfig(io.env));
    } catch (error) {
      if (!(error instanceof ListenError)) throw error;
      io.stderr.write(`earshot: ${error.message}\n`);
      return 1;
    }
    await new Promise<void>((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', resolve);
    });
    server.runtime.deps.log.info('shutting down');
    await server.stop();
    return 0;
  });
}
