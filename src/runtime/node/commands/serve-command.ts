import { loadNodeConfig } from '../load-node-config';
import { startNodeServer } from '../start-node-server';
import type { CommandIo } from './command-io';
import { withConfig } from './with-config';

/** Serves until SIGTERM/SIGINT, then lets a running job finish and closes the database. */
export async function run(_args: string[], io: CommandIo): Promise<number> {
  return withConfig(io, async () => {
    const server = await startNodeServer(loadNodeConfig(io.env));
    await new Promise<void>((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', resolve);
    });
    server.runtime.deps.log.info('shutting down');
    await server.stop();
    return 0;
  });
}
