import { loadNodeConfig } from '../load-node-config';
import { migrateNodeDatabase } from '../migrate-node-database';
import { openSqlite } from '../open-sqlite';
import type { CommandIo } from './command-io';
import { refuseArguments } from './refuse-arguments';
import { withConfig } from './with-config';

const usage = 'usage: earshot migrate   (the database is EARSHOT_DB)\n';

export async function run(args: string[], io: CommandIo): Promise<number> {
  const refused = refuseArguments('migrate', args, io, usage);
  if (refused !== null) return refused;
  return withConfig(io, async () => {
    const config = loadNodeConfig(io.env);
    const { db } = openSqlite(config.EARSHOT_DB);
    try {
      const result = await migrateNodeDatabase(db, Date.now());
      io.stdout.write(result.applied.length ? `applied: ${result.applied.join(', ')}\n` : 'database is up to date\n');
      if (result.recountedTopicIds.length) io.stdout.write(`story counts recounted for topics: ${result.recountedTopicIds.join(', ')}\n`);
      return 0;
    } finally {
      await db.destroy();
    }
  });
}
